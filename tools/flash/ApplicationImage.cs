namespace HeartRateStreamer.Flash;

/// <summary>
/// The application image nanoff deploys (HeartRateStreamer.bin: the application and every assembly it references, built
/// by Visual Studio with the nanoFramework extension). It must exist and be newer than every source that goes into it.
/// </summary>
internal static class ApplicationImage
{
    private const string FileName = "HeartRateStreamer.bin";

    private const string BuildAdvice = "Build it: open HeartRateStreamer.sln in Visual Studio with the .NET nanoFramework extension and build the "
        + "HeartRateStreamer project (Build > Build Solution); the image is firmware/HeartRateStreamer/bin/<Debug|Release>/HeartRateStreamer.bin";

    // Where the image comes from off Windows: Visual Studio's nanoFramework extension is the one build of the image here.
    private const string OffWindowsAdvice = " Visual Studio runs on Windows only: on Linux or macOS, build the image on a Windows machine and give the file with --image.";

    /// <summary>The image given, or the newer of the Release and Debug builds (Release when neither exists).</summary>
    public static string Locate(string? given)
    {
        if (given != null)
        {
            return Path.GetFullPath(given);
        }

        string release = Path.Combine(Repository.ApplicationFolder, "bin", "Release", FileName);
        string debug = Path.Combine(Repository.ApplicationFolder, "bin", "Debug", FileName);
        bool debugIsNewer = File.Exists(debug) && (!File.Exists(release) || File.GetLastWriteTimeUtc(debug) > File.GetLastWriteTimeUtc(release));
        return debugIsNewer ? debug : release;
    }

    /// <summary>Why <paramref name="image"/> cannot be deployed (missing, or older than a source), or null when it can;
    /// <paramref name="given"/>: it came from --image, so the advice is not to pass it.</summary>
    public static string? Problem(string image, bool given)
    {
        string advice = given ? $"{BuildAdvice}, which a run without --image takes." : $"{BuildAdvice}, or pass --image FILE.{(OperatingSystem.IsWindows() ? "" : OffWindowsAdvice)}";
        if (!File.Exists(image))
        {
            return given ? $"the application image {image} is missing: check the path given to --image. {advice}"
                : $"the application image {image} is missing. {advice}";
        }

        DateTime built = File.GetLastWriteTimeUtc(image);
        string? newer = Repository.ImageSourceFolders.SelectMany(Sources).FirstOrDefault(source => File.GetLastWriteTimeUtc(source) > built);
        return newer == null ? null
            : $"the application image {image} is older than {Repository.Shown(newer)}, so it would not hold the current code. {advice}";
    }

    // .cs files, project files and package lists, outside build output (bin, obj).
    private static IEnumerable<string> Sources(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".cs", StringComparison.Ordinal) || name.EndsWith(".nfproj", StringComparison.Ordinal) || name == "packages.config")
            {
                yield return file;
            }
        }

        foreach (string child in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(child);
            if (name is not ("bin" or "obj"))
            {
                foreach (string file in Sources(child))
                {
                    yield return file;
                }
            }
        }
    }
}
