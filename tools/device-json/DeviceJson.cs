using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HeartRateStreamer.Configuration;

/// <summary>
/// device.json on a PC, read as the board reads its configuration file: nested objects become dotted keys
/// (<c>{"sensor": {"type": "analog"}}</c> is <c>sensor.type</c>) and every leaf goes to the firmware's own
/// <see cref="ConfigurationReader"/>, so the PC tools apply the board's rules, defaults and messages. Values are typed
/// as nanoFramework.Json types them: a number with '.', 'e' or 'E' is a double, any other an int when it fits, else a
/// long, else (20 characters or more) a ulong; an array is an ArrayList. A whole number beyond those, and text that is
/// half of a UTF-16 surrogate pair, make the board's parser throw, so <see cref="Parse"/> refuses the file for them.
/// </summary>
public static class DeviceJson
{
    /// <summary>
    /// Read only by the flash tool, never written to the board: the server's CA certificate (PEM), which it stores with the
    /// Wi-Fi network. The board's reader does not know the key, so <see cref="Apply(JsonElement, ConfigurationReader)"/>
    /// leaves it out: a file the flash tool takes gets no warning about it from a PC tool either.
    /// </summary>
    public const string CaCertificateFileKey = "server.caCertificateFile";

    /// <summary>
    /// A reader of device.json for a PC tool (the flash tool, the virtual device): the firmware's keys and
    /// <see cref="CaCertificateFileKey"/>, so a mistyped CA key gets the same "Did you mean" as a firmware key.
    /// </summary>
    public static ConfigurationReader NewReader() => new([CaCertificateFileKey]);

    /// <summary>
    /// Reads the text of the device.json at <paramref name="path"/> (an existing file) into <paramref name="text"/>:
    /// UTF-8, as JSON is (RFC 8259, 8.1), or UTF-16 with its byte-order mark. Returns what makes the bytes unusable,
    /// starting with a colon to follow the file's name, or an empty string. A byte that is not UTF-8 (Windows-1252 or
    /// Latin-1 from an editor's "ANSI") is refused with its line: decoded leniently it would become U+FFFD, and a Wi-Fi
    /// name such as "Café" would reach the board as another network's name, which it would never join.
    /// </summary>
    public static string ReadFile(string path, out string text)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith(Utf16LittleEndianByteOrderMark) || bytes.AsSpan().StartsWith(Utf16BigEndianByteOrderMark))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
            return "";
        }

        // Decoded here, not by a StreamReader: on a UTF-8 byte-order mark it would switch to the lenient Encoding.UTF8.
        // Strict: a byte that is not UTF-8 stops the decoding where it stands, where File.ReadAllText would put U+FFFD.
        int start = bytes.AsSpan().StartsWith(Utf8ByteOrderMark) ? Utf8ByteOrderMark.Length : 0;
        var chars = new char[bytes.Length - start];
        if (System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(start), chars, out int read, out int written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done)
        {
            text = new string(chars, 0, written);
            return "";
        }

        text = "";
        int offset = start + read;
        int line = 1 + bytes.AsSpan(0, offset).Count((byte)'\n');
        return $": line {line} holds the byte 0x{bytes[offset]:X2}, which is not UTF-8 (the file was saved in another encoding, such as Windows-1252"
            + " or Latin-1, \"ANSI\" in Notepad). Save it as UTF-8 (Notepad: File > Save as > Encoding UTF-8; PowerShell: Set-Content -Encoding utf8)"
            + " and check that line's text.";
    }

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16LittleEndianByteOrderMark => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BigEndianByteOrderMark => [0xFE, 0xFF];

    /// <summary>
    /// Parses <paramref name="json"/> into <paramref name="document"/> (the caller disposes it). Returns what makes the
    /// text unusable as a whole, starting with a space or colon to follow the file's name, or an empty string.
    /// </summary>
    public static string Parse(string json, out JsonDocument? document)
    {
        document = null;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return " is not valid JSON" + Where(json, e) + ": " + Reason(e.Message) + ". Check device.json for a missing comma, quote or brace.";
        }

        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            parsed.Dispose();
            return " must hold one JSON object, { \"wifi\": { ... }, \"server\": { ... } }.";
        }

        string duplicate;
        string unreadable;
        try
        {
            duplicate = FindDuplicateKey(parsed.RootElement, "");
            unreadable = FindValueTheBoardCannotParse(parsed.RootElement, "");
        }
        catch (InvalidOperationException)
        {
            // A name with half of a surrogate pair: System.Text.Json cannot give it as a string.
            parsed.Dispose();
            return ": a key holds half of a UTF-16 surrogate pair (a \\uD800-\\uDFFF escape without its other half), which is no"
                + " character. Write the keys as tools/flash/device.example.json does.";
        }

        if (duplicate.Length > 0)
        {
            parsed.Dispose();

            // The board's parser refuses the whole file for this, so the PC tools do too.
            return ": the key " + duplicate + " appears twice; keep one.";
        }

        if (unreadable.Length > 0)
        {
            parsed.Dispose();
            return unreadable;
        }

        document = parsed;
        return "";
    }

    /// <summary>
    /// Hands every value of the JSON text <paramref name="json"/> to <paramref name="reader"/> (without finishing it).
    /// Returns what makes the text unusable as a whole (see <see cref="Parse"/>), or an empty string.
    /// </summary>
    public static string ApplyJson(string json, ConfigurationReader reader)
    {
        string problem = Parse(json, out JsonDocument? document);
        using (document)
        {
            if (document != null)
            {
                Apply(document.RootElement, reader);
            }
        }

        return problem;
    }

    /// <summary>
    /// Hands every leaf of the object <paramref name="root"/> to <paramref name="reader"/> with its dotted key (<see cref="Leaves"/>).
    /// </summary>
    public static void Apply(JsonElement root, ConfigurationReader reader)
    {
        foreach ((string key, JsonElement value) in Leaves(root))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    reader.Apply(key, value.GetString());
                    break;
                case JsonValueKind.Number:
                    reader.Apply(key, ToNumber(value));
                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    reader.Apply(key, value.GetBoolean());
                    break;
                case JsonValueKind.Array:
                    reader.Apply(key, new ArrayList(value.EnumerateArray().Select(item => (object)item.GetRawText()).ToArray()));
                    break;
                default:
                    reader.Apply(key, null);
                    break;
            }
        }
    }

    /// <summary>
    /// Every leaf of the object <paramref name="root"/> (a value that is not an object) with its dotted key, as the board's
    /// reader names it ("server.url"), except <see cref="CaCertificateFileKey"/>, which is not the board's.
    /// </summary>
    public static IEnumerable<(string Key, JsonElement Value)> Leaves(JsonElement root) => Leaves(root, "");

    private static IEnumerable<(string Key, JsonElement Value)> Leaves(JsonElement element, string prefix)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string key = prefix + property.Name;
            if (key == CaCertificateFileKey)
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                yield return (key, property.Value);
                continue;
            }

            foreach ((string Key, JsonElement Value) leaf in Leaves(property.Value, key + "."))
            {
                yield return leaf;
            }
        }
    }

    private static object ToNumber(JsonElement value)
    {
        string raw = value.GetRawText();
        if (raw.IndexOfAny(['.', 'e', 'E']) >= 0)
        {
            return value.GetDouble();
        }

        if (value.TryGetInt32(out int small))
        {
            return small;
        }

        if (value.TryGetInt64(out long large))
        {
            return large;
        }

        // Only a number of 20 characters or more within ulong gets here from Parse: nanoFramework.Json reads it with ulong.Parse.
        return value.TryGetUInt64(out ulong huge) ? huge : value.GetDouble();
    }

    // What the board's parser throws for, where System.Text.Json reads on: a whole number beyond long (nanoFramework.Json
    // picks int.Parse, long.Parse or ulong.Parse by the number's length, and only from 20 characters on tries ulong), and
    // text with half of a surrogate pair (a \uD800-\uDFFF escape alone), which is no character at all.
    private static string FindValueTheBoardCannotParse(JsonElement element, string key)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string found = FindValueTheBoardCannotParse(property.Value, key.Length == 0 ? property.Name : key + "." + property.Name);
                    if (found.Length > 0)
                    {
                        return found;
                    }
                }

                return "";
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    string found = FindValueTheBoardCannotParse(item, key);
                    if (found.Length > 0)
                    {
                        return found;
                    }
                }

                return "";
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                bool whole = raw.IndexOfAny(['.', 'e', 'E']) < 0;
                if (whole && !element.TryGetInt64(out _) && !(raw.Length >= 20 && element.TryGetUInt64(out _)))
                {
                    // A secret's value is never shown (ConfigurationKeys.IsSecret), not even a password of digits written without quotes.
                    string shown = ConfigurationKeys.IsSecret(key) ? "a whole number of " + raw.TrimStart('-').Length + " digits" : raw;
                    return " could not be parsed as the board parses it: " + key + " is " + shown + ", beyond the whole numbers its JSON parser"
                        + " can hold, so the board refuses the whole file. Check device.json: one JSON object whose numbers are plain whole"
                        + " numbers within the key's range (\"maxPoints\": 500).";
                }

                return "";
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                    return "";
                }
                catch (InvalidOperationException)
                {
                    return ": " + key + " holds half of a UTF-16 surrogate pair (a \\uD800-\\uDFFF escape without its other half), which is no"
                        + " character, and the board refuses the whole file for it. Write the character itself in device.json.";
                }

            default:
                return "";
        }
    }

    // Where reading stopped, as an editor shows it: System.Text.Json counts lines from 0 and positions in UTF-8 bytes.
    private static string Where(string json, JsonException e)
    {
        if (e.LineNumber is not long line || e.BytePositionInLine is not long bytes)
        {
            return "";
        }

        string[] lines = json.Split('\n');
        if (line >= lines.Length)
        {
            return $" at line {line + 1}";
        }

        byte[] text = System.Text.Encoding.UTF8.GetBytes(lines[line]);
        int column = System.Text.Encoding.UTF8.GetCharCount(text, 0, (int)Math.Min(bytes, text.Length)) + 1;
        return $" at line {line + 1}, column {column}";
    }

    // System.Text.Json's message without what is meant for a programmer: its own 0-based place, advice to change the
    // reader's options, and the name of a parameter.
    private static string Reason(string message)
    {
        string reason = Regex.Replace(WithoutQuotedText(message), @"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$", "");
        reason = reason.Replace(" which is not supported in this mode. Change the reader options.", ": remove it.", StringComparison.Ordinal).Replace(", when isFinalBlock is true", "", StringComparison.Ordinal);
        return reason.Length == 0 ? "it holds no value" : char.ToLowerInvariant(reason[0]) + reason[1..].TrimEnd('.');
    }

    // System.Text.Json's message starts with the characters where reading stopped, in quotes ("'tr0' is an invalid JSON
    // literal", "'w' is invalid after a value"): up to a few characters of a password or token written without quotes or
    // with a stray quote inside. Which key they belong to is unknown when the file does not parse, so they are never
    // shown; the message's line and byte position say where to look.
    private static string WithoutQuotedText(string message) =>
        Regex.Replace(message, "^'.*?' (is|are) ", "what is written there $1 ", RegexOptions.Singleline);

    private static string FindDuplicateKey(JsonElement element, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return prefix + property.Name;
            }

            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                string nested = FindDuplicateKey(property.Value, prefix + property.Name + ".");
                if (nested.Length > 0)
                {
                    return nested;
                }
            }
        }

        return "";
    }
}
