namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A repository of the flash tool's own: tools/flash/Flash.csproj (which marks the root), device.example.json and the built tool under
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
        File.Copy(Repository.ExampleConfiguration, Path.Combine(FlashFolder, "device.example.json")); // a real run compares device.json with it
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

    /// <summary>
    /// Puts a stand-in <c>dotnet</c> beside the copy's program, where the tool finds it before PATH, and a manifest that
    /// lists nanoff: every dotnet command ends at once with exit code 0, except nanoff's, which runs
    /// <paramref name="nanoff"/> (a POSIX shell script's body; its arguments are <c>$2</c> onwards). Returns the program
    /// to start (not through dotnet: that would find the real one first), with DOTNET_ROOT set to the running SDK's.
    /// The stand-in is a POSIX shell script, so this refuses to run on Windows.
    /// </summary>
    public System.Diagnostics.ProcessStartInfo WithStandInNanoff(string nanoff)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the stand-in nanoff is a POSIX shell script: run these tests on Linux or macOS");
        }

        File.WriteAllText(Path.Combine(FlashFolder, "dotnet-tools.json"), """{"version": 1, "isRoot": true, "tools": {"nanoff": {"version": "2.5.0", "commands": ["nanoff"]}}}""");
        string dotnet = Path.Combine(Build, "dotnet");
        File.WriteAllText(dotnet, $"#!/bin/sh\nif [ \"$1\" = nanoff ]; then\n{nanoff}\nfi\nexit 0\n");
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Program();
    }

    /// <summary>
    /// The copy's program (its apphost, not through dotnet), with DOTNET_ROOT set to the running SDK's, so the
    /// environment decides which dotnet the tool's commands find: the stand-in beside it, else PATH's.
    /// </summary>
    public System.Diagnostics.ProcessStartInfo Program()
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(Build, "HeartRateStreamer.Flash"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Environment.ProcessPath)!;
        return start;
    }

    /// <summary>A real run of the tool from <paramref name="folder"/> with the stand-in <paramref name="nanoff"/>
    /// (<see cref="WithStandInNanoff"/>), with <paramref name="environment"/> added, to its end.</summary>
    public ToolResult RunWithStandInNanoff(string nanoff, string folder, IEnumerable<string> arguments, params (string Name, string Value)[] environment) =>
        FlashTool.RunToEnd(WithStandInNanoff(nanoff), folder, arguments, environment);

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
