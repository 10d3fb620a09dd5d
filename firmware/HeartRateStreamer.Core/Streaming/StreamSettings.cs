using System;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Streaming
{
    /// <summary>What every stream of one device shares: the server, how it names itself, and the timing rules.</summary>
    public sealed class StreamSettings
    {
        private int _heartbeatIntervalMilliseconds = HeartbeatSchedule.DefaultIntervalMilliseconds;
        private int _objectIntervalMilliseconds = DefaultObjectIntervalMilliseconds;
        private int _reconnectBaseDelayMilliseconds = 1000;
        private int _reconnectMaximumDelayMilliseconds = DefaultReconnectMaximumDelayMilliseconds;
        private int _healthyConnectionMilliseconds = DefaultHealthyConnectionMilliseconds;
        private int _answerWaitMilliseconds = 2000;
        private string _userAgent = DeviceIdentity.UserAgent;
        private readonly object _serverLock = new object();
        private ServerAddress _server;

        /// <summary>
        /// The shortest interval between a stream's JSON objects: Plotly throttles incoming objects at 50 ms and loses
        /// data sent faster (protocol reference §3, "Rate": Plotly's Streaming-Demos README).
        /// </summary>
        public const int MinimumObjectIntervalMilliseconds = 50;

        /// <summary>The most JSON objects a stream may send a second (20): one per <see cref="MinimumObjectIntervalMilliseconds"/>.</summary>
        public const int MaximumObjectsPerSecond = 1000 / MinimumObjectIntervalMilliseconds;

        /// <summary>The object grid unless set otherwise: as fast as the protocol allows.</summary>
        public const int DefaultObjectIntervalMilliseconds = MinimumObjectIntervalMilliseconds;

        /// <summary>The longest a stream waits between connection attempts unless set otherwise: after an outage, the time a
        /// stream may take to notice the server is back.</summary>
        public const int DefaultReconnectMaximumDelayMilliseconds = 60000;

        /// <summary>How long a connection must last, unless set otherwise, before the back-off starts again from its first delay.</summary>
        public const int DefaultHealthyConnectionMilliseconds = 60000;

        /// <summary>Settings for streams to <paramref name="server"/>, with the defaults below.</summary>
        public StreamSettings(ServerAddress server)
        {
            _server = server ?? throw new ArgumentNullException(nameof(server), "Pass the stream server's address.");
            TimeBase = new StreamTimeBase();
        }

        /// <summary>
        /// The stream server. The device creates its streams at power-on with the configured one, and plot creation
        /// may name another (the answer's stream-host) at any time; each stream reads it at every connect, so a connected
        /// stream moves at its next one.
        /// </summary>
        public ServerAddress Server
        {
            get
            {
                lock (_serverLock)
                {
                    return _server;
                }
            }

            set
            {
                if (value == null)
                {
                    throw new ArgumentNullException(nameof(value), "Pass the stream server's address.");
                }

                lock (_serverLock)
                {
                    _server = value;
                }
            }
        }

        /// <summary>How point times are written (milliseconds since boot until a UTC origin is set).</summary>
        public StreamTimeBase TimeBase { get; }

        /// <summary>The User-Agent header: product name and version. Default <see cref="DeviceIdentity.UserAgent"/>.</summary>
        public string UserAgent
        {
            get => _userAgent;
            set => _userAgent = value ?? throw new ArgumentNullException(nameof(value), "Give the user agent as name/version.");
        }

        /// <summary>Silence before a heartbeat; default and allowed range as <see cref="HeartbeatSchedule"/> says (30 s, below the server's 60 s stale limit).</summary>
        public int HeartbeatIntervalMilliseconds
        {
            get => _heartbeatIntervalMilliseconds;
            set => _heartbeatIntervalMilliseconds = HeartbeatSchedule.CheckInterval(value);
        }

        /// <summary>The grid a stream's JSON objects go out on, one per slot (PlotStream makes up a late one); default and minimum <see cref="MinimumObjectIntervalMilliseconds"/>, Plotly's throttle.</summary>
        public int ObjectIntervalMilliseconds
        {
            get => _objectIntervalMilliseconds;
            set => _objectIntervalMilliseconds = CheckRange(value, MinimumObjectIntervalMilliseconds, 60000,
                "The interval between objects (Plotly drops data sent faster than one object per " + MinimumObjectIntervalMilliseconds.ToString() + " ms)");
        }

        /// <summary>Ceiling of the first reconnect delay; default 1000 ms.</summary>
        public int ReconnectBaseDelayMilliseconds
        {
            get => _reconnectBaseDelayMilliseconds;
            set => _reconnectBaseDelayMilliseconds = CheckRange(value, 1, 60000, "The first reconnect delay");
        }

        /// <summary>Cap of the reconnect delay; default 60 000 ms.</summary>
        public int ReconnectMaximumDelayMilliseconds
        {
            get => _reconnectMaximumDelayMilliseconds;
            set => _reconnectMaximumDelayMilliseconds = CheckRange(value, 1, 60000, "The longest reconnect delay");
        }

        /// <summary>How long a connection must last before the back-off starts again from its first delay; default 60 000 ms.</summary>
        public int HealthyConnectionMilliseconds
        {
            get => _healthyConnectionMilliseconds;
            set => _healthyConnectionMilliseconds = CheckRange(value, 1, 3600000, "The healthy-connection time");
        }

        /// <summary>How long <see cref="PlotStream.End"/> waits for the server's answer after the last chunk; default 2000 ms.</summary>
        public int AnswerWaitMilliseconds
        {
            get => _answerWaitMilliseconds;
            set => _answerWaitMilliseconds = CheckRange(value, 0, 60000, "The wait for the server's answer");
        }

        private static int CheckRange(int value, int minimum, int maximum, string what)
        {
            if (value < minimum || value > maximum)
            {
                throw new ArgumentOutOfRangeException(nameof(value), what + " must be between " + minimum.ToString() + " and " + maximum.ToString() + " ms.");
            }

            return value;
        }
    }
}
