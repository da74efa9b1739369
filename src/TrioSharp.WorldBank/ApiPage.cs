using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TrioSharp.WorldBank;

/// <summary>One page of an API answer, <c>[meta, rows]</c>, or the API's error message.</summary>
/// <typeparam name="T">The record each row becomes.</typeparam>
/// <param name="Pages">How many pages the answer has (0 for the no-data answer).</param>
/// <param name="PerPage">How many rows a page holds.</param>
/// <param name="Rows">This page's rows.</param>
/// <param name="Message">The API's error, when it answered one instead of data.</param>
internal sealed record ApiPage<T>(int Pages, int PerPage, IReadOnlyList<T> Rows, ApiMessage? Message)
{
    /// <summary>Parses a body, turning anything but the API's JSON shapes into a <see cref="WorldBankException"/>.</summary>
    /// <param name="body">The body bytes.</param>
    /// <param name="url">The request, for error messages.</param>
    /// <param name="mediaType">The answer's media type, for error messages.</param>
    /// <param name="readRow">Maps one row; it may throw <see cref="KeyNotFoundException"/> or <see cref="InvalidOperationException"/> for a row of the wrong shape.</param>
    /// <exception cref="WorldBankException">HTML or XML, invalid JSON, or JSON of another shape.</exception>
    public static ApiPage<T> Parse(byte[] body, Uri url, string? mediaType, Func<JsonElement, T> readRow)
    {
        var start = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith('<'))
        {
            throw new WorldBankException(
                $"{url} answered {mediaType ?? "markup"} (HTML or XML) where JSON was expected; check that the address is the World Bank API's root (such as {WorldBankClientOptions.RealApi}).",
                url)
            { UnexpectedAnswer = true };
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return Read(document.RootElement, readRow);
        }
        catch (JsonException e)
        {
            throw new WorldBankException($"{url} answered something that is not valid JSON ({e.Message}).", url, e) { UnexpectedAnswer = true };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WorldBankException($"{url} answered JSON that is not the World Bank API's [meta, rows] shape ({e.Message}).", url, e) { UnexpectedAnswer = true };
        }
    }

    private static ApiPage<T> Read(JsonElement root, Func<JsonElement, T> readRow)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0 || root[0].ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("the body is not an array starting with an object");
        }

        var meta = root[0];
        if (meta.TryGetProperty("message", out var messages))
        {
            var first = messages[0];
            var key = first.TryGetProperty("key", out var k) ? k.GetString() : null;
            var value = first.TryGetProperty("value", out var v) ? v.GetString() : null;
            return new ApiPage<T>(0, 0, [], new ApiMessage(first.GetProperty("id").GetString() ?? "?", string.Join(": ", new[] { key, value }.Where(s => s is not null))));
        }

        var rows = new List<T>();
        if (root.GetArrayLength() > 1 && root[1].ValueKind == JsonValueKind.Array)
        {
            foreach (var row in root[1].EnumerateArray())
            {
                rows.Add(readRow(row));
            }
        }

        return new ApiPage<T>(Number(meta.GetProperty("pages")), Number(meta.GetProperty("per_page")), rows, null);
    }

    private static int Number(JsonElement element) =>
        // The country list sends per_page as a string, the indicator endpoints as a number.
        element.ValueKind == JsonValueKind.String
            ? int.Parse(element.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            : element.GetInt32();
}
