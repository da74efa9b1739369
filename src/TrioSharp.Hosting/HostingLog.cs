using Microsoft.Extensions.Logging;

namespace TrioSharp.Hosting;

/// <summary>The hosting package's log messages.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "TrioSharp background service {Service} failed; the loop and the other services go on.")]
    internal static partial void BackgroundServiceFailed(ILogger logger, string service, Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The host stopped the TrioSharp loop with {InFlight} submitted tasks still running after the grace period; they were cancelled.")]
    internal static partial void GracePeriodEnded(ILogger logger, int inFlight);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The host's shutdown time-out ran out before the TrioSharp loop had finished: its work in flight is being cancelled now, and the host no longer waits for it. A task that ignores cancellation (a Trio.ToThreadAsync that waits for its thread, a wait on outside work without the scope's token) may outlive the host.")]
    internal static partial void LoopDidNotStop(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "The TrioSharp loop failed; submitted work is refused from now on.")]
    internal static partial void LoopFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "The TrioSharp loop ended before the host stopped it; submitted work is refused from now on.")]
    internal static partial void LoopEndedEarly(ILogger logger);
}
