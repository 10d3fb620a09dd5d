using System.Runtime.InteropServices;

namespace HeartRateStreamer.Flash;

/// <summary>
/// Ctrl+C, a closed terminal or a plain kill during a run: the tool does not die at once, so the folder holding the Wi-Fi
/// password and the API key is deleted. The command under way (nanoff) is ended, and the run stops after it.
/// </summary>
internal sealed class Interruption : IDisposable
{
    // Far beyond the handler's usual delay (milliseconds), short beside the failure a person then reads.
    private static readonly TimeSpan s_signalGrace = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopped = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Interruption()
    {
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // This system has no such signal.
            }
        }
    }

    /// <summary>The registrations' handler.</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the run ends itself, through its finally blocks
        try
        {
            _stopped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // .NET may run a handler after its registration is disposed (a signal as the run ends, such as a second
            // Ctrl+C): the run is over, so nothing is left to stop, where the exception crashed it.
        }
    }

    /// <summary>Cancelled when a signal came: the command under way is ended.</summary>
    public CancellationToken Token => _stopped.Token;

    /// <summary>
    /// Waits a moment for a signal already sent: a terminal's Ctrl+C (or its closing) reaches nanoff too, which may end
    /// of it before this process has run its handler, and the run would then blame the board for the failed step.
    /// Called only after a command failed, so a run that goes on never waits.
    /// </summary>
    public void AwaitSignalAfterFailure() => _stopped.Token.WaitHandle.WaitOne(s_signalGrace);

    /// <exception cref="FlashException">A signal came: the run stops here.</exception>
    public void ThrowIfStopped(int step, string title)
    {
        if (_stopped.IsCancellationRequested)
        {
            throw new FlashException(ExitCodes.Interrupted,
                $"stopped during step {step} ({title}); the files holding the Wi-Fi password and the API key are deleted as it ends (a warning follows should one not be). "
                + "The board may hold part of this run: run the tool again to finish it.");
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stopped.Dispose();
    }
}
