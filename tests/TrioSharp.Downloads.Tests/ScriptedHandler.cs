using System.Net;

namespace TrioSharp.Downloads.Tests;

/// <summary>
/// Answers requests in-process by a script, on the loop's thread: a script that awaits <see cref="Trio.Sleep(double)"/>
/// takes virtual time, so retries, limits and time-outs run on the virtual clock with exact times.
/// </summary>
internal sealed class ScriptedHandler(Func<HttpRequestMessage, int, Task<HttpResponseMessage>> script) : HttpMessageHandler
{
    private readonly Dictionary<string, int> _counts = [];

    public List<HttpRequestMessage> Requests { get; } = [];

    public int InFlight { get; private set; }

    public int MaxInFlight { get; private set; }

    public static HttpResponseMessage Ok(byte[] body, string etag = "\"v1\"")
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Headers.ETag = System.Net.Http.Headers.EntityTagHeaderValue.Parse(etag);
        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        var count = _counts[url] = _counts.GetValueOrDefault(url) + 1;
        Requests.Add(request);
        InFlight++;
        MaxInFlight = Math.Max(MaxInFlight, InFlight);
        try
        {
            return await script(request, count);
        }
        finally
        {
            InFlight--;
        }
    }
}
