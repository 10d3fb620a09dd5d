using System.Text;
using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash;

/// <summary>
/// device.json, checked before anything is written to a board. The file the board will read (device.json without the
/// keys only this tool reads) goes through the firmware's own <see cref="ConfigurationReader"/> (via
/// <see cref="DeviceJson"/>, as the board parses it), and every problem it reports, fatal or not, refuses the file: the
/// board would otherwise run on a default the person did not choose. This tool adds only what it needs itself: the
/// Wi-Fi network it stores, and the CA file it reads.
/// </summary>
internal sealed class DeviceFile : IDisposable
{
    private readonly JsonDocument _document;

    private DeviceFile(string path, JsonDocument document, DeviceSettings settings, string? caCertificateFile, string? caCertificatePem)
    {
        ExamplePlaceholderKeys = ExamplePlaceholders.KeptIn(document.RootElement);
        FilePath = path;
        _document = document;
        Settings = settings;
        CaCertificateFile = caCertificateFile;
        CaCertificatePem = caCertificatePem;
    }

    public string FilePath { get; }

    /// <summary>The settings as the board will read them.</summary>
    public DeviceSettings Settings { get; }

    /// <summary>Full path of the server's CA certificate, or null.</summary>
    public string? CaCertificateFile { get; }

    /// <summary>The server's CA certificate as read and checked (PEM text), or null.</summary>
    public string? CaCertificatePem { get; }

    /// <summary>The keys that still hold the example's placeholder: a real run refuses the file, a dry run notes them.</summary>
    public IReadOnlyList<string> ExamplePlaceholderKeys { get; }

    /// <summary>
    /// What to know before flashing that does not make the file wrong, or null: an https server without
    /// <see cref="DeviceJson.CaCertificateFileKey"/> is checked against the CA the board stored before (nanoff changes the stored
    /// one only when given a new one), and the board's TLS refuses every server when it has none.
    /// </summary>
    public string? Note => Settings.Server is { UseTls: true } && CaCertificatePem == null
        ? $"server.url is https and {DeviceJson.CaCertificateFileKey} is not set: the board checks the server against the CA certificate it stored earlier, "
            + $"and with none stored every connection fails at the TLS handshake. Set {DeviceJson.CaCertificateFileKey} to the server's CA (PEM) unless this board has it already."
        : null;

    /// <summary>
    /// Reads and checks <paramref name="file"/>; any problem stops the tool with exit code 2, naming every bad key.
    /// Messages name the file as <paramref name="shown"/> (default: the path itself).
    /// </summary>
    public static DeviceFile Load(string file, string? shown = null)
    {
        string fullPath = Path.GetFullPath(file);
        string path = shown ?? file;
        if (Directory.Exists(fullPath))
        {
            throw new FlashException(ExitCodes.InvalidConfiguration,
                $"{path} is a folder, not a file: pass --config with the path of your device.json itself (such as {Repository.Shown(Repository.DefaultConfigFile)}). Nothing was written to the board.");
        }

        if (!File.Exists(fullPath))
        {
            bool isDefault = fullPath == Repository.DefaultConfigFile;
            string where = isDefault ? $" in the repository {Repository.Root}"
                : Path.IsPathRooted(path) ? "" : $" ({fullPath}: a path given to --config is taken from the current folder)";
            // A path the person gave: they passed --config already, so the advice is to check it.
            throw new FlashException(ExitCodes.InvalidConfiguration, isDefault
                ? $"there is no {path}{where}: copy tools/flash/device.example.json to tools/flash/device.json and put in your Wi-Fi and server, or pass --config FILE"
                : $"there is no {path}{where}: copy tools/flash/device.example.json there and put in your Wi-Fi and server, or check the path given to --config.");
        }

        string unreadable;
        string json;
        try
        {
            unreadable = DeviceJson.ReadFile(fullPath, out json);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new FlashException(ExitCodes.InvalidConfiguration, UnreadableFile.Problem(path, e) + " Nothing was written to the board.");
        }
        catch (IOException e)
        {
            throw new FlashException(ExitCodes.InvalidConfiguration,
                $"{path} could not be read ({e.Message.TrimEnd('.')}): save it again on a local disk and pass that file with --config. Nothing was written to the board.");
        }

        if (unreadable.Length > 0)
        {
            throw new FlashException(ExitCodes.InvalidConfiguration, path + unreadable + " Nothing was written to the board.");
        }

        string problem = DeviceJson.Parse(json, out JsonDocument? document);
        if (document == null)
        {
            throw new FlashException(ExitCodes.InvalidConfiguration, path + problem + " Nothing was written to the board.");
        }

        var problems = new List<(string Key, string Message)>();
        ConfigurationReader reader = DeviceJson.NewReader();
        DeviceJson.ApplyJson(Encoding.UTF8.GetString(BoardFileBytes(document.RootElement, mask: false)), reader);
        reader.Finish();
        for (int i = 0; i < reader.ProblemCount; i++)
        {
            // What is wrong, without what the board would do about it ("Using the default 30."): the tool writes nothing.
            ConfigurationProblem found = reader.GetProblem(i);
            problems.Add((found.Key, found.Problem));
        }

        // The firmware can run on a network stored earlier; this tool stores the network, so it needs one.
        bool wifiReported = problems.Any(found => found.Key is ConfigurationKeys.WifiSsid or ConfigurationKeys.WifiPassword);
        if (reader.Settings.WifiSsid.Length == 0 && !wifiReported)
        {
            problems.Add((ConfigurationKeys.WifiSsid, "is missing; give the name of the Wi-Fi network (2.4 GHz) the board should join: the flash tool stores it on the board."));
        }

        if (reader.Settings.Server is { } server && !problems.Any(found => found.Key == ConfigurationKeys.ServerUrl) && NamesTheBoardItself(server.Host))
        {
            problems.Add((ConfigurationKeys.ServerUrl, $"names {server.Host}, which on the board is the board itself, not the stream server; give the "
                + "address of the computer that runs the stream server as the board's Wi-Fi network reaches it, e.g. http://192.168.1.20:8080 "
                + "(the stream server started on every address, --urls \"http://*:8080\", prints the addresses a board can use; or `hostname -I` on Linux, `ipconfig` on Windows)."));
        }

        FindTextTheBoardCannotRead(document.RootElement, problems);
        Configuration.CaCertificateFile? ca = Configuration.CaCertificateFile.Read(document.RootElement, fullPath, out string? caProblem);
        if (caProblem != null)
        {
            problems.Add((DeviceJson.CaCertificateFileKey, caProblem));
        }

        if (problems.Count > 0)
        {
            document.Dispose();
            throw new FlashException(ExitCodes.InvalidConfiguration,
                $"{path} is not valid; nothing was written to the board:\n  " + string.Join("\n  ", problems.Select(found => found.Key + ": " + found.Message)));
        }

        return new DeviceFile(fullPath, document, reader.Settings, ca?.FullPath, ca?.Pem);
    }

    // A loopback or "any" address is right for the virtual device on the server's own computer, never for a board.
    private static bool NamesTheBoardItself(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out System.Net.IPAddress? address) && (System.Net.IPAddress.IsLoopback(address)
            || address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any)));

    /// <summary>The configuration file for the board (UTF-8 JSON); <paramref name="mask"/> hides the secrets for printing.</summary>
    public byte[] BoardFile(bool mask) => BoardFileBytes(_document.RootElement, mask);

    public void Dispose() => _document.Dispose();

    private static byte[] BoardFileBytes(JsonElement root, bool mask) => JsonFile.Write(writer => WriteObject(writer, root, "", mask));

    // Copies the object, leaving out the keys only this tool reads; every other value is written as it was given.
    private static void WriteObject(Utf8JsonWriter writer, JsonElement element, string prefix, bool mask)
    {
        writer.WriteStartObject();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string key = prefix + property.Name;
            if (key == DeviceJson.CaCertificateFileKey)
            {
                continue;
            }

            writer.WritePropertyName(property.Name);
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                WriteObject(writer, property.Value, key + ".", mask);
            }
            else if (mask && property.Value.ValueKind == JsonValueKind.String && ConfigurationKeys.IsSecret(key))
            {
                writer.WriteStringValue(Secrets.Mask(key, property.Value.GetString()!));
            }
            else
            {
                property.Value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    // The board's parser reads a control character only as \b, \f, \n, \r or \t (see BoardJsonEncoder); any other
    // would need a \u escape, which it refuses or misreads, so such a value is refused here, with its key.
    private static void FindTextTheBoardCannotRead(JsonElement root, List<(string Key, string Message)> problems)
    {
        foreach ((string key, JsonElement value) in DeviceJson.Leaves(root))
        {
            if (value.ValueKind == JsonValueKind.String
                && !problems.Exists(found => found.Key == key)) // one problem a key: the firmware's rules (NUL, an address beyond ASCII) may have named it
            {
                string text = value.GetString()!;
                int index = text.AsSpan().IndexOfAny(BoardJsonEncoder.ControlCharactersTheBoardCannotRead);
                if (index >= 0)
                {
                    // Which character it is would be a character of the password or token: a secret's is not named.
                    string character = ConfigurationKeys.IsSecret(key) ? "a control character" : $"the control character U+{(int)text[index]:X4}";
                    problems.Add((key, $"holds {character}, which the board cannot read from its configuration file"
                        + " (its JSON parser takes control characters only as \\b, \\f, \\n, \\r and \\t); remove it."));
                }
            }
        }
    }
}
