using Microsoft.Extensions.Options;

namespace TrioSharp.Samples.WebApi;

/// <summary>
/// <c>GET /quote</c>: asks three backends at once, in a nursery on a loop of its own (<c>Trio.RunAsync</c> per
/// request), and answers with what came back before the per-request deadline. A client that disconnects cancels the
/// three calls. <c>GET /backends/{name}?delayMs=</c> are simulated backends for running the sample alone.
/// </summary>
internal static class QuoteEndpoints
{
    internal static void Map(WebApplication app)
    {
        app.MapGet("/quote", (HttpContext context, IHttpClientFactory clients, IOptions<QuoteOptions> options, int? deadlineMs) =>
        {
            var backends = options.Value.Backends.Count > 0 ? options.Value.Backends : SimulatedBackends(context.Request);
            var deadline = TimeSpan.FromMilliseconds(deadlineMs ?? options.Value.DeadlineMs);
            var http = clients.CreateClient();

            // The request's own loop; RequestAborted cancels all of it.
            return Trio.RunAsync(() => FetchAsync(http, backends, deadline), new TrioRunOptions { Cancellation = context.RequestAborted });
        });

        app.MapGet("/backends/{name}", async (string name, int? delayMs, CancellationToken aborted) =>
        {
            await Task.Delay(delayMs ?? 0, aborted);
            return $"{name}: {name.Length * 10.25:F2}";
        });
    }

    private static async Task<QuoteReply> FetchAsync(HttpClient http, List<Uri> backends, TimeSpan deadline)
    {
        var quotes = backends.Select(backend => new Quote(backend, "timed out", null)).ToArray();
        var scope = await Trio.MoveOnAfter(deadline, () => Nursery.RunAsync(nursery =>
        {
            for (var i = 0; i < backends.Count; i++)
            {
                var index = i;
                nursery.StartSoon(async () =>
                {
                    try
                    {
                        // The scope's token: the deadline or a disconnect cancels the HTTP call itself.
                        var body = await http.GetStringAsync(backends[index], Trio.CurrentCancellationToken);
                        quotes[index] = quotes[index] with { Status = "ok", Body = body };
                    }
                    catch (HttpRequestException e)
                    {
                        // One backend failing is an answer, not a reason to cancel the other two.
                        quotes[index] = quotes[index] with { Status = "failed", Body = e.Message };
                    }
                });
            }

            return Task.CompletedTask;
        }));
        return new QuoteReply(quotes, scope.CancelledCaught);
    }

    private static List<Uri> SimulatedBackends(HttpRequest request)
    {
        var self = new Uri($"{request.Scheme}://{request.Host}");
        return [new(self, "/backends/alpha?delayMs=50"), new(self, "/backends/beta?delayMs=150"), new(self, "/backends/gamma?delayMs=2000")];
    }
}
