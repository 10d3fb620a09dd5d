using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace HeartRateStreamer.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (BenchmarkDotNet's --filter, --job, --inProcess, ...).</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "wire-cost")
        {
            WireCost.WireCostReport.Run(Console.Out);
            return;
        }

        if (args.Length == 1 && args[0] == "loop-cost")
        {
            LoopCost.LoopCostReport.Run(Console.Out);
            return;
        }

        if (args.Length == 1 && args[0] == "sample-timing")
        {
            SampleTiming.SampleTimingReport.Run(Console.Out);
            return;
        }

        if (args.Length == 1 && args[0] == "call-cost")
        {
            CallCost.CallCostReport.Run(Console.Out);
            return;
        }

        // The generated benchmark project is built with everything else on a shared build machine: allow it time.
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
