using System.Text.Json;
using TrioSharp.Hosting;

namespace TrioSharp.Samples.WebApi;

/// <summary>
/// <c>GET /ticks?count=&amp;intervalMs=</c>: three producers count down, each at its own pace, into one memory channel; the
/// request's task streams every value to the client as a JSON line the moment it arrives. Runs on the shared loop;
/// a client that disconnects cancels the producers.
/// </summary>
internal static class TickEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static void Map(WebApplication app) =>
        app.MapGet("/ticks", (HttpContext context, TrioLoop loop, int? count, int? intervalMs) =>
            loop.RunAsync(() => StreamAsync(context.Response, Math.Clamp(count ?? 5, 1, 1000), TimeSpan.FromMilliseconds(intervalMs ?? 100)), context.RequestAborted));

    private static async Task StreamAsync(HttpResponse response, int count, TimeSpan interval)
    {
        response.ContentType = "application/x-ndjson";
        var (sender, receiver) = MemoryChannel.Create<Tick>(0);
        await Nursery.RunAsync(async nursery =>
        {
            string[] producers = ["alpha", "beta", "gamma"];
            for (var i = 0; i < producers.Length; i++)
            {
                var name = producers[i];
                var pace = interval * (i + 1);
                var mine = sender.Clone();
                nursery.StartSoon(async () =>
                {
                    await using (mine)
                    {
                        for (var remaining = count - 1; remaining >= 0; remaining--)
                        {
                            await Trio.Sleep(pace);
                            await mine.SendAsync(new Tick(name, remaining, Trio.CurrentTime.TotalSeconds));
                        }
                    }
                });
            }

            // Only the clones stay open: the stream ends when the last producer closes its own.
            await sender.DisposeAsync();
            await foreach (var tick in receiver)
            {
                await response.WriteAsync(JsonSerializer.Serialize(tick, Json) + "\n", Trio.CurrentCancellationToken);
                await response.Body.FlushAsync(Trio.CurrentCancellationToken);
            }
        });
    }
}
