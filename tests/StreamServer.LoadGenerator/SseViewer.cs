using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>A viewer on a plot's Server-Sent Events (GET /p/ID/events): an HTTP/1.1 response with a
/// chunked body, read by hand so that reading costs the same for the server and the sink; the points
/// are the x values of each "frame" event.</summary>
public sealed class SseViewer : ViewerConnection
{
    private byte[] _line = new byte[1024];
    private int _lineLength;
    private int _headMatched;
    private long _chunkRemaining;
    private long _chunkSize;
    private bool _chunkSizeDigits;
    private bool _chunkExtension;
    private bool _frameEvent;
    private State _state = State.Head;

    private SseViewer(Device device, Socket socket, LatencyHistogram latencies)
        : base(device, socket, latencies)
    {
    }

    private enum State { Head, ChunkSize, ChunkData, Ended }

    public static async Task<SseViewer> ConnectAsync(Device device, string plotPath, int port, LatencyHistogram latencies, CancellationToken cancellationToken)
    {
        Socket socket = await LoopbackAddresses.ConnectAsync(port, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {plotPath}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"), cancellationToken);
        return new SseViewer(device, socket, latencies);
    }

    protected override void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            switch (_state)
            {
                case State.Head:
                    data = SkipHead(data);
                    break;
                case State.ChunkSize:
                    data = ReadChunkSize(data);
                    break;
                case State.ChunkData:
                    int count = (int)Math.Min(_chunkRemaining, data.Length);
                    EventBytes(data[..count]);
                    data = data[count..];
                    _chunkRemaining -= count;
                    if (_chunkRemaining == 0)
                    {
                        _state = State.ChunkSize; // its CRLF reads as a blank size line
                    }

                    break;
                default:
                    return;
            }
        }
    }

    private ReadOnlySpan<byte> SkipHead(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> end = "\r\n\r\n"u8;
        for (int i = 0; i < data.Length; i++)
        {
            _headMatched = data[i] == end[_headMatched] ? _headMatched + 1 : data[i] == end[0] ? 1 : 0;
            if (_headMatched == end.Length)
            {
                _state = State.ChunkSize;
                return data[(i + 1)..];
            }
        }

        return default;
    }

    private ReadOnlySpan<byte> ReadChunkSize(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (b == (byte)'\n')
            {
                if (_chunkSizeDigits)
                {
                    _chunkRemaining = _chunkSize;
                    _state = _chunkSize == 0 ? State.Ended : State.ChunkData;
                }

                _chunkSize = 0;
                _chunkSizeDigits = false;
                _chunkExtension = false;
                return data[(i + 1)..];
            }

            int digit = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b is >= (byte)'a' and <= (byte)'f' ? b - 'a' + 10 : b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10 : -1;
            if (b == (byte)';')
            {
                _chunkExtension = true;
            }
            else if (digit >= 0 && !_chunkExtension)
            {
                _chunkSize = (_chunkSize * 16) + digit;
                _chunkSizeDigits = true;
            }
        }

        return default;
    }

    private void EventBytes(ReadOnlySpan<byte> data)
    {
        int newline;
        while ((newline = data.IndexOf((byte)'\n')) >= 0)
        {
            if (_lineLength == 0)
            {
                Line(data[..newline]);
            }
            else
            {
                Append(data[..newline]);
                Line(_line.AsSpan(0, _lineLength));
                _lineLength = 0;
            }

            data = data[(newline + 1)..];
        }

        Append(data);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_lineLength + data.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + data.Length));
        }

        data.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += data.Length;
    }

    // SSE lines (WHATWG HTML §9.2): "event: NAME", "data: TEXT", a blank line ends an event.
    private void Line(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _frameEvent = false;
            Subscribed.TrySetResult();
        }
        else if (line.StartsWith("event: "u8))
        {
            _frameEvent = line["event: "u8.Length..].SequenceEqual("frame"u8);
        }
        else if (_frameEvent && line.StartsWith("data: "u8))
        {
            PointValues.ForEachX<ViewerConnection>(line, this, s_received);
        }
    }
}
