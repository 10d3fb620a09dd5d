using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Run;

/// <summary>
/// `run`: the firmware's own device on a <see cref="VirtualBoard"/>, configured like a board (device.json, or options
/// that stand for its keys), streaming in real time to any server.
/// </summary>
public static class RunCommand
{
    /// <summary>Runs with the arguments after "run"; returns 0, 2 for bad input, 1 when every stream was stopped, 3 on a reboot, 4 when no stream reached the server.</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        RunOptions options;
        DeviceSettings settings;
        var clock = new SystemClock();
        var log = new TextLogOutput(output);
        SensorWorld world;
        try
        {
            options = RunOptions.Parse(arguments);
            if (options.Help)
            {
                output.WriteLine(RunOptions.Usage);
                return 0;
            }

            world = new SensorWorld(options.Scene, clock);
            settings = world.Adjust(options.Configuration).Load(clock, log);
            world.CheckSensor(settings.Sensor, options.Configuration.OptionFor(ConfigurationKeys.SensorType));
        }
        catch (InputException e)
        {
            return OptionValues.Refuse(e, "run", RunOptions.Definition, error);
        }

        using var stop = new ManualResetEventSlim();
        // Ctrl+C and SIGTERM alike: end the streams properly instead of dying.
        using var signals = new StopSignals(stop, error, "run");
        try
        {
            FaultScript faults = FaultScript.None.For(world, settings);
            X509Certificate2Collection? serverCa = options.Configuration.CertificateAuthority?.Certificates();
            return RealTimeRun.Run(threads => new VirtualDeviceRun(settings, world, faults, clock, threads, threads.LogUntilStopped(log)) { Board = { TrustedAuthorities = serverCa } },
                options.Duration, stop);
        }
        catch (InputException e)
        {
            return OptionValues.Refuse(e, "run", RunOptions.Definition, error);
        }
    }
}
