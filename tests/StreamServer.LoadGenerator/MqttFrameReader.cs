namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>Splits a received byte stream into MQTT packets: the fixed header byte, the remaining
/// length (a variable byte integer, MQTT 3.1.1 §2.2.3) and the body.</summary>
public sealed class MqttFrameReader
{
    private byte[] _body = new byte[256];
    private byte _header;
    private int _length;
    private int _lengthMultiplier = 1;
    private int _have;
    private State _state = State.Header;

    private enum State { Header, Length, Body }

    /// <summary>Calls <paramref name="packet"/> with each complete packet's fixed header and body (valid during the call).</summary>
    public void Feed(ReadOnlySpan<byte> data, Action<byte, ArraySegment<byte>> packet)
    {
        while (!data.IsEmpty)
        {
            switch (_state)
            {
                case State.Header:
                    _header = data[0];
                    data = data[1..];
                    _length = 0;
                    _lengthMultiplier = 1;
                    _state = State.Length;
                    break;
                case State.Length:
                    byte digit = data[0];
                    data = data[1..];
                    _length += (digit & 0x7F) * _lengthMultiplier;
                    _lengthMultiplier *= 128;
                    if ((digit & 0x80) == 0)
                    {
                        _have = 0;
                        if (_body.Length < _length)
                        {
                            _body = new byte[_length];
                        }

                        _state = State.Body;
                        if (_length == 0)
                        {
                            _state = State.Header;
                            packet(_header, new ArraySegment<byte>(_body, 0, 0));
                        }
                    }

                    break;
                case State.Body:
                    int count = Math.Min(_length - _have, data.Length);
                    data[..count].CopyTo(_body.AsSpan(_have));
                    data = data[count..];
                    _have += count;
                    if (_have == _length)
                    {
                        _state = State.Header;
                        packet(_header, new ArraySegment<byte>(_body, 0, _length));
                    }

                    break;
            }
        }
    }
}
