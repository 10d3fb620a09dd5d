namespace HeartRateStreamer.Flash;

/// <summary>Where the repository's files are, found from the tool's own build folder (artifacts/ is inside the repository).</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    /// <summary>tools/flash: device.json, the example, and nanoff's tool manifest.</summary>
    public static string FlashFolder => Path.Combine(Root, "tools", "flash");

    public static string DefaultConfigFile => Path.Combine(FlashFolder, "device.json");

    /// <summary>The example device.json: its values are placeholders a person replaces (<see cref="ExamplePlaceholders"/>).</summary>
    public static string ExampleConfigFile => Path.Combine(FlashFolder, "device.example.json");

    /// <summary>The application's project folder; Visual Studio builds the image into its bin/Release or bin/Debug.</summary>
    public static string ApplicationFolder => Path.Combine(Root, "firmware", "HeartRateStreamer");

    /// <summary>Every folder whose sources end up in the application image.</summary>
    public static IEnumerable<string> ImageSourceFolders =>
    [
        ApplicationFolder,
        Path.Combine(Root, "firmware", "HeartRateStreamer.Device"),
        Path.Combine(Root, "firmware", "HeartRateStreamer.Core"),
        Path.Combine(Root, "drivers"),
    ];

    /// <summary><paramref name="path"/> relative to the repository root when it is inside it, for shorter messages.</summary>
    public static string Shown(string path)
    {
        string relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "tools", "flash", "Flash.csproj")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"no repository above {AppContext.BaseDirectory}: run the tool from its clone, dotnet run --project tools/flash -- [options]");
    }
}
