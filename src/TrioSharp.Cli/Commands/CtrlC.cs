using System.Runtime.InteropServices;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Turns the first Ctrl+C (SIGINT), and optionally SIGTERM, into a cancelled token for a command that runs a
/// TrioSharp loop; a second signal ends the process at once, as usual.
/// </summary>
/// <remarks>
/// System.CommandLine installs its Ctrl+C handler only once an action has returned its task, and these actions run
/// their loop before they return; without this the first Ctrl+C would end the process with no clean-up.
/// </remarks>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _pressed;
    private readonly PosixSignalRegistration _registration;
    private readonly PosixSignalRegistration? _terminate;

    /// <summary>Starts listening; <see cref="Token"/> is also cancelled with <paramref name="outer"/>.</summary>
    /// <param name="outer">The command's own token.</param>
    /// <param name="alsoSigterm">Treat SIGTERM (<c>kill</c>, a service manager stopping it) like Ctrl+C.</param>
    public CtrlC(CancellationToken outer, bool alsoSigterm = false)
    {
        _pressed = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = alsoSigterm ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal) : null;
    }

    /// <summary>Cancelled by the first Ctrl+C (or by the token the command was given).</summary>
    public CancellationToken Token => _pressed.Token;

    /// <summary>The signal that cancelled <see cref="Token"/>, or null if none did (not yet, or the command's token did).</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>The exit code shells report for the signal that cancelled the command: 128 + its number (130 for SIGINT, 143 for SIGTERM).</summary>
    public int ExitCode => Signal == PosixSignal.SIGTERM ? Commands.ExitCode.Terminated : Commands.ExitCode.Interrupted;

    /// <summary>Stops listening: Ctrl+C ends the process again.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        _terminate?.Dispose();
        _pressed.Dispose();
    }

    private void OnSignal(PosixSignalContext signal)
    {
        if (_pressed.IsCancellationRequested)
        {
            return;
        }

        signal.Cancel = true;
        Signal = signal.Signal;
        try
        {
            _pressed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command finished while the signal was being delivered; there is nothing left to cancel.
        }
    }
}
