using System.Globalization;
using System.Security.Cryptography;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>An event's id, "EPOCH-SEQUENCE": the epoch names the sequence (a process start, or in a cluster the frame
/// builder whose numbers a node mirrors), the sequence counts the plot's events from 1 (a snapshot taken before the first
/// event carries 0).</summary>
public static class SseEventId
{
    private const int EpochBytes = 4;

    /// <summary>A new epoch, random: a sequence numbered anew (a server's start) is not taken for an earlier one.</summary>
    public static string NewEpoch() => Convert.ToHexString(RandomNumberGenerator.GetBytes(EpochBytes)).ToLowerInvariant();

    /// <summary>The id of event <paramref name="sequence"/> in <paramref name="epoch"/>.</summary>
    public static string Format(string epoch, long sequence) => $"{epoch}-{sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>False for anything that is not EPOCH-SEQUENCE (a client's Last-Event-ID may be anything).</summary>
    public static bool TryParse(string? id, out string epoch, out long sequence)
    {
        epoch = "";
        sequence = 0;
        int dash = id?.IndexOf('-') ?? -1;
        if (dash <= 0 || !long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        epoch = id![..dash];
        return true;
    }

    /// <summary>False unless <paramref name="id"/> can name an event: an epoch as <see cref="NewEpoch"/> makes them, a
    /// sequence from 1 (a snapshot's 0 names none), written as <see cref="Format"/> writes them (no leading zero). A
    /// client's Last-Event-ID that is not names no event on any node, so nothing need be looked up for it.</summary>
    public static bool TryParseEvent(string? id, out string epoch, out long sequence) =>
        TryParse(id, out epoch, out sequence) && sequence >= 1 && epoch.Length == 2 * EpochBytes && epoch.All(char.IsAsciiHexDigitLower)
        && Format(epoch, sequence) == id;
}
