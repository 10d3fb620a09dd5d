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

            string name = WebUtility.UrlDecode(Encoding.UTF8.GetString(body[..equals]));
            ReadOnlySpan<byte> rest = body[(equals + 1)..];
            int valueLength = rest.Length > 0 && (rest[0] == (byte)'[' || rest[0] == (byte)'{')
                ? RawJsonLength(name, rest)
                : IndexOrLength(rest, (byte)'&');
            string value = Encoding.UTF8.GetString(rest[..valueLength]);
            fields[name] = rest.Length > 0 && (rest[0] == (byte)'[' || rest[0] == (byte)'{') ? value : WebUtility.UrlDecode(value);
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

    private static int IndexOrLength(ReadOnlySpan<byte> span, byte value)
    {
        int index = span.IndexOf(value);
        return index < 0 ? span.Length : index;
    }

    // Plotly's Arduino library sends a stray CRLF after the body.
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> body) => body.Trim("\r\n\t "u8);

    private static string Shorten(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text[..Math.Min(text.Length, 40)]);
}
