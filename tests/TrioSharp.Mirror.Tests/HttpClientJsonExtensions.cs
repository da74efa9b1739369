using System.Net;
using System.Text.Json;

namespace TrioSharp.Mirror.Tests;

internal static class HttpClientJsonExtensions
{
    /// <summary>GETs a World Bank URL that must answer JSON with 200, and parses the body.</summary>
    public static async Task<JsonDocument> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
    }
}
