namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>What the loopback server read on one connection: the head's fields, every JSON line, heartbeats, the end.</summary>
public sealed class RecordedRequest
{
    private readonly object _lock = new();
    private readonly List<string> _objects = [];
    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);
    private int _heartbeats;
    private int _chunks;
    private bool _headReceived;
    private bool _ended;
    private bool _closed;
    private string _error = "";
    private string _clientGone = "";

    /// <summary>The request line as sent.</summary>
    public string RequestLine { get; private set; } = "";

    /// <summary>JSON objects received, in order (without their newline).</summary>
    public IReadOnlyList<string> Objects { get { lock (_lock) { return _objects.ToArray(); } } }

    /// <summary>Empty lines received (heartbeats).</summary>
    public int Heartbeats { get { lock (_lock) { return _heartbeats; } } }

    /// <summary>Chunks received (the last chunk excluded).</summary>
    public int Chunks { get { lock (_lock) { return _chunks; } } }

    /// <summary>True once the last chunk 0\r\n\r\n arrived.</summary>
    public bool Ended { get { lock (_lock) { return _ended; } } }

    /// <summary>True once the server has closed this connection.</summary>
    public bool Closed { get { lock (_lock) { return _closed; } } }

    /// <summary>The framing error the strict reader found, or empty.</summary>
    public string Error { get { lock (_lock) { return _error; } } }

    /// <summary>The value of header field <paramref name="name"/> (case-insensitive).</summary>
    public string Field(string name)
    {
        lock (_lock)
        {
            return _fields.TryGetValue(name, out string? value) ? value : throw new KeyNotFoundException("no '" + name + "' field in the request");
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; false if it never did within <paramref name="timeout"/>.</summary>
    public bool WaitUntil(Func<RecordedRequest, bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_lock)
        {
            while (!condition(this))
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_lock, left);
            }

            return true;
        }
    }

    internal void SetHead(string requestLine, IEnumerable<KeyValuePair<string, string>> fields)
    {
        lock (_lock)
        {
            RequestLine = requestLine;
            foreach (KeyValuePair<string, string> field in fields)
            {
                if (!_fields.TryAdd(field.Key, field.Value))
                {
                    _error = "header field '" + field.Key + "' sent twice";
                }
            }

            _headReceived = true;
            Monitor.PulseAll(_lock);
        }
    }

    internal bool HeadReceived { get { lock (_lock) { return _headReceived; } } }

    internal void AddChunk(byte[] data)
    {
        lock (_lock)
        {
            _chunks++;
            Monitor.PulseAll(_lock);
        }
    }

    internal void AddLine(string line)
    {
        lock (_lock)
        {
            if (line.Length == 0)
            {
                _heartbeats++;
            }
            else
            {
                _objects.Add(line);
            }

            Monitor.PulseAll(_lock);
        }
    }

    internal void MarkEnded()
    {
        lock (_lock)
        {
            _ended = true;
            Monitor.PulseAll(_lock);
        }
    }

    internal void MarkClosed()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Why the client's side ended before the server closed, or empty.</summary>
    public string ClientGone { get { lock (_lock) { return _clientGone; } } }

    internal void MarkClientGone(string reason)
    {
        lock (_lock)
        {
            _clientGone = reason;
            Monitor.PulseAll(_lock);
        }
    }

    internal void Fail(string error)
    {
        lock (_lock)
        {
            _error = error;
            Monitor.PulseAll(_lock);
        }
    }
}
