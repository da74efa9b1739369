using System.Runtime.InteropServices;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) into a cancelled token for a command that runs a TrioSharp loop; a second
/// Ctrl+C ends the process at once, as usual.
/// </summary>
/// <remarks>
/// System.CommandLine installs its Ctrl+C handler only once an action has returned its task, and these actions run
/// their loop before they return; without this the first Ctrl+C would end the process with no clean-up.
/// </remarks>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _pressed;
    private readonly PosixSignalRegistration _registration;

    /// <summary>Starts listening; <see cref="Token"/> is also cancelled with <paramref name="outer"/>.</summary>
    public CtrlC(CancellationToken outer)
    {
        _pressed = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Cancelled by the first Ctrl+C (or by the token the command was given).</summary>
    public CancellationToken Token => _pressed.Token;

    /// <summary>Stops listening: Ctrl+C ends the process again.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        _pressed.Dispose();
    }

    private void OnSignal(PosixSignalContext signal)
    {
        if (_pressed.IsCancellationRequested)
        {
            return;
        }

        signal.Cancel = true;
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
