namespace TrioSharp.WorldBank;

/// <summary>The API's own error, <c>{"id":"120","key":"Invalid value","value":"..."}</c>, sent with HTTP 200.</summary>
/// <param name="Id">The message id.</param>
/// <param name="Text">The key and value joined, for error messages.</param>
internal sealed record ApiMessage(string Id, string Text);
