using System.Globalization;
using System.Text.Json;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>One trace of a plot as GET /~USER/N.json gives it: x as UTC milliseconds, y as numbers (NaN for null).</summary>
public sealed record PlotJson(string Name, long[] XMilliseconds, double[] Y)
{
    /// <summary>Reads trace <paramref name="index"/> of the plot's JSON.</summary>
    public static PlotJson Trace(string json, int index)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement trace = document.RootElement.GetProperty("data")[index];
        long[] x = trace.GetProperty("x").EnumerateArray().Select(ToMilliseconds).ToArray();
        double[] y = trace.GetProperty("y").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
        string name = trace.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";
        return new PlotJson(name, x, y);
    }

    /// <summary>How many traces the plot has.</summary>
    public static int TraceCount(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").GetArrayLength();
    }

    // The device sets its UTC origin at start, so x is a date string with milliseconds ("2026-11-28 18:57:02.123").
    private static long ToMilliseconds(JsonElement x)
    {
        DateTime date = DateTime.ParseExact(x.GetString()!, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeMilliseconds();
    }
}
