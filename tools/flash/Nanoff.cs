using System.Text.Json;

namespace HeartRateStreamer.Flash;

/// <summary>
/// nanoff, the nanoFramework firmware flasher, as a local .NET tool of tools/flash: its tool manifest
/// (tools/flash/dotnet-tools.json, git-ignored) records the version this clone installed, and every nanoff command runs
/// as <c>dotnet nanoff</c> in tools/flash. Nothing is installed globally.
/// </summary>
internal static class Nanoff
{
    private const string PackageId = "nanoff";

    public static string ManifestPath => Path.Combine(Repository.FlashFolder, "dotnet-tools.json");

    /// <summary>The commands that make nanoff runnable here, as the manifest stands now.</summary>
    public static IReadOnlyList<ToolCommand> InstallCommands()
    {
        var restore = new ToolCommand("dotnet", ["tool", "restore"]);
        var install = new ToolCommand("dotnet", ["tool", "install", PackageId]);
        if (!File.Exists(ManifestPath))
        {
            return [new ToolCommand("dotnet", ["new", "tool-manifest"]), install];
        }

        // Listed: restore installs that version when this machine lacks it, and does nothing otherwise.
        return ManifestListsNanoff() ? [restore] : [install];
    }

    /// <summary>A nanoff command.</summary>
    public static ToolCommand Command(params string[] arguments) => new("dotnet", [PackageId, .. arguments]);

    /// <summary>
    /// nanoff's <c>--filedeployment</c> of <paramref name="filesFile"/>, which copies <paramref name="sourceFile"/> to
    /// <paramref name="boardFile"/>. A file that could not be written is only reported ("Error deploying content file",
    /// or nothing at all for an exception below verbosity n) and nanoff still exits 0, so the run succeeds only when it
    /// printed the end of the line it prints after writing the file ("Deploying file SOURCE to DESTINATION...OK",
    /// nanoFirmwareFlasher, FileDeploymentManager.DeployAsync). The source is left out: a console may show a path's
    /// characters differently (a Windows code page), and the one file of the deployment is named by its destination.
    /// </summary>
    public static ToolCommand FileDeployment(string filesFile, string port, string boardFile) =>
        Command("--filedeployment", filesFile, "--serialport", port) with { SuccessText = $" to {boardFile}...OK" };

    private static bool ManifestListsNanoff()
    {
        try
        {
            using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(ManifestPath));
            return manifest.RootElement.TryGetProperty("tools", out JsonElement tools) && tools.ValueKind == JsonValueKind.Object
                && tools.TryGetProperty(PackageId, out _);
        }
        catch (JsonException)
        {
            // A broken manifest: installing reports it in dotnet's own words.
            return false;
        }
    }
}
