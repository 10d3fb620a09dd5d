using System.Buffers;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Collects decoded body bytes and hands out complete '\n'-terminated lines. Each byte is searched for '\n'
/// once: a line of --max-line-bytes that arrives a few bytes at a time is not searched again on every append.</summary>
public sealed class LineBuffer
{
    /// <summary>What every connection holds from the start: lines of a device are far shorter.</summary>
    public const int InitialBytes = 4096;

    private byte[] _bytes = new byte[InitialBytes];
    private int _start;
    private int _end;
    private int _searched; // [_start, _searched) holds no '\n'
    private int _confirmed; // [_confirmed, _end) is held: appended with AppendHeld and not confirmed yet, so no line reads it

    /// <summary>Bytes of the line not yet ended by '\n', with any held bytes.</summary>
    public int PendingLength => _end - _start;

    /// <summary>Bytes appended with <see cref="AppendHeld"/> and not yet confirmed.</summary>
    public int HeldLength => _end - _confirmed;

    /// <summary>Bytes the buffer holds (it grows for a long line, and <see cref="ShrinkWhenShort"/> gives that back).</summary>
    public int Capacity => _bytes.Length;

    /// <summary>After a long line: back to <see cref="InitialBytes"/> once what is pending fits in them, so a connection
    /// that once sent a long line does not keep its buffer for good.</summary>
    public void ShrinkWhenShort()
    {
        int pending = _end - _start;
        if (_bytes.Length > InitialBytes && pending <= InitialBytes)
        {
            var small = new byte[InitialBytes];
            _bytes.AsSpan(_start, pending).CopyTo(small);
            _searched = Math.Max(0, _searched - _start);
            _confirmed -= _start;
            _bytes = small;
            _start = 0;
            _end = pending;
        }
    }

    /// <summary>Bytes searched for a line end so far: the bytes appended when each is looked at once.</summary>
    public long BytesSearched { get; private set; }

    /// <summary>Every byte appended so far (a line in progress too).</summary>
    public long BytesAppended { get; private set; }

    public void Append(ReadOnlySequence<byte> data)
    {
        AppendHeld(data);
        Confirm();
    }

    /// <summary>Appends bytes that no line reads until <see cref="Confirm"/> (a chunk until the CRLF after it shows its
    /// size was right); <see cref="DropHeld"/> throws them away.</summary>
    public void AppendHeld(ReadOnlySequence<byte> data)
    {
        EnsureRoom((int)data.Length);
        data.CopyTo(_bytes.AsSpan(_end));
        _end += (int)data.Length;
        BytesAppended += data.Length;
    }

    /// <summary>Lets lines read the held bytes.</summary>
    public void Confirm() => _confirmed = _end;

    /// <summary>Throws the held bytes away.</summary>
    public void DropHeld() => _end = _confirmed;

    /// <summary>The next complete line without its '\n' (and '\r'); valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int from = Math.Max(_start, _searched);
        int newline = _bytes.AsSpan(from, _confirmed - from).IndexOf((byte)'\n');
        if (newline < 0)
        {
            BytesSearched += _confirmed - from;
            _searched = _confirmed;
            line = default;
            return false;
        }

        BytesSearched += newline + 1;
        line = _bytes.AsSpan(_start, from - _start + newline).TrimEnd((byte)'\r');
        _start = _searched = from + newline + 1;
        return true;
    }

    /// <summary>Takes what is left (a last line sent without '\n'), held bytes too.</summary>
    public ReadOnlySpan<byte> TakeRest()
    {
        ReadOnlySpan<byte> rest = _bytes.AsSpan(_start, _end - _start).TrimEnd((byte)'\r');
        _start = _searched = _confirmed = _end;
        return rest;
    }

    private void EnsureRoom(int count)
    {
        if (_start > 0)
        {
            // Move the unfinished line to the front before growing.
            _bytes.AsSpan(_start, _end - _start).CopyTo(_bytes);
            _end -= _start;
            _searched = Math.Max(0, _searched - _start);
            _confirmed -= _start;
            _start = 0;
        }

        if (_end + count > _bytes.Length)
        {
            // The next power of two: the size a line ends up with does not depend on how its bytes were split into reads.
            Array.Resize(ref _bytes, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(_end + count)));
        }
    }
}
