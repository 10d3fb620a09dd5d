using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Values;

/// <summary>The one gate for JSON entering the server: stream lines, /clientresp fields, owner edits
/// and the plots read from the database at start-up. A document passes when it is one JSON value,
/// every string and key is well-formed text (no lone surrogate such as "\ud800"), it is nested at
/// most <c>maxDepth</c> deep, no object repeats a key, every number fits a double (no 1e400), and no key is __proto__, constructor or
/// prototype. What passes can be held in a JsonNode, written, stored and read back.
/// The check reads tokens in a loop: no recursion, work linear in the input.</summary>
public static class ValueValidator
{
    /// <summary>A key set that held more keys than this is let go rather than kept for the thread's lifetime.</summary>
    private const int MaxKeptKeys = 256;

    [ThreadStatic]
    private static Stack<HashSet<string>?>? t_keysOfOpenObjects;

    [ThreadStatic]
    private static Stack<HashSet<string>>? t_spareKeySets;

    /// <summary>Parses <paramref name="utf8"/> when it passes; <paramref name="value"/> is null for the JSON literal null.</summary>
    /// <param name="stored">True for what the database holds: numbers beyond a double's range are let through there, so a
    /// plot or a streamed object an older server stored with one loads as it did, rather than being quarantined over it.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8, int maxDepth, out JsonNode? value, [NotNullWhen(false)] out string? problem, bool stored = false)
    {
        value = null;
        problem = Check(utf8, maxDepth, stored);
        if (problem is not null)
        {
            return false;
        }

        // Cannot fail now: the same bytes just read as one value within the depth.
        value = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth + 1 });
        return true;
    }

    public static bool TryParse(string json, int maxDepth, out JsonNode? value, [NotNullWhen(false)] out string? problem, bool stored = false)
    {
        return TryParse(Encoding.UTF8.GetBytes(json), maxDepth, out value, out problem, stored);
    }

    /// <summary>For the loader: a stored plot's two documents, the data (an array of trace objects)
    /// and the layout (an object), each within <see cref="ValueLimits.MaxDocumentDepth"/>.</summary>
    public static bool TryReadStoredPlot(string dataJson, string layoutJson,
        [NotNullWhen(true)] out JsonArray? data, [NotNullWhen(true)] out JsonObject? layout, [NotNullWhen(false)] out string? problem)
    {
        data = null;
        layout = null;
        if (!TryParse(dataJson, ValueLimits.MaxDocumentDepth, out JsonNode? dataNode, out problem, stored: true))
        {
            problem = "data: " + problem;
            return false;
        }

        if (!TryParse(layoutJson, ValueLimits.MaxDocumentDepth, out JsonNode? layoutNode, out problem, stored: true))
        {
            problem = "layout: " + problem;
            return false;
        }

        if (dataNode is not JsonArray traces || traces.Any(trace => trace is not JsonObject))
        {
            problem = "data: not an array of trace objects";
            return false;
        }

        if (layoutNode is not JsonObject layoutObject)
        {
            problem = "layout: not an object";
            return false;
        }

        (data, layout) = (traces, layoutObject);
        return true;
    }

    /// <summary>Null when the document passes, else what is wrong, for a 4xx answer.</summary>
    public static string? Check(ReadOnlySpan<byte> utf8, int maxDepth, bool stored = false)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        // Each thread keeps its stack and key sets: every streamed object is checked here, and making both afresh
        // was a tenth of what the server allocated per object.
        Stack<HashSet<string>?> keysOfOpenObjects = t_keysOfOpenObjects ??= new();
        Stack<HashSet<string>> spareKeySets = t_spareKeySets ??= new();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= maxDepth)
                        {
                            return $"it is nested deeper than {maxDepth} levels";
                        }

                        keysOfOpenObjects.Push(reader.TokenType == JsonTokenType.StartObject ? KeySet(spareKeySets) : null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        Release(keysOfOpenObjects.Pop(), spareKeySets);
                        break;
                    case JsonTokenType.PropertyName:
                        if (ReadText(ref reader) is not string key)
                        {
                            return "a key is not well-formed text (a lone surrogate such as \\ud800, or invalid UTF-8)";
                        }

                        if (AttributePath.IsForbiddenKey(key))
                        {
                            return $"the key '{key}' is not allowed (it would change every object in the viewers' browsers)";
                        }

                        if (!keysOfOpenObjects.Peek()!.Add(key))
                        {
                            return $"the key '{AttributePath.Shown(key)}' appears twice in one object";
                        }

                        break;
                    case JsonTokenType.Number:
                        if (!stored && OutOfRange(ref reader) is string number)
                        {
                            return $"the number {number} is beyond the range of a double (at most 1.7976931348623157e308 either side of 0), "
                                + "which browsers read as Infinity and no plot can show; send finite numbers, as JSON has no NaN or Infinity";
                        }

                        break;
                    case JsonTokenType.String:
                        if (ReadText(ref reader) is null)
                        {
                            return "a string is not well-formed text (a lone surrogate such as \\ud800, or invalid UTF-8)";
                        }

                        break;
                }
            }

            return reader.BytesConsumed == 0 ? "it is empty, not a JSON value" : null;
        }
        catch (JsonException exception)
        {
            return $"it is not valid JSON ({exception.Message})";
        }
        finally
        {
            while (keysOfOpenObjects.Count > 0)
            {
                Release(keysOfOpenObjects.Pop(), spareKeySets);
            }
        }
    }

    /// <summary>The number as written (its first 40 characters) when it is too large for a double, else null. Only a
    /// number with an exponent or over 308 digits can be: the others are not parsed.</summary>
    private static string? OutOfRange(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> written = reader.ValueSpan;
        if (written.IndexOfAny((byte)'e', (byte)'E') < 0 && written.Length <= 308)
        {
            return null;
        }

        return reader.TryGetDouble(out double value) && double.IsFinite(value) ? null : Encoding.ASCII.GetString(written[..Math.Min(written.Length, 40)]);
    }

    private static HashSet<string> KeySet(Stack<HashSet<string>> spare) =>
        spare.TryPop(out HashSet<string>? keys) ? keys : new HashSet<string>(StringComparer.Ordinal);

    private static void Release(HashSet<string>? keys, Stack<HashSet<string>> spare)
    {
        if (keys is not null && keys.Count <= MaxKeptKeys)
        {
            keys.Clear();
            spare.Push(keys);
        }
    }

    /// <summary>The decoded text, or null when it is not well-formed UTF-16 after unescaping.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return IsWellFormedUtf16(text) ? text : null;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
