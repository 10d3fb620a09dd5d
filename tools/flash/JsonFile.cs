using System.Text.Encodings.Web;
using System.Text.Json;

namespace HeartRateStreamer.Flash;

/// <summary>Every file this tool generates is written here, with a JSON writer: indented, UTF-8, ending in a newline.</summary>
internal static class JsonFile
{
    // nanoff and the board (nanoFramework.Json, JsonSourceText) decode any escape, so only what JSON requires is
    // escaped and a password with '+' or 'é' stays readable in a dry run.
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
