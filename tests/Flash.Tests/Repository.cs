namespace HeartRateStreamer.Flash.Tests;

/// <summary>Where the repository and the flash tool are, found from the test assembly's folder.</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    public static string FlashFolder => Path.Combine(Root, "tools", "flash");

    public static string ExampleConfiguration => Path.Combine(FlashFolder, "device.example.json");

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "tools", "flash", "Flash.csproj")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (a folder with tools/flash/Flash.csproj) above {AppContext.BaseDirectory}.");
    }
}
