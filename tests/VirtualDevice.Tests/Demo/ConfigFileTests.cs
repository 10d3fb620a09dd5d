using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Tests.Demo;

/// <summary>
/// The virtual device configured like the board: the device.json the flash tool deploys, read by the firmware's own
/// <c>ConfigurationReader</c>, so a broken file gets the firmware's messages (and exit code 2 instead of a retry loop).
/// </summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    [Fact]
    public void TheExampleDeviceJsonStreamsToTheEmbeddedServer()
    {
        CommandRun run = CommandRun.Of("--config", Repository.File("tools/flash/device.example.json"), "--duration", "3");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.Contains("Plot: creating 'heart-rate' for demo", run.Output);
        Assert.Contains("plot: http://127.0.0.1:", run.Output);
        Assert.Contains("Stream pulse: connected to http://127.0.0.1:", run.Output);
        Assert.Contains("Stream pulse: ended with the last chunk; the server answered 200 OK", run.Output);
    }

    [Fact]
    public void AFileWithoutAPulseTokenStopsWithTheFirmwaresErrorLine()
    {
        string file = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", "maxPoints": 20000 } }""");

        CommandRun run = CommandRun.Of("--config", file, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ERROR server.pulseToken: is missing", run.Error);
        Assert.Contains("Correct device.json as the lines above say (a key, or the JSON itself)", run.Error);
    }

    [Theory]
    [InlineData("""{ "server": { "url": "http://192.168.1.20:8080", "pulsToken": "pulse-token-1" } }""", "ERROR server.pulseToken: is missing",
        "Correct device.json as the lines above say")] // a mistyped key
    [InlineData("""{ "server": { "url": "ftp://192.168.1.20", "pulseToken": "pulse-token-1" } }""", "ERROR server.url:", "Correct device.json as the lines above say")]
    [InlineData("""{ "server": { "url": "http://192.168.1.20:8080", } """, "is not valid JSON at line 1", "Check device.json for a missing comma, quote or brace.")]
    [InlineData(null, ": no such file", "give the device.json the flash tool deploys")]
    public void AFilesProblemIsSaidWithWhatToDoAndWithoutTheUsage(string? content, string expected, string advice)
    {
        // The usage is for a mistyped command line: after the firmware's words on a file's content it buried them.
        string file = content != null ? _files.Write("device.json", content) : Path.Combine(_files.Directory, "missing.json");

        foreach (string[] command in (string[][])[[], ["run"]])
        {
            CommandRun run = CommandRun.Of([.. command, "--config", file, "--duration", "1"]);

            Assert.True(run.ExitCode == 2, $"{string.Join(' ', command)}: exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
            Assert.Contains(expected, run.Error);
            Assert.Contains(advice, run.Error);
            Assert.DoesNotContain("Usage:", run.Error);
            Assert.DoesNotContain("Options:", run.Error);
        }
    }

    // A file whose reading fails (the kernel's EIO) is said in the same words as a recording's (OptionValues.ReadUserFile).
    [Fact]
    public void AFileWhoseReadingFailsIsSaidAsARecordingsIs()
    {
        foreach (string[] command in (string[][])[[], ["run"]])
        {
            CommandRun run = CommandRun.Of([.. command, "--config", "/proc/self/mem", "--duration", "1"]);

            Assert.True(run.ExitCode == 2, $"{string.Join(' ', command)}: exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
            Assert.Contains("/proc/self/mem could not be read (Input/output error", run.Error);
            Assert.Contains("): give an ordinary file.", run.Error);
            Assert.DoesNotContain("Usage:", run.Error);
        }
    }

    [Fact]
    public void AMistakeOnTheCommandLineBesideAFileStillShowsTheUsage()
    {
        string file = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", "pulseToken": "pulse-token-1" } }""");

        foreach (string[] command in (string[][])[[], ["run"]])
        {
            CommandRun run = CommandRun.Of([.. command, "--config", file, "--duration", "0"]);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("--duration '0' must be a number from", run.Error);
            Assert.Contains("Usage:", run.Error);
        }
    }

    [Fact]
    public void RunNamesAnIpv6ServerAsTheFirmwareDoes()
    {
        string file = _files.Write("device.json", """{ "server": { "url": "http://[::1]:8080", "pulseToken": "pulse-token-1" } }""");

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ERROR server.url:", run.Error);
        Assert.Contains("IPv6", run.Error);
    }

    [Fact]
    public void AMistypedCaCertificateKeyIsNamedWithTheKeyMeantAsTheFlashToolNamesIt()
    {
        // server.caCertificateFile is read by the PC tools, not the board: its "Did you mean" comes from DeviceJson's reader.
        string file = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", "pulseToken": "pulse-token-1", "caCertficateFile": "ca.pem" } }""");
        var output = new StringWriter();

        new DeviceConfiguration(file).Load(new SystemClock(), new TextLogOutput(output));

        Assert.Contains("server.caCertficateFile: is not a key the firmware knows. Did you mean server.caCertificateFile?", output.ToString());
    }

    [Fact]
    public void AFileThatIsNotJsonIsNamed()
    {
        string file = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", } """);

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not valid JSON", run.Error);
    }

    [Fact]
    public void AFileNotInUtf8IsRefusedAsTheFlashToolRefusesIt()
    {
        // "Café" as an editor's "ANSI" (Windows-1252) saves it: read leniently, the virtual board joined a network named
        // "Caf\uFFFD" that the flash tool would never have deployed.
        string file = _files.Write("device.json", "");
        File.WriteAllBytes(file, [.. "{ \"wifi\": { \"ssid\": \"Caf"u8, 0xE9, .. "\" },\n  \"server\": { \"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\" } }"u8]);

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 1 holds the byte 0xE9, which is not UTF-8", run.Error);
    }

    [Fact]
    public void AKeyGivenTwiceIsRefusedAsTheBoardRefusesIt()
    {
        string file = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", "pulseToken": "pulse-token-a", "pulseToken": "pulse-token-b" } }""");

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("server.pulseToken appears twice", run.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("--sensor", "max30102")]
    public void AWholeNumberBeyondTheBoardsParserIsRefusedWithItsKey(params string[] command)
    {
        // The board's parser throws for it and refuses the file; System.Text.Json's GetInt64 used to throw here too.
        string file = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", "pulseToken": "pulse-token-1", "maxPoints": 99999999999999999999 } }""");

        CommandRun run = CommandRun.Of([.. command, "--config", file, "--duration", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("server.maxPoints is 99999999999999999999, beyond the whole numbers its JSON parser can hold", run.Error);
    }

    [Fact]
    public void AWarningLeavesTheDefaultAndSaysSo()
    {
        string file = _files.Write("device.json", """{ "server": { "pulseToken": "pulse-token-1", "maxPoints": 20000 } }""");

        // 5 s, not 1: the demo exits 4 when no stream reached its server within the run, which a loaded machine's start-up
        // can take more than a second to do (seen once in a few runs beside parallel builds).
        CommandRun run = CommandRun.Of("--config", file, "--duration", "5");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.Matches(BoardLine("Configuration: WARNING server.maxPoints: "), run.Output);
    }

    [Fact]
    public void RunLogsTheFilesLinesAsTheBoardLogsThemBeforeStarting()
    {
        string file = _files.Write("device.json", """{ "server": { "url": "http://127.0.0.1:9", "pulseToken": "pulse-token-1", "maxPoints": 20000 } }""");

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        // Nothing listens at port 9: the run says so with exit code 4; the file's lines are what this test reads.
        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.Matches(BoardLine("Configuration: reading " + file), run.Output);
        Assert.Matches(BoardLine("Configuration: WARNING server.maxPoints: 20000 is out of range"), run.Output);
        Assert.True(run.Output.IndexOf("WARNING server.maxPoints", StringComparison.Ordinal) < run.Output.IndexOf("HeartRateStreamer 1.0 starting.", StringComparison.Ordinal),
            "the file is read before the device starts");
    }

    [Fact]
    public void TheFlashToolsCaCertificateKeyIsNoWarning()
    {
        _files.Write("server-ca.pem", SelfSignedCertificatePem());
        string file = _files.Write("device.json", """{ "server": { "url": "http://127.0.0.1:9", "pulseToken": "pulse-token-1", "caCertificateFile": "server-ca.pem" } }""");

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        // Nothing listens at port 9 (exit code 4); the file was accepted, without a warning.
        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.DoesNotContain("caCertificateFile", run.Output);
    }

    [Fact]
    public void ACaCertificateFileTheFlashToolWouldRefuseStopsWithItsWords()
    {
        _files.Write("server-ca.der", "\u0030\u0082 not PEM");
        string file = _files.Write("device.json", """{ "server": { "url": "https://127.0.0.1:9", "pulseToken": "pulse-token-1", "caCertificateFile": "server-ca.der" } }""");

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("server.caCertificateFile \"server-ca.der\" holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the server's CA "
            + "certificate as PEM (from DER: openssl x509 -inform der -in ca.der -out ca.pem).", run.Error);
    }

    private static string SelfSignedCertificatePem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddDays(1));
        return certificate.ExportCertificatePem();
    }

    // A line of the device's log: "[    12.3 s] " and the text.
    private static string BoardLine(string text) => @"\[\s*\d+\.\d s\] " + System.Text.RegularExpressions.Regex.Escape(text);

    public void Dispose() => _files.Dispose();
}
