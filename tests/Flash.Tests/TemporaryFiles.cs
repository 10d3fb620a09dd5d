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

    /// <summary>
    /// A device.json with values of its own for every key the example holds a placeholder of (a real run refuses
    /// those): for real runs, which must not lean on the example.
    /// </summary>
    public string OwnConfiguration() => Write("device.json", """
        {
          "wifi": { "ssid": "TestNetwork", "password": "test-wifi-password" },
          "server": {
            "url": "http://192.168.1.50:8080",
            "pulseToken": "test-pulse-token",
            "heartRateToken": "test-heart-rate-token",
            "spo2Token": "test-spo2-token",
            "user": "tester",
            "apiKey": "test-api-key"
          }
        }
        """);

    /// <summary>An application image built now, so newer than every source.</summary>
    public string FreshImage() => Write("HeartRateStreamer.bin", "NFMR");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
