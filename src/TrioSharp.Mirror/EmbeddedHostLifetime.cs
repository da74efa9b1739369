using Microsoft.Extensions.Hosting;

namespace TrioSharp.Mirror;

/// <summary>
/// A host lifetime that leaves Ctrl+C and SIGTERM to the program that embeds the mirror.
/// </summary>
/// <remarks>
/// The default console lifetime takes those signals for itself, so the command around the mirror (and a seed or
/// tool running beside it) would never see them; the embedding program stops the mirror by disposing it.
/// </remarks>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
