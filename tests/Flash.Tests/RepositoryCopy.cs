namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A repository of the flash tool's own: tools/flash/Flash.csproj (which marks the root) and the built tool under
/// artifacts/, as in a clone, in a temporary folder. The copy finds this folder as its repository.
/// </summary>
internal sealed class RepositoryCopy : IDisposable
{
    private readonly string _tool;

    public RepositoryCopy()
    {
        Root = Directory.CreateTempSubdirectory("flash-repository-").FullName;
        Directory.CreateDirectory(FlashFolder);
        File.WriteAllText(Path.Combine(FlashFolder, "Flash.csproj"), "<Project />\n");
        Build = Path.Combine(Root, "artifacts", "bin", "Flash", "debug");
        CopyFolder(AppContext.BaseDirectory, Build);
        _tool = Path.Combine(Build, "HeartRateStreamer.Flash.dll");
    }

    public string Root { get; }

    /// <summary>The copy's build folder: the tool's program (HeartRateStreamer.Flash) and its libraries.</summary>
    public string Build { get; }

    public string FlashFolder => Path.Combine(Root, "tools", "flash");

    public void WriteDeviceJson(string json) => File.WriteAllText(Path.Combine(FlashFolder, "device.json"), json);

    public ToolResult Run(string folder, params string[] arguments) => FlashTool.RunIn(folder, _tool, arguments);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
