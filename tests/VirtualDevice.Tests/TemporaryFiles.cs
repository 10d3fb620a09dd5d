namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>A scratch directory for CSV files, removed when the test ends.</summary>
public sealed class TemporaryFiles : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("virtual-device-tests-").FullName;

    /// <summary>The scratch directory.</summary>
    public string Directory => _directory;

    /// <summary>Writes <paramref name="content"/> to a new file (in a subfolder, when the name has one) and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc />
    public void Dispose() => System.IO.Directory.Delete(_directory, true);
}
