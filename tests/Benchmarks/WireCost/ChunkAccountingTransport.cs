using System.Text;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Benchmarks.WireCost;

/// <summary>
/// A transport that reads what a stream sends the way a server would, and counts its bytes by kind:
/// the request head, chunk framing (size lines and CRLFs), JSON payload, and heartbeats.
/// </summary>
public sealed class ChunkAccountingTransport : ITransport
{
    private readonly StringBuilder _line = new();
    private bool _inHead = true;
    private int _dataRemaining;
    private int _trailerRemaining;

    public long HeadBytes { get; private set; }

    public long FramingBytes { get; private set; }

    public long PayloadBytes { get; private set; }

    public long HeartbeatBytes { get; private set; }

    public int Objects { get; private set; }

    public long TotalBytes => HeadBytes + FramingBytes + PayloadBytes + HeartbeatBytes;

    public void Connect(string host, int port, bool useTls)
    {
    }

    public void Send(byte[] buffer, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
        {
            Read((char)buffer[i]);
        }
    }

    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => 0;

    public void Close()
    {
    }

    private void Read(char next)
    {
        if (_inHead)
        {
            HeadBytes++;
            _line.Append(next);
            if (_line.Length >= 4 && _line.ToString(_line.Length - 4, 4) == "\r\n\r\n")
            {
                _inHead = false;
                _line.Clear();
            }

            return;
        }

        if (_dataRemaining > 0)
        {
            _dataRemaining--;
            if (_line.Length == 0 && next == '\n' && _dataRemaining == 0)
            {
                HeartbeatBytes++;   // a chunk holding only "\n"
            }
            else
            {
                PayloadBytes++;
                _line.Append('.');
            }

            if (_dataRemaining == 0)
            {
                Objects += _line.Length > 0 ? 1 : 0;
                _line.Clear();
                _trailerRemaining = 2;
            }

            return;
        }

        if (_trailerRemaining > 0)
        {
            _trailerRemaining--;
            FramingBytes++;
            return;
        }

        // A size line: hex digits then CRLF.
        FramingBytes++;
        _line.Append(next);
        if (next == '\n')
        {
            _dataRemaining = Convert.ToInt32(_line.ToString().Trim(), 16);
            _line.Clear();
        }
    }
}
