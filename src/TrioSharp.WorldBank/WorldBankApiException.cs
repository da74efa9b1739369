namespace TrioSharp.WorldBank;

/// <summary>
/// The API answered with its own error body, <c>[{"message":[{"id":"120","key":"Invalid value",...}]}]</c>
/// (sent with HTTP 200), and the client found which part of the request it rejects.
/// </summary>
public sealed class WorldBankApiException : WorldBankException
{
    /// <summary>Creates the exception for a rejected <paramref name="parameter"/> value.</summary>
    /// <param name="url">The request the API rejected.</param>
    /// <param name="parameter">What was rejected: <c>country</c> or <c>indicator</c>, or null when the client could not tell.</param>
    /// <param name="value">The rejected value, or null when the client could not tell.</param>
    /// <param name="messageId">The API's message id (<c>120</c>).</param>
    /// <param name="messageText">The API's message key and text.</param>
    public WorldBankApiException(Uri url, string? parameter, string? value, string messageId, string messageText)
        : base(Describe(parameter, value, messageId, messageText, url), url)
    {
        Parameter = parameter;
        Value = value;
        MessageId = messageId;
        MessageText = messageText;
    }

    /// <summary>What the API rejected: <c>country</c> or <c>indicator</c>, or null when the client could not tell.</summary>
    public string? Parameter { get; }

    /// <summary>The rejected country id or indicator, or null when the client could not tell.</summary>
    public string? Value { get; }

    /// <summary>The API's message id, such as <c>120</c>.</summary>
    public string MessageId { get; }

    /// <summary>The API's message key and text, such as <c>Invalid value: The provided parameter value is not valid</c>.</summary>
    public string MessageText { get; }

    private static string Describe(string? parameter, string? value, string messageId, string messageText, Uri url) =>
        parameter is null
            ? $"the World Bank API rejected {url} (message {messageId}: {messageText})."
            : $"the World Bank API does not know {parameter} '{value}' (message {messageId}: {messageText}).";
}
