namespace HeartRateStreamer.Flash.Tests;

/// <summary>A temporary folder for one test's files (device.json, images, device nodes), deleted afterwards.</summary>
internal sealed class TemporaryFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("flash-tests-").FullName;

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>An application image built now, so newer than every source.</summary>
    public string FreshImage() => Write("HeartRateStreamer.bin", "NFMR");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
