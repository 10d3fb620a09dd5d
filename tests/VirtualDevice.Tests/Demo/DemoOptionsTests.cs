using System.Text.RegularExpressions;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Demo;
using HeartRateStreamer.VirtualDevice.Run;

namespace HeartRateStreamer.VirtualDevice.Tests.Demo;

/// <summary>The default command's options through the dispatcher: mistakes are named with exit code 2, before any server starts.</summary>
public sealed class DemoOptionsTests
{
    // A walk-through found a key or token typed after a misspelt option printed back whole ("Unrecognized command or
    // argument 'SECRET'"), as the stream server did: the words the tool does not know are shown by the PC tools' one rule
    // (UnknownWords), an option without its joined value and any other word only counted.
    [Theory]
    [InlineData("Unrecognized command or argument '--kye'. 1 word is neither an option nor an option's value; not shown, in case of a token or an API key. "
        + "Did you mean --key for --kye?", "--server", "http://127.0.0.1:9", "--user", "bob", "--kye", "SECRETKEY123")]
    [InlineData("Unrecognized command or argument '--kye=...'. Did you mean --key for --kye?", "--kye=SECRETKEY123")]
    [InlineData("Unrecognized command or argument '--tokn'. 1 word is neither an option nor an option's value; not shown, in case of a token or an API key. "
        + "Did you mean --token for --tokn?", "run", "--server", "http://127.0.0.1:9", "--tokn", "SECRETKEY123")]
    public void AValueAfterAMisspeltOptionIsNotPrintedBack(string expected, params string[] arguments)
    {
        CommandRun run = CommandRun.Of(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("SECRETKEY123", run.Error + run.Output);
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("Unrecognized command or argument '--sensr'. 1 word is neither an option nor an option's value; not shown, in case of a token or an API key. "
        + "Did you mean --sensor for --sensr?", "--sensr", "analog")]
    [InlineData("Unrecognized command or argument '--sensr=...'. Did you mean --sensor for --sensr?", "--sensr=analog")] // had no guess
    [InlineData("Unrecognized command or argument '--sensr:...'. Did you mean --sensor for --sensr?", "--sensr:analog")]
    [InlineData("--sensor 'ecg': \"ecg\" is", "--sensor", "ecg")]
    [InlineData("--bpm '500' must be a number from 30 to 240.", "--bpm", "500")]
    [InlineData("Required argument missing for option: '--duration'", "--duration")]
    [InlineData("--duration 'NaN' must be a number from 0.1 to 604800: seconds", "--duration", "NaN")]
    [InlineData("--bpm 'NaN' must be a number from 30 to 240.", "--bpm", "NaN", "--duration", "1")]
    [InlineData("--network-down 'nan' must be a number from 1 to 86400.", "--network-down", "nan", "--duration", "1")]
    [InlineData("--duration 'Infinity' must be a number from 0.1 to 604800: seconds", "--duration", "Infinity")]
    [InlineData("--server needs --user NAME and --key KEY", "--server", "http://127.0.0.1:9")]
    [InlineData("--user and --key are for an external --server", "--user", "alice", "--key", "k")]
    [InlineData("--network-down puts 'network down' from 20 to 23 s after the start, but --duration 10 ends the run before it is over: give --duration more than 23",
        "--network-down", "3", "--duration", "10")]
    [InlineData("--faults puts 'sensor not answering' from 80 to 85 s after the start, but --duration 60 ends the run before it is over",
        "--faults", "--duration", "60")]
    [InlineData("--faults puts 'sensor not answering' from 80 to 85 s after the start, but --duration 85 ends", "--faults", "--duration", "85")]
    [InlineData("give --duration more than 85 (and about 10 s more to see the device recover), or", "--faults", "--duration", "60")] // was "a few seconds": at 90 s no heart rate yet (back at 93)
    [InlineData("--network-down puts 'network down' from 20 to 120 s after the start, but --duration 110", "--faults", "--network-down", "100", "--duration", "110")]
    [InlineData("--faults puts 'finger lifted' from 50 to 60 s after the start, but --duration 60", "--sensor", "analog", "--faults", "--duration", "60")]
    public void AMistakeIsNamedWithExitCodeTwo(string expected, params string[] arguments)
    {
        CommandRun run = CommandRun.Of(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Contains("Usage:\n  virtual-device [command] [options]", run.Error.ReplaceLineEndings("\n"));
        Assert.Contains("--sensor <max30102|analog>", run.Error);
    }

    [Theory]
    [InlineData("--sensor", "ecg")]
    [InlineData("run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--sensor", "ecg")]
    public void AnUnknownSensorIsRefusedWithoutTheBoardsUsingTheDefault(params string[] arguments)
    {
        CommandRun run = CommandRun.Of(arguments);

        // The firmware's warning goes on "Using the default "max30102"." (a board carries on); the command stops instead.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--sensor 'ecg': \"ecg\" is not a sensor the firmware drives; allowed: \"max30102\" or \"analog\".\n", run.Error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Using the default", run.Error);
        Assert.DoesNotContain("the default is used", run.Error);
    }

    [Theory]
    [InlineData("--faults", "--duration", "86")]
    [InlineData("--network-down", "3", "--duration", "24")]
    [InlineData("--network-down", "3")] // until Ctrl+C
    [InlineData("--sensor", "analog", "--faults", "--duration", "61")] // an ADC never stops answering: no fault at 80 s
    [InlineData("--source", "RECORDING", "--faults", "--duration", "36")] // a recording gets only the network drop, 20-35 s
    public void FaultsOverBeforeTheRunEndsAreTaken(params string[] arguments)
    {
        using var files = new TemporaryFiles();
        string recording = files.Write("recording.csv", "time,ir\n0,1000\n10,1010\n20,1000\n");
        DemoOptions options = DemoOptions.Parse([.. arguments.Select(argument => argument == "RECORDING" ? recording : argument)]);
        var clock = new SystemClock();
        DeviceSettings settings = options.Configuration.Set(ConfigurationKeys.ServerUrl, "http://127.0.0.1:9", "test").Load(clock, new TextLogOutput(TextWriter.Null));

        FaultScript happening = options.Faults.For(new SensorWorld(options.Scene, clock), settings);

        options.RefuseFaultsAfterTheEnd(happening);
        Assert.Contains(happening.All, window => window.DurationMilliseconds > 0);
    }

    [Fact]
    public void AFractionalBpmIsTakenAsItIsAndTheHelpSaysSo()
    {
        // The synthetic PPG's rate is a real number; the help and README used to say only "--bpm N".
        Assert.Equal(72.5, DemoOptions.Parse(["--bpm", "72.5"]).Scene.BeatsPerMinute);
        Assert.Equal(72.5, RunOptions.Parse(["--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--bpm", "72.5"]).Scene.BeatsPerMinute);
        foreach (string[] help in new[] { new[] { "--help" }, new[] { "run", "--help" } })
        {
            CommandRun run = CommandRun.Of(help);
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("decimals are taken as they are (72.5)", Regex.Replace(run.Output, @"\s+", " "));
        }
    }

    [Theory]
    [InlineData("http://admin:s3cret@127.0.0.1:9")]
    [InlineData("ftp://admin:s3cret@127.0.0.1:9")]
    [InlineData("http://admin:s3cret@127.0.0.1:9/path")]
    public void AServerAddressWithAPasswordIsRefusedWithoutPrintingIt(string url)
    {
        CommandRun run = CommandRun.Of("--server", url, "--user", "alice", "--key", "k");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--server is not a server address: The server address has a user name or password before '@'", run.Error);
        Assert.DoesNotContain("s3cret", run.Error + run.Output);
    }

    [Fact]
    public void HelpDescribesTheWholeSystemAndSucceeds()
    {
        CommandRun run = CommandRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--faults", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void AnExternalServerThatIsNotThereIsNamed()
    {
        // Port 9 (discard) on loopback: nothing listens, so the plot cannot be created and the run stops at once.
        CommandRun run = CommandRun.Of("--server", "http://127.0.0.1:9", "--user", "alice", "--key", "k", "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("creating the plot at http://127.0.0.1:9/clientresp failed", run.Error);
    }

    [Fact]
    public async Task AWrongKeyOnAnExternalServerPointsAtTheKey()
    {
        // Before: "HTTP 401: ... the key is wrong ...; check --server and that the server runs", which had answered.
        var server = new EndToEnd.EmbeddedServer();
        await server.InitializeAsync();
        try
        {
            CommandRun run = CommandRun.Of("--server", server.Host.HttpBaseUrl.ToString(), "--user", StreamServer.Hosting.StreamServerHost.DemoUser,
                "--key", "not-the-demo-key-0123", "--duration", "1");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("HTTP 401", run.Error);
            Assert.Contains("check that the server runs at --server and takes --user and --key.", run.Error);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    // The embedded server used to be blamed on --server, --user and --key, which were never given. It is started with the
    // device's account moments before, and nothing real makes it refuse the plot (the firmware's limits are the server's),
    // so the advice is tested where it is chosen; the external server's runs whole above.
    [Fact]
    public void WithoutAPlotFromTheEmbeddedServerTheRunAsksForADefectReportNotForServerOptions()
    {
        string message = DemoCommand.NoPlot("HTTP 500: the database did not answer.", externalServer: false);

        Assert.StartsWith("HTTP 500: the database did not answer; the embedded stream server made no plot, which is a defect", message);
        Assert.Contains("please report it with the command line, everything this run printed and the file given to --config", message);
        Assert.DoesNotContain("--server", message);
        Assert.DoesNotContain("--user", message);
        Assert.DoesNotContain("--key", message);
    }

    [Fact]
    public void WithoutAPlotFromAnExternalServerTheRunPointsAtItsOptions()
    {
        Assert.Equal("no plot within 30 s; check that the server runs at --server and takes --user and --key.",
            DemoCommand.NoPlot("no plot within 30 s", externalServer: true));
    }

    [Theory]
    [InlineData("--bpm sets the synthetic pulse's rate; a recording has its own pulse", "--bpm", "100")]
    [InlineData("--bpm sets the synthetic pulse's rate; a recording has its own pulse", "run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--bpm", "100")]
    [InlineData("--no-finger applies to the synthetic source only; a recording has its own finger.", "run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--no-finger")]
    public void ASyntheticFingersOptionIsRefusedWithARecordingRatherThanIgnored(string expected, params string[] arguments)
    {
        // --bpm with --source FILE.csv used to be taken and ignored: the run played the recording's own pulse.
        using var files = new TemporaryFiles();
        string recording = files.Write("recording.csv", "time,ir,red\n0,100000,80000\n10,100001,80001\n");

        CommandRun run = CommandRun.Of([.. arguments, "--source", recording]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }
}
