using System.Diagnostics;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Issue 13, item 5, as a supervisor sees it: the program (not the in-process host) exits with the
/// documented code and one line on stderr, and never with a stack trace or abort (134).</summary>
public sealed class StartupExitCodeTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task ADataFolderThatIsAFileExitsWith3AndOneLine()
    {
        string file = Path.Combine(_data, "plain-file");
        await File.WriteAllTextAsync(file, "");

        (int code, string error) = await RunServerAsync("--data", file);

        Assert.Equal(ExitCodes.DataFolderUnusable, code);
        Assert.Equal($"The data folder {file} is a file, not a folder: move that file away or give another folder with --data.", error.TrimEnd('\n'));
    }

    [Fact]
    public async Task ADatabaseThatIsNotSqliteExitsWith4AndOneLine()
    {
        string database = StoredDatabase.PathIn(_data);
        await File.WriteAllTextAsync(database, new string('x', 8192));

        (int code, string error) = await RunServerAsync("--data", _data);

        Assert.Equal(ExitCodes.DatabaseUnusable, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"The database {database} is not an SQLite database", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> RunServerAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(StreamServerHost).Assembly.Location);
        foreach (string arg in args.Concat(["--urls", "http://127.0.0.1:0", "--https-port", "none"]))
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, error);
    }
}
