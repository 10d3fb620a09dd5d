using HeartRateStreamer.PermissionTesting;
using HeartRateStreamer.StreamServer.LoadBenchmark;
using System.Diagnostics;
using Npgsql;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A throwaway PostgreSQL cluster for the tests: the Debian package's initdb and pg_ctl (build/setup.sh installs
/// them) make it in a temporary folder, started on a free loopback port with trust authentication, stopped and deleted
/// at the end. PostgreSQL refuses to run as root, so as root it runs as 'nobody' (<see cref="UnprivilegedUser"/>). One cluster serves every test of the
/// run (xUnit collection fixture); each test takes a database of its own (<see cref="NewDatabaseAsync"/>).</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Superuser = "postgres";
    private string _folder = "";
    private string _bin = "";
    private int _databases;

    public int Port { get; private set; }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the Debian package's PostgreSQL, and nobody as root
    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _folder = Directory.CreateTempSubdirectory("stream-server-postgres-").FullName;
        string data = Path.Combine(_folder, "data");
        UnprivilegedUser.Own(_folder);

        Port = LoopbackPort.Free();
        await RunPostgresToolAsync("initdb", ["-D", data, "-U", Superuser, "--auth=trust", "--no-sync", "-E", "UTF8", "--no-locale"]);
        // fsync off: the tests kill the stream server, never PostgreSQL, so its durability is not what they check.
        await RunPostgresToolAsync("pg_ctl", ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_folder} -c fsync=off -c full_page_writes=off"]);
    }

    /// <summary>A new, empty database; returns its --store address.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        string name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username={Superuser};Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"postgres://{Superuser}@127.0.0.1:{Port}/{name}";
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_folder, recursive: true);
    }

    private static string FindBinaries()
    {
        string? bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
                .Where(path => File.Exists(Path.Combine(path, "initdb"))).OrderByDescending(path => path, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run bash build/setup.sh, which installs the Debian package 'postgresql'.");
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_bin, tool)) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return RunAsync(UnprivilegedUser.RunProgram(start));
    }

    private async Task RunAsync(ProcessStartInfo start)
    {
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            string log = Path.Combine(_folder, "server.log");
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await output}{await error}"
                + (File.Exists(log) ? "\n" + await File.ReadAllTextAsync(log) : ""));
        }
    }
}

/// <summary>The tests that share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
