using System.Security.Cryptography;
using System.Text;
using TrioSharp.Hosting;

namespace TrioSharp.Samples.WebApi;

/// <summary>
/// <c>GET /digest/{text}?rounds=</c>: CPU-bound work on a worker thread (<c>Trio.ToThreadAsync</c>), at most
/// <c>Digests:MaxConcurrency</c> at once across every request, through one <see cref="CapacityLimiter"/> singleton used on the
/// host's shared loop. <c>GET /digest/stats</c> shows the limiter.
/// </summary>
internal static class DigestEndpoints
{
    internal static void Map(WebApplication app)
    {
        app.MapGet("/digest/stats", (HttpContext context, TrioLoop loop, CapacityLimiter limiter) =>
            loop.RunAsync(
                () =>
                {
                    var statistics = limiter.Statistics;
                    return Task.FromResult(new { statistics.BorrowedTokens, statistics.TotalTokens, statistics.TasksWaiting });
                },
                context.RequestAborted));

        app.MapGet("/digest/{text}", (string text, int? rounds, HttpContext context, TrioLoop loop, CapacityLimiter limiter) =>
        {
            var count = Math.Clamp(rounds ?? 10_000, 1, 1_000_000);
            return loop.RunAsync(
                async () => new Digest(text, count, await Trio.ToThreadAsync(() => Compute(text, count), abandonOnCancel: true, limiter)),
                context.RequestAborted);
        });
    }

    /// <summary>The iterated SHA-256 of <paramref name="text"/>, in lower-case hex.</summary>
    internal static string Compute(string text, int rounds)
    {
        var hash = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < rounds; i++)
        {
            hash = SHA256.HashData(hash);
        }

        return Convert.ToHexStringLower(hash);
    }
}
