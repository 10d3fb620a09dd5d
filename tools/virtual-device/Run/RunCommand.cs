using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Demo;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>
/// `run`: the virtual device (<see cref="DemoDevice"/>) streams to a plot that already exists on any server, with the
/// tokens given: a simulated MAX30102 (or a recording) through the device's own core code, in real time.
/// </summary>
public static class RunCommand
{
    /// <summary>Runs with the arguments after "run"; returns 0, 2 for bad input, 1 when every stream was stopped, 3 on a stall.</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        RunOptions options;
        try
        {
            options = RunOptions.Parse(arguments);
        }
        catch (InputException e)
        {
            error.WriteLine("run: " + e.Message);
            error.WriteLine(RunOptions.Usage);
            return Program.UsageExitCode;
        }

        if (options.Help)
        {
            output.WriteLine(RunOptions.Usage);
            return 0;
        }

        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;  // end the streams properly instead of dying
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return Stream(options, stop, output);
        }
        catch (InputException e)
        {
            error.WriteLine("run: " + e.Message);
            return Program.UsageExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Stream(RunOptions options, ManualResetEventSlim stop, TextWriter output)
    {
        var clock = new SystemClock();
        var log = new RunLog(output, clock);
        var tokens = new PlotTokens(options.Token, options.HeartRateToken, options.OxygenSaturationToken);
        using var device = new DemoDevice(options.Device, options.Server, tokens, clock, FaultScript.None, log.Line);
        log.Line($"streaming {options.Device.Describe()} to {options.Server}"
            + $" ({string.Join(", ", device.Streams.Select(s => s.Name + " → " + s.Token))}){(options.Duration is TimeSpan d ? $" for {d.TotalSeconds:0.#} s" : "; Ctrl+C ends")}");
        return RealTimeLoop.Run(device, options.Duration, stop, log);
    }
}
