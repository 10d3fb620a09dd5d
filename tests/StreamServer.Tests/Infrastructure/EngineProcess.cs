using System.Diagnostics;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>An engine the tests run in the foreground (no daemon, no system service): its output is kept for the failure
/// message, and it is killed and waited for at the end.</summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();

    private EngineProcess(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join("\n", _output);
            }
        }
    }

    public static EngineProcess Start(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var engine = new EngineProcess(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start"));
        engine._process.OutputDataReceived += (_, line) => engine.Keep(line.Data);
        engine._process.ErrorDataReceived += (_, line) => engine.Keep(line.Data);
        engine._process.BeginOutputReadLine();
        engine._process.BeginErrorReadLine();
        return engine;
    }

    /// <summary>Waits until <paramref name="port"/> on 127.0.0.1 accepts connections; fails with the engine's output when it
    /// exits first or takes longer than 30 s.</summary>
    public async Task WaitForPortAsync(int port, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited with {_process.ExitCode} before listening on port {port}:\n{Output}");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"{what} did not listen on port {port} within 30 s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
