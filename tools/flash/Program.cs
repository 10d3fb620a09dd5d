namespace HeartRateStreamer.Flash;

/// <summary>Entry point: <c>dotnet run --project tools/flash -- [options]</c>.</summary>
internal static class Program
{
    public static int Main(string[] arguments) =>
        FlashCommandLine.Invoke(arguments, Console.Out, Console.Error, options => FlashRun.Execute(options, Console.Out, Console.Error));
}
