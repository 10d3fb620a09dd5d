using System.Buffers.Text;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>The x values in a JSON text, wherever "x" is a key: "x":5 (one streamed object, as the sink
/// and Mosquitto pass it on) or "x":[5,6] (a server frame's "extend"). Enough for the generator's own
/// objects, whose x is the device's sequence number; it is no JSON parser.</summary>
public static class PointValues
{
    private static ReadOnlySpan<byte> Key => "\"x\":"u8;

    public static void ForEachX<TState>(ReadOnlySpan<byte> json, TState state, Action<TState, int> found)
    {
        int at;
        while ((at = json.IndexOf(Key)) >= 0)
        {
            json = json[(at + Key.Length)..];
            bool list = json.Length > 0 && json[0] == (byte)'[';
            if (list)
            {
                json = json[1..];
            }

            while (Utf8Parser.TryParse(json, out int x, out int used))
            {
                found(state, x);
                json = json[used..];
                if (!list || json.Length == 0 || json[0] != (byte)',')
                {
                    break;
                }

                json = json[1..];
            }
        }
    }
}
