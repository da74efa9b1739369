namespace TrioSharp;

/// <summary>A <see cref="TrioToken.RunSoon"/> callback: nobody waits for it, so an exception fails the run.</summary>
internal sealed class SoonWork(Action callback) : IExternalWork
{
    /// <inheritdoc/>
    public void Run(Runner runner)
    {
        try
        {
            callback();
        }
        catch (Exception e)
        {
            runner.FailFromCallback(e);
        }
    }

    /// <inheritdoc/>
    public void Refuse(Exception reason)
    {
        // Accepted before the run ended and never run: nobody waits for it (as a post to a finished loop).
    }
}
