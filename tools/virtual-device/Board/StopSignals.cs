using System.Runtime.InteropServices;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// Ctrl+C (SIGINT), Ctrl+\ (SIGQUIT) and SIGTERM (kill, timeout, systemd, docker stop) all end a real-time run the same
/// way: they set its stop, so the streams end with their last chunk, the embedded server stops and its temporary folder
/// goes, and the exit code is the run's. The process is not killed by the signal itself.
/// </summary>
/// <remarks>
/// SIGTERM used to be taken only by the embedded server's host (ASP.NET's console lifetime), which cancels the signal's
/// default and stops the host's application: the device streamed on into a stopped server until SIGKILL, and its
/// temporary folder stayed behind; `run`, with no host, died at once without ending its streams. A second signal while
/// the run is stopping changes nothing: the stop under way is bounded (the threads' join, the server's shutdown
/// timeout), and dying half-way would leave what the stop is there to clean up; it is acknowledged on stderr.
/// </remarks>
public sealed class StopSignals : IDisposable
{
    private static readonly PosixSignal[] s_signals = [PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM];

    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Sets <paramref name="stop"/> on each of the signals until disposed; a signal after the first is noted on <paramref name="error"/>.</summary>
    public StopSignals(ManualResetEventSlim stop, TextWriter error, string command)
    {
        foreach (PosixSignal signal in s_signals)
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true; // the run ends itself, through its finally blocks
                    try
                    {
                        if (stop.IsSet)
                        {
                            error.WriteLine($"{command}: {context.Signal} while stopping: the streams and the server are being ended, each within its own time limit.");
                            return;
                        }

                        stop.Set();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The run is over and its stop gone: the process is exiting anyway.
                    }
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // This system has no such signal.
            }
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
