namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>A scratch directory for CSV files, removed when the test ends.</summary>
public sealed class TemporaryFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("virtual-device-tests-").FullName;

    /// <summary>Writes <paramref name="content"/> to a new file and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_directory, true);
}
