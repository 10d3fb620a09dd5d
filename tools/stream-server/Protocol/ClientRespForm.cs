using System.Net;
using System.Text;
using System.Text.Json;

namespace HeartRateStreamer.StreamServer.Protocol;

/// <summary>Reads the /clientresp form body. The npm plotly client and Plotly's Arduino library put
/// raw JSON into it (not URL-encoded), so a JSON value may contain '&amp;', '+' or '%'; standard clients
/// URL-encode. A value that starts with '[' or '{' is read as one JSON value, anything else up to
/// the next '&amp;' and URL-decoded.</summary>
public static class ClientRespForm
{
    // Invalid UTF-8 is refused, not replaced with U+FFFD: a stream line with the same bytes is refused too (the README's
    // one check on every value that enters), and a name stored altered would not be the one the client sent.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="FormatException">The body is not a form of name=value pairs.</exception>
    public static Dictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        body = Trim(body);
        while (!body.IsEmpty)
        {
            int equals = body.IndexOf((byte)'=');
            int ampersand = body.IndexOf((byte)'&');
            if (equals < 0 || (ampersand >= 0 && ampersand < equals))
            {
                throw new FormatException($"form field '{Shorten(body)}' has no '='");
            }

            string name = Decode(body[..equals], urlEncoded: true, "a form field name");
            ReadOnlySpan<byte> rest = body[(equals + 1)..];
            int valueLength = rest.Length > 0 && (rest[0] == (byte)'[' || rest[0] == (byte)'{')
                ? RawJsonLength(name, rest)
                : IndexOrLength(rest, (byte)'&');
            bool rawJson = rest.Length > 0 && (rest[0] == (byte)'[' || rest[0] == (byte)'{');
            fields[name] = Decode(rest[..valueLength], urlEncoded: !rawJson, $"form field '{name}'");
            body = rest[valueLength..];
            if (!body.IsEmpty)
            {
                if (body[0] != (byte)'&')
                {
                    throw new FormatException($"form field '{name}' is followed by '{Shorten(body)}' instead of '&'");
                }

                body = body[1..];
            }
        }

        return fields;
    }

    private static int RawJsonLength(string name, ReadOnlySpan<byte> rest)
    {
        try
        {
            var reader = new Utf8JsonReader(rest, isFinalBlock: true, state: default);
            reader.Read();
            reader.Skip();
            return (int)reader.BytesConsumed;
        }
        catch (JsonException exception)
        {
            throw new FormatException($"form field '{name}' is not valid JSON: {exception.Message}");
        }
    }

    // URL-decoding works on the bytes (%C3%A9 is one character), then the whole text must be valid UTF-8.
    private static string Decode(ReadOnlySpan<byte> field, bool urlEncoded, string what)
    {
        byte[] bytes = urlEncoded ? WebUtility.UrlDecodeToBytes(field.ToArray(), 0, field.Length) : field.ToArray();
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"{what} is not valid UTF-8: send text as UTF-8 (percent-encoded bytes included)");
        }
    }

    private static int IndexOrLength(ReadOnlySpan<byte> span, byte value)
    {
        int index = span.IndexOf(value);
        return index < 0 ? span.Length : index;
    }

    // Plotly's Arduino library sends a stray CRLF after the body.
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> body) => body.Trim("\r\n\t "u8);

    private static string Shorten(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text[..Math.Min(text.Length, 40)]);
}
