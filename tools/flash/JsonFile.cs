using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HeartRateStreamer.Flash;

/// <summary>Every file this tool generates is written here, with a JSON writer: indented, UTF-8, ending in a newline.</summary>
internal static class JsonFile
{
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = BoardJsonEncoder.Instance };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}

/// <summary>
/// Escapes only what JSON requires (quote, backslash, control characters), so every other character is written as
/// itself in UTF-8. The board's parser, nanoFramework.Json 2.2, decodes only the escapes \" \\ \b \f \n \r \t correctly:
/// a \u escape with a letter other than e or E in it (\u00A0, \uD83D) makes it refuse the whole file, and in any \u escape
/// it reads the second digit in place of the first. So a Wi-Fi name with an emoji or a non-breaking space must reach
/// the board as the character itself; System.Text.Json's own encoders, even UnsafeRelaxedJsonEscaping, escape both.
/// The other control characters become \u00XX here, which nanoff reads but the board does not:
/// <see cref="DeviceFile"/> refuses them in the board's file, naming the key.
/// </summary>
internal sealed class BoardJsonEncoder : JavaScriptEncoder
{
    public static readonly BoardJsonEncoder Instance = new();

    private BoardJsonEncoder()
    {
    }

    /// <summary>The control characters that only a \u escape could carry: the board's file must not hold them.</summary>
    public static readonly System.Buffers.SearchValues<char> ControlCharactersTheBoardCannotRead = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(code => (char)code).Where(c => c is not ('\b' or '\f' or '\n' or '\r' or '\t'))]);

    /// <summary>The longest escape, \u001F.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    /// <summary>The escape the writer puts for <paramref name="c"/>, or null when the character is written as itself.</summary>
    public static string? EscapeFor(int c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        < 0x20 => "\\u" + c.ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    public override bool WillEncode(int unicodeScalar) => EscapeFor(unicodeScalar) != null;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            char c = text[i];
            if (WillEncode(c))
            {
                return i;
            }

            // A surrogate without its other half is no character: the writer's encoding loop replaces it with U+FFFD.
            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        string text = EscapeFor(unicodeScalar) ?? new Rune(unicodeScalar).ToString();
        if (text.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        text.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = text.Length;
        return true;
    }
}
