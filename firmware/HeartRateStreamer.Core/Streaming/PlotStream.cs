using System;
using System.IO;
using System.Threading;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// One Plotly stream: one token, one connection (as the protocol has it), one trace on the plot.
    /// Points go in with <see cref="Append"/> or <see cref="AppendIfChanged"/> from any thread; the stream's own loop
    /// calls <see cref="Service"/>, which connects, writes JSON objects on a 50 ms grid, one per slot, making up a slot
    /// its loop woke late for (a burst waits in a queue of at most four points; beyond that, and always for on-change
    /// values, newer points replace waiting ones: coalesced, never queued without bound), writes a heartbeat after a
    /// silence, reads the server's answer when it
    /// speaks, and reconnects with back-off. After every (re)connection it first sends its whole window of the newest
    /// <c>maxpoints</c> points as one array message, which replaces the trace, so viewers see no gap. A connection with
    /// no points yet (the first after a reboot) sends its first point that way: it clears the last boot's points from a
    /// reused plot, whose times restart from the boot and would otherwise sit among the new ones until maxpoints trimmed them.
    /// Nothing on this path allocates: every frame is formatted into preallocated buffers.
    /// </summary>
    public sealed class PlotStream : IHeartbeatSender
    {
        /// <summary>
        /// How many appended points may wait for their turn. A FIFO sensor delivers several samples per read, so the
        /// decimator can hand over two points at once; a short queue lets the 50 ms cadence spread them out instead
        /// of losing one. It never grows: when full, the oldest waiting point is dropped (counted as coalesced).
        /// </summary>
        public const int PendingPointCapacity = 4;

        /// <summary>
        /// What <see cref="MillisecondsUntilNextWork"/> says while the watchdog has the connection: one tick of the ESP32's
        /// scheduler, so the loop neither waits behind the heartbeat's send nor spins until it is done.
        /// </summary>
        public const int ClaimedElsewhereWaitMilliseconds = 10;

        // How many slots the grid may lag the clock (TakeObjectSlot): half the queue, so a backlog's burst is the queue's
        // worth plus one.
        private const int GridLagSlots = PendingPointCapacity / 2;

        private const int FrameBytes = 1024;
        private const int AnswerBytes = 512;
        private const int ReceiveChunkBytes = 128;

        // When the server has started to answer, how long each further read for the rest of its status line may wait.
        private const int AnswerReadTimeoutMilliseconds = 50;
        private const int AnswerReadAttempts = 20;

        // A window message is flushed to the transport whenever less than this is free in the frame buffer:
        // more than the longest element (a quoted date string or a 20-digit number with decimals).
        private const int WindowFlushMarginBytes = 48;

        // A point's fixed text, as bytes made once: written every frame, 20 times a second.
        private static readonly byte[] s_pointStart = JsonWriter.Ascii("{\"x\":");
        private static readonly byte[] s_pointMiddle = JsonWriter.Ascii(",\"y\":");
        private static readonly byte[] s_pointEnd = JsonWriter.Ascii("}\n");

        private readonly string _name;
        private readonly string _token;
        private readonly int _valueDecimals;
        private readonly StreamSettings _settings;
        private readonly ITransport _transport;
        private readonly IClock _clock;
        private readonly ExponentialBackoff _backoff;
        private readonly HeartbeatSchedule _heartbeat;
        private RequestHead _head;

        // Guards the window and the waiting point: held only for a few instructions, so the thread that appends never waits for I/O.
        private readonly object _dataLock = new object();
        private readonly PointWindow _window;
        private readonly long[] _pendingTimes = new long[PendingPointCapacity];
        private readonly float[] _pendingValues = new float[PendingPointCapacity];
        private int _pendingOldest;
        private int _pendingCount;
        private long _waitingSinceMilliseconds; // when the queue last went from empty to not: no object could go before
        private bool _hasLastAppended;
        private bool _lastAppendedWasNumber;
        private long _lastAppendedScaled;

        // Guards the connection and everything written to it.
        private readonly object _ioLock = new object();
        private readonly PointWindow _snapshot;
        private readonly byte[] _frame = new byte[FrameBytes];
        private readonly byte[] _control = new byte[ChunkedEncoding.HeartbeatLength];
        private readonly JsonWriter _pointWriter;
        private readonly JsonWriter _windowWriter;
        private readonly JsonWriter _measureWriter = new JsonWriter(64);
        private readonly byte[] _receiveBuffer = new byte[ReceiveChunkBytes];
        private readonly ServerAnswer _answer = new ServerAnswer(AnswerBytes);
        private StreamState _state = StreamState.NotConnected;
        private long _nextConnectMilliseconds = long.MinValue / 2; // due at once; half, so "due - now" cannot overflow
        private long _connectedAtMilliseconds;
        private long _lastWriteMilliseconds;
        private long _nextObjectSlotMilliseconds = long.MinValue / 2;
        private long _lastObjectMilliseconds = long.MinValue / 2;
        private bool _windowDue;
        private bool _backoffResetForConnection;

        // Set by RetryRefusedTokenNow (the plot creation's thread): the plot was made again, so a 404 handled from now on
        // may be the server's answer to a request sent before, and is tried again at once (HandleAnswer). Left set on a
        // stream the server goes on knowing, it costs one early try at its next refusal; ForgetTokenRefusals clears it.
        // 1 or 0, by Interlocked: a full fence, so the state read after setting it is not read before.
        private int _retryWhenRefused;
        private int _timeBaseVersion;
        private int _windowBytesSent;
        private IOException? _connectionError;

        // 1 while the stream's loop is in a pass or the watchdog writes a heartbeat. Each claims it (CompareExchange) before
        // it takes the I/O lock, and the one that finds it taken goes away at once: a flag read and then the lock taken
        // left a gap in which the loop could start a pass, and the watchdog then waited behind all of it.
        private int _servicing;

        private int _pointsAppended;
        private int _pointsCoalesced;
        private int _pointsSent;
        private int _windowsSent;
        private int _heartbeatsSent;
        private int _connections;
        private int _lastServerStatus;
        private int _lastReconnectDelayMilliseconds;
        private string _lastMessage = "";

        // When the server first answered 404 since it last accepted the token (long.MinValue: it has not refused it),
        // and how many connections it has refused since.
        private long _tokenRefusedSinceMilliseconds = long.MinValue;
        private int _tokenRefusals;

        /// <summary>
        /// Creates a stream named <paramref name="name"/> (for logs) writing to <paramref name="token"/>, keeping the newest
        /// <paramref name="maxPoints"/> points (the trace's <c>maxpoints</c>, 1..10000) and writing values with
        /// <paramref name="valueDecimals"/> decimals (0..9). It uses its own <paramref name="transport"/>: one connection per token.
        /// </summary>
        public PlotStream(string name, string token, int maxPoints, int valueDecimals, StreamSettings settings, ITransport transport, IClock clock, IRandom random)
        {
            if (name == null || name.Length == 0)
            {
                throw new ArgumentException("Name the stream (e.g. \"pulse\") so its messages say which one they are about.", nameof(name));
            }

            if (valueDecimals < 0 || valueDecimals > JsonWriter.MaximumDecimals)
            {
                throw new ArgumentOutOfRangeException(nameof(valueDecimals), "A stream writes its values with 0 to 9 decimals.");
            }

            _settings = settings ?? throw new ArgumentNullException(nameof(settings), "Pass the stream settings (server, timing).");
            _transport = transport ?? throw new ArgumentNullException(nameof(transport), "Pass this stream's own transport: one connection per token.");
            _clock = clock ?? throw new ArgumentNullException(nameof(clock), "Pass the monotonic clock.");
            _name = name;
            _token = token;
            _valueDecimals = valueDecimals;
            _head = new RequestHead(settings.Server, token, settings.UserAgent);
            _window = new PointWindow(maxPoints);
            _snapshot = new PointWindow(maxPoints);
            _backoff = new ExponentialBackoff(settings.ReconnectBaseDelayMilliseconds, settings.ReconnectMaximumDelayMilliseconds, random);
            _heartbeat = new HeartbeatSchedule(settings.HeartbeatIntervalMilliseconds);
            _pointWriter = new JsonWriter(_frame, ChunkedEncoding.HeaderReserveBytes);
            _windowWriter = new JsonWriter(_frame, 0);
        }

        /// <summary>Reports connections, server answers, reconnect delays and stops, one sentence each (not per frame).</summary>
        public event StreamMessageHandler? Message;

        /// <summary>The stream's name, e.g. "pulse".</summary>
        public string Name => _name;

        /// <summary>The stream token it writes to.</summary>
        public string Token => _token;

        /// <summary>How many points its window keeps (the trace's maxpoints).</summary>
        public int MaxPoints => _window.Capacity;

        /// <summary>Where the stream is in its life.</summary>
        public StreamState State => _state;

        /// <summary>Points appended (each goes into the window).</summary>
        public int PointsAppended => _pointsAppended;

        /// <summary>Points that were replaced by a newer one before they could be sent (they stay in the window).</summary>
        public int PointsCoalesced => _pointsCoalesced;

        /// <summary>Single points sent as <c>{"x":..,"y":..}</c> objects.</summary>
        public int PointsSent => _pointsSent;

        /// <summary>Window messages sent (one after each connection, as soon as it has a point to show).</summary>
        public int WindowsSent => _windowsSent;

        /// <summary>Heartbeats written, by <see cref="Service"/> or by the watchdog.</summary>
        public int HeartbeatsSent => _heartbeatsSent;

        /// <summary>Successful connections, the first included.</summary>
        public int Connections => _connections;

        /// <summary>Successful connections after the first.</summary>
        public int Reconnects => _connections > 0 ? _connections - 1 : 0;

        /// <summary>The status code of the server's last answer, 0 when it has not answered.</summary>
        public int LastServerStatus => _lastServerStatus;

        /// <summary>
        /// How long the server has refused the token (answered 404, and nothing that only a known token gets, since it
        /// last accepted it), in ms; 0 while it has not refused it.
        /// </summary>
        public long TokenRefusedForMilliseconds
        {
            get
            {
                lock (_ioLock)
                {
                    return _tokenRefusedSinceMilliseconds == long.MinValue ? 0 : _clock.Milliseconds - _tokenRefusedSinceMilliseconds;
                }
            }
        }

        /// <summary>How many connections the server has answered with 404 since it last accepted the token.</summary>
        public int TokenRefusals => _tokenRefusals;

        /// <summary>The last back-off delay chosen, in ms.</summary>
        public int LastReconnectDelayMilliseconds => _lastReconnectDelayMilliseconds;

        /// <summary>Set after every appended point, so the stream's loop wakes to send it (null: the loop looks by itself).</summary>
        public IWakeSignal? PointAppended { get; set; }

        /// <summary>The last message reported.</summary>
        public string LastMessage => _lastMessage;

        /// <summary>
        /// Adds a point of a signal (the waveform): it goes into the window and waits its turn to be sent, one per 50 ms slot.
        /// At most <see cref="PendingPointCapacity"/> wait; beyond that the oldest waiting point is dropped from the live
        /// stream (it stays in the window).
        /// </summary>
        public void Append(long timeMilliseconds, double value)
        {
            lock (_dataLock)
            {
                AppendLocked(timeMilliseconds, value, false);
            }

            WakeLoop();
        }

        /// <summary>
        /// Adds a point only when its value, at the stream's decimals, differs from the last one added (heart rate,
        /// SpO2: "on change"). A new value replaces any still waiting to be sent: only the newest state matters.
        /// NaN counts as a value of its own, written as null. Returns true when added.
        /// </summary>
        public bool AppendIfChanged(long timeMilliseconds, double value)
        {
            // Judged as it will be written: every point is kept as a float (PointWindow).
            value = (float)value;
            long scaled;
            bool isNumber = JsonWriter.TryScale(value, _valueDecimals, out scaled);
            lock (_dataLock)
            {
                if (_hasLastAppended && isNumber == _lastAppendedWasNumber && (!isNumber || scaled == _lastAppendedScaled))
                {
                    return false;
                }

                _hasLastAppended = true;
                _lastAppendedWasNumber = isNumber;
                _lastAppendedScaled = scaled;
                AppendLocked(timeMilliseconds, value, true);
            }

            WakeLoop();
            return true;
        }

        /// <summary>
        /// Does whatever is due now: connect (or reconnect once the back-off has passed), notice and read a server
        /// answer, send the window after a connection, send the waiting point if its slot on the 50 ms grid has come,
        /// send a heartbeat after a silence. Call it from the stream's own loop, when <see cref="MillisecondsUntilNextWork"/> says or <see cref="PointAppended"/> wakes it.
        /// A failed send never throws: the stream reconnects. While the watchdog writes a heartbeat it returns at once.
        /// </summary>
        public void Service()
        {
            if (Interlocked.CompareExchange(ref _servicing, 1, 0) != 0)
            {
                // The watchdog is writing a heartbeat; the loop's next pass, right after it, does the work.
                return;
            }

            try
            {
                ServiceOnce();
            }
            finally
            {
                Interlocked.Exchange(ref _servicing, 0);
            }
        }

        private void ServiceOnce()
        {
            long now;
            lock (_ioLock)
            {
                if (_state == StreamState.Ended)
                {
                    return;
                }

                now = _clock.Milliseconds;
                if (_state == StreamState.Streaming)
                {
                    ServiceLocked(now);
                    return;
                }

                if (now < _nextConnectMilliseconds)
                {
                    return;
                }
            }

            // Connecting happens outside the lock: a DNS lookup, a connect or a TLS handshake can take tens of seconds,
            // and the watchdog's heartbeat check must not wait for it. Only the stream's own loop calls Service; the one
            // other call that touches the transport while the stream is not streaming is End, which closes it, and
            // Connect then leaves the stream ended.
            if (Connect(now))
            {
                lock (_ioLock)
                {
                    // End may have run between Connect's lock and this one: it sent the last chunk and closed.
                    if (_state == StreamState.Streaming)
                    {
                        ServiceLocked(_clock.Milliseconds);
                    }
                }
            }
        }

        /// <summary>
        /// Milliseconds until <see cref="Service"/> has something to do (0: now): the next waiting object, the next
        /// heartbeat, or the next reconnection attempt; -1 when the stream has ended; <see cref="ClaimedElsewhereWaitMilliseconds"/>
        /// at once while the watchdog is writing a heartbeat. The stream's loop
        /// sleeps this long (or until <see cref="PointAppended"/> wakes it), never polling in between.
        /// </summary>
        public int MillisecondsUntilNextWork()
        {
            // Claimed as Service claims it: while the watchdog has the connection (in its heartbeat's send, or between
            // its claim and its lock) this neither waits for the I/O lock nor says 0, which would spin the loop.
            if (Interlocked.CompareExchange(ref _servicing, 1, 0) != 0)
            {
                return ClaimedElsewhereWaitMilliseconds;
            }

            try
            {
                return MillisecondsUntilNextWorkClaimed();
            }
            finally
            {
                Interlocked.Exchange(ref _servicing, 0);
            }
        }

        private int MillisecondsUntilNextWorkClaimed()
        {
            bool waiting;
            bool windowHasPoints;
            lock (_dataLock)
            {
                waiting = _pendingCount > 0;
                windowHasPoints = _window.Count > 0;
            }

            lock (_ioLock)
            {
                long now = _clock.Milliseconds;
                long due;
                switch (_state)
                {
                    case StreamState.Ended:
                        return -1;
                    case StreamState.Streaming:
                        due = _lastWriteMilliseconds + _heartbeat.IntervalMilliseconds; // the interval IsDue judges by
                        if (waiting || (_windowDue && windowHasPoints))
                        {
                            long nextObject = NextObjectMilliseconds();
                            due = nextObject < due ? nextObject : due;
                        }

                        break;
                    default:
                        due = _nextConnectMilliseconds;
                        break;
                }

                long wait = due - now;
                return wait <= 0 ? 0 : wait > int.MaxValue ? int.MaxValue : (int)wait;
            }
        }

        /// <summary>
        /// Writes the heartbeat <c>1\r\n\n\r\n</c> if the stream is connected and has written nothing for the heartbeat
        /// interval. Called by the watchdog's timer, so the stream stays alive even while no points come (no finger).
        /// </summary>
        public bool SendHeartbeatIfDue()
        {
            if (Interlocked.CompareExchange(ref _servicing, 1, 0) != 0)
            {
                // The stream's own loop is in a pass (it sends heartbeats itself); a pass stuck in a send must not
                // hold the watchdog up as well.
                return false;
            }

            lock (_ioLock)
            {
                try
                {
                    return SendHeartbeatIfDueLocked();
                }
                finally
                {
                    // Given back inside the lock: a pass that claims it now waits only for the lock's release.
                    Interlocked.Exchange(ref _servicing, 0);
                }
            }
        }

        private bool SendHeartbeatIfDueLocked()
        {
            if (_state != StreamState.Streaming)
            {
                return false;
            }

            long now = _clock.Milliseconds;
            if (!_heartbeat.IsDue(now, _lastWriteMilliseconds))
            {
                return false;
            }

            try
            {
                SendHeartbeat(now);
                return true;
            }
            catch (IOException e)
            {
                OnConnectionFailed(now, e);
                return false;
            }
        }

        /// <summary>
        /// When the server refuses the token, tries it again now (waking the loop) rather than after the rest of the
        /// back-off: the device has just made its plot again, so the server knows the token. A stream whose request is
        /// still under way tries again at once if that request is refused (its 404 may have been decided before the plot
        /// was made). Any other wait is left as it is. The back-off goes on counting: a token still refused waits as
        /// long as it would have.
        /// </summary>
        public void RetryRefusedTokenNow()
        {
            // The flag first, then the state: a 404 handled after this sees the flag; one handled before left the state
            // refused, which is looked at next. Both without the lock: a streaming stream may hold it in a send, and the
            // caller (the plot creation's job) must not wait behind that.
            Interlocked.Exchange(ref _retryWhenRefused, 1);
            if (_state != StreamState.TokenRefused)
            {
                return;
            }

            lock (_ioLock)
            {
                if (_state != StreamState.TokenRefused)
                {
                    return;
                }

                Interlocked.Exchange(ref _retryWhenRefused, 0);
                _nextConnectMilliseconds = _clock.Milliseconds;
            }

            WakeLoop();
        }

        /// <summary>
        /// Ends the stream on purpose: writes the last chunk <c>0\r\n\r\n</c>, waits up to the configured time for
        /// the server's answer, reports it and closes. The stream does not reconnect afterwards.
        /// </summary>
        public void End()
        {
            lock (_ioLock)
            {
                // The state is Ended before each report: the report's handler must not take the state it ends for a new
                // refusal or failure (a refused token's advice was logged again after "ended while not connected").
                StreamState was = _state;
                if (was == StreamState.Streaming)
                {
                    try
                    {
                        int length = ChunkedEncoding.WriteLastChunk(_control, 0);
                        _transport.Send(_control, 0, length);
                        string readError = ReadAnswer(_settings.AnswerWaitMilliseconds);
                        _lastServerStatus = _answer.StatusCode;
                        _state = StreamState.Ended;
                        if (_answer.ByteCount == 0 && readError.Length > 0)
                        {
                            // Nothing came and the connection stayed open (or reading failed): not a closed connection.
                            Report("ended with the last chunk; no answer from the server (" + readError + ")");
                        }
                        else if (_answer.ByteCount == 0)
                        {
                            Report("ended with the last chunk; the server closed the connection without an answer");
                        }
                        else
                        {
                            Report("ended with the last chunk; the server answered " + _answer.Describe()
                                + (readError.Length > 0 ? " (reading stopped: " + readError + ")" : ""));
                        }
                    }
                    catch (IOException e)
                    {
                        _state = StreamState.Ended;
                        Report("ended, but the last chunk or the answer was lost: " + e.Message);
                    }
                }
                else if (was != StreamState.Ended)
                {
                    _state = StreamState.Ended;
                    Report("ended while not connected (" + StreamStateNames.Describe(was) + ")");
                }

                _transport.Close();
                _state = StreamState.Ended;
            }
        }

        private void WakeLoop()
        {
            IWakeSignal? pointAppended = PointAppended;
            if (pointAppended != null)
            {
                pointAppended.Set();
            }
        }

        private void AppendLocked(long timeMilliseconds, double value, bool replaceWaiting)
        {
            _window.Add(timeMilliseconds, value);
            if (_pendingCount == 0)
            {
                _waitingSinceMilliseconds = _clock.Milliseconds;
            }

            if (replaceWaiting)
            {
                _pointsCoalesced += _pendingCount;
                _pendingCount = 0;
            }
            else if (_pendingCount == PendingPointCapacity)
            {
                _pendingOldest = _pendingOldest + 1 == PendingPointCapacity ? 0 : _pendingOldest + 1;
                _pendingCount--;
                _pointsCoalesced++;
            }

            int slot = _pendingOldest + _pendingCount;
            if (slot >= PendingPointCapacity)
            {
                slot -= PendingPointCapacity;
            }

            _pendingTimes[slot] = timeMilliseconds;
            // A float, as the window keeps it: a window resent after a reconnect writes what was sent live.
            _pendingValues[slot] = (float)value;
            _pendingCount++;
            _pointsAppended++;
        }

        private bool Connect(long now)
        {
            ServerAddress server = _settings.Server;
            if (server != _head.Server)
            {
                // Plot creation named another stream server since the head was built (once per change, not per connect).
                _head = new RequestHead(server, _token, _settings.UserAgent);
            }

            try
            {
                _transport.Connect(server.Host, server.Port, server.UseTls);
                _transport.Send(_head.Bytes, 0, _head.Length);
            }
            catch (IOException e)
            {
                lock (_ioLock)
                {
                    ScheduleReconnect(_clock.Milliseconds, "could not connect to " + server.ToString() + ": " + e.Message);
                }

                return false;
            }

            lock (_ioLock)
            {
                if (_state == StreamState.Ended)
                {
                    // End ran while this connect was under way (outside the lock): the stream stays ended.
                    _transport.Close();
                    return false;
                }

                now = _clock.Milliseconds;
                _state = StreamState.Streaming;
                _connections++;
                _connectedAtMilliseconds = now;
                _lastWriteMilliseconds = now;
                _windowDue = true;
                _backoffResetForConnection = false;
                _answer.Reset();
                Report("connected to " + server.ToString() + (_connections > 1 ? " (reconnection " + (_connections - 1).ToString() + ")" : ""));
            }

            return true;
        }

        private void ServiceLocked(long now)
        {
            if (!ServiceConnection(now))
            {
                // The server answered or closed, or a send failed: handled once per failure, so it may build messages.
                HandleConnectionEnd(now);
            }
        }

        // The steady state of a live connection: notice the server speaking (it only does when the stream ends or fails),
        // then send what is due. Returns false when the connection has ended. Nothing on this path allocates.
        private bool ServiceConnection(long now)
        {
            try
            {
                int received = _transport.Receive(_receiveBuffer, 0, _receiveBuffer.Length, 0);
                if (received != 0)
                {
                    if (received > 0)
                    {
                        _answer.Append(_receiveBuffer, 0, received);
                    }

                    return false;
                }

                if (!_backoffResetForConnection && now - _connectedAtMilliseconds >= _settings.HealthyConnectionMilliseconds)
                {
                    _backoff.Reset();
                    _backoffResetForConnection = true;
                    ForgetTokenRefusals();
                }

                long origin;
                int version = _settings.TimeBase.GetOrigin(out origin);
                if (version != _timeBaseVersion)
                {
                    // Times change form (milliseconds → UTC dates): rewrite the whole trace rather than mix them.
                    _timeBaseVersion = version;
                    _windowDue = true;
                }

                if (now >= NextObjectMilliseconds())
                {
                    if (_windowDue)
                    {
                        SendWindow(now, version, origin);
                    }
                    else
                    {
                        SendWaitingPoint(now, version, origin);
                    }
                }

                if (_heartbeat.IsDue(now, _lastWriteMilliseconds))
                {
                    SendHeartbeat(now);
                }

                return true;
            }
            catch (IOException e)
            {
                _connectionError = e;
                return false;
            }
        }

        private void HandleConnectionEnd(long now)
        {
            IOException? error = _connectionError;
            _connectionError = null;
            if (error != null)
            {
                OnConnectionFailed(now, error);
                return;
            }

            if (_answer.ByteCount > 0)
            {
                ReadAnswer(AnswerReadTimeoutMilliseconds * AnswerReadAttempts);
            }

            HandleAnswer(now);
        }

        // Reads the server's answer until it closes the connection (it does, once it has answered), the answer buffer
        // is full, or about waitMilliseconds have passed.
        // Returns why reading stopped early (a receive error, or the wait over before a whole status line came), or an
        // empty string: the connection is ending either way.
        private string ReadAnswer(int waitMilliseconds)
        {
            int attempts = waitMilliseconds / AnswerReadTimeoutMilliseconds;
            if (attempts < 1)
            {
                attempts = 1;
            }

            try
            {
                for (int i = 0; i < attempts && !_answer.IsFull; i++)
                {
                    int received = _transport.Receive(_receiveBuffer, 0, _receiveBuffer.Length, AnswerReadTimeoutMilliseconds);
                    if (received < 0)
                    {
                        return "";
                    }

                    if (received > 0)
                    {
                        _answer.Append(_receiveBuffer, 0, received);
                    }
                }
            }
            catch (IOException e)
            {
                return e.Message;
            }

            return _answer.IsComplete ? "" : "no status line within " + waitMilliseconds.ToString() + " ms";
        }

        private void HandleAnswer(long now)
        {
            _transport.Close();
            if (_answer.ByteCount == 0)
            {
                ScheduleReconnect(now, "the server closed the connection without an answer");
                return;
            }

            _lastServerStatus = _answer.StatusCode;
            if (_answer.StatusCode == PlotlyStatus.UnknownToken)
            {
                // Not for good: a cluster node may not have read a new plot yet, and a server that lost its plots learns
                // the token again when the device makes its plot again. The back-off's cap keeps a wrong token to one try a minute.
                if (_tokenRefusedSinceMilliseconds == long.MinValue)
                {
                    _tokenRefusedSinceMilliseconds = now;
                }

                _tokenRefusals++;

                // The token is a secret (anyone who has it writes to the plot): shown by its length only, as the
                // configuration's messages show it (ConfigurationKeys.IsSecret); the stream's name says which key it is.
                ScheduleReconnect(now, StreamState.TokenRefused, "the server answered " + _answer.Describe() + ". It does not know the token ("
                    + _token.Length.ToString() + " characters)");
                if (Interlocked.Exchange(ref _retryWhenRefused, 0) == 1)
                {
                    _nextConnectMilliseconds = now;
                }

                return;
            }

            if (PlotlyStatus.KnowsToken(_answer.StatusCode))
            {
                ForgetTokenRefusals();
            }

            ScheduleReconnect(now, "the server answered " + _answer.Describe());
        }

        private void OnConnectionFailed(long now, IOException error)
        {
            // The server may have answered just before closing; its status says more than the failed send.
            string receiveError = "";
            try
            {
                int received = _transport.Receive(_receiveBuffer, 0, _receiveBuffer.Length, 0);
                if (received > 0)
                {
                    _answer.Append(_receiveBuffer, 0, received);
                    ReadAnswer(AnswerReadTimeoutMilliseconds * AnswerReadAttempts);
                }
            }
            catch (IOException e)
            {
                receiveError = e.Message == error.Message ? "" : " (reading the answer failed too: " + e.Message + ")";
            }

            if (_answer.ByteCount > 0)
            {
                HandleAnswer(now);
                return;
            }

            ScheduleReconnect(now, "the connection failed: " + error.Message + receiveError);
        }

        // The server has accepted the token: a connection lasted, or it gave an answer only a known token gets.
        private void ForgetTokenRefusals()
        {
            _tokenRefusedSinceMilliseconds = long.MinValue;
            _tokenRefusals = 0;
            Interlocked.Exchange(ref _retryWhenRefused, 0);
        }

        private void ScheduleReconnect(long now, string reason)
        {
            ScheduleReconnect(now, StreamState.WaitingToReconnect, reason);
        }

        private void ScheduleReconnect(long now, StreamState waitingState, string reason)
        {
            _transport.Close();
            if (_state == StreamState.Ended)
            {
                return; // ended on purpose: a failure seen after End is not a reason to connect again
            }

            _state = waitingState;
            _lastReconnectDelayMilliseconds = _backoff.NextDelayMilliseconds();
            _nextConnectMilliseconds = now + _lastReconnectDelayMilliseconds;
            Report(ReasonText.Clause(reason) + "; reconnecting in " + _lastReconnectDelayMilliseconds.ToString() + " ms");
        }

        private void SendWaitingPoint(long now, int version, long origin)
        {
            long time;
            double value;
            long waitingSince;
            lock (_dataLock)
            {
                if (_pendingCount == 0)
                {
                    return;
                }

                time = _pendingTimes[_pendingOldest];
                value = _pendingValues[_pendingOldest];
                waitingSince = _waitingSinceMilliseconds;
                _pendingOldest = _pendingOldest + 1 == PendingPointCapacity ? 0 : _pendingOldest + 1;
                _pendingCount--;
            }

            _pointWriter.Reset();
            _pointWriter.WriteBytes(s_pointStart);
            StreamTimeBase.WriteTime(_pointWriter, time, version, origin);
            _pointWriter.WriteBytes(s_pointMiddle);
            _pointWriter.WriteFixed(value, _valueDecimals);
            _pointWriter.WriteBytes(s_pointEnd);
            int start = ChunkedEncoding.WriteSizeLineBefore(_frame, _pointWriter.Start, _pointWriter.Length);
            int end = ChunkedEncoding.WriteTrailer(_frame, _pointWriter.Position);
            _transport.Send(_frame, start, end - start);
            _pointsSent++;
            TakeObjectSlot(now, waitingSince);
            _lastWriteMilliseconds = now;
        }

        private void SendHeartbeat(long now)
        {
            int length = ChunkedEncoding.WriteHeartbeat(_control, 0);
            _transport.Send(_control, 0, length);
            _heartbeatsSent++;
            _lastWriteMilliseconds = now;
        }

        // Sends {"x":[...],"y":[...]}\n as one chunk. Its size line needs the exact length first, so the elements are
        // measured, then written through the frame buffer in pieces: a 10000-point window never needs a 10000-point buffer.
        private void SendWindow(long now, int version, long origin)
        {
            lock (_dataLock)
            {
                if (_window.Count == 0)
                {
                    // Still due: the first point will go as the window, replacing what the trace holds.
                    return;
                }

                _snapshot.CopyFrom(_window);
                _pendingCount = 0;
            }

            _windowDue = false;
            int count = _snapshot.Count;
            int payloadLength = "{\"x\":[".Length + "],\"y\":[".Length + "]}\n".Length + 2 * (count - 1);
            for (int i = 0; i < count; i++)
            {
                _measureWriter.Reset();
                StreamTimeBase.WriteTime(_measureWriter, _snapshot.GetTime(i), version, origin);
                _measureWriter.WriteFixed(_snapshot.GetValue(i), _valueDecimals);
                payloadLength += _measureWriter.Length;
            }

            _windowBytesSent = 0;
            _windowWriter.Reset();
            _windowWriter.Position = ChunkedEncoding.WriteSizeLine(_frame, 0, payloadLength);
            int sizeLineLength = _windowWriter.Position;
            _windowWriter.WriteAscii("{\"x\":[");
            for (int i = 0; i < count; i++)
            {
                FlushWindowIfNearlyFull();
                if (i > 0)
                {
                    _windowWriter.WriteByte((byte)',');
                }

                StreamTimeBase.WriteTime(_windowWriter, _snapshot.GetTime(i), version, origin);
            }

            _windowWriter.WriteAscii("],\"y\":[");
            for (int i = 0; i < count; i++)
            {
                FlushWindowIfNearlyFull();
                if (i > 0)
                {
                    _windowWriter.WriteByte((byte)',');
                }

                _windowWriter.WriteFixed(_snapshot.GetValue(i), _valueDecimals);
            }

            FlushWindowIfNearlyFull();
            _windowWriter.WriteAscii("]}\n\r\n");
            FlushWindow();
            if (_windowBytesSent != sizeLineLength + payloadLength + ChunkedEncoding.TrailerBytes)
            {
                throw new InvalidOperationException("The window message came out " + _windowBytesSent.ToString() + " bytes long, not the "
                    + (sizeLineLength + payloadLength + ChunkedEncoding.TrailerBytes).ToString() + " measured: measuring and writing disagree.");
            }

            _windowsSent++;

            // The window holds every point waiting, so there is no backlog to make up: the grid starts again from it.
            _nextObjectSlotMilliseconds = now + _settings.ObjectIntervalMilliseconds;
            _lastObjectMilliseconds = now;
            _lastWriteMilliseconds = now;
        }

        // Objects go out on a grid, one slot per interval (50 ms): the next slot follows the one just used, not the time
        // the loop got round to it, so a late wake-up (the ESP32's 10 ms tick, another thread's pass) is made up instead
        // of pushing every later object back until the queue overflows. A slot counts from when a point was waiting for
        // it (a silence saves up nothing). A slot made up goes half an interval after the last object
        // (NextObjectMilliseconds), so a lag of n slots goes out as 2n + 1 objects 25 ms apart: the lag is capped at
        // GridLagSlots (half the queue), so a stall's backlog goes as at most PendingPointCapacity + 1 objects closer than
        // 50 ms, and over any span at most GridLagSlots + 1 more than one per 50 ms, which Plotly's buffered 50 ms
        // throttle and ours (a burst of 10, StreamThrottle) both take.
        private void TakeObjectSlot(long now, long waitingSince)
        {
            long slot = _nextObjectSlotMilliseconds > waitingSince ? _nextObjectSlotMilliseconds : waitingSince;
            long earliestSlot = now - GridLagSlots * _settings.ObjectIntervalMilliseconds;
            _nextObjectSlotMilliseconds = (slot > earliestSlot ? slot : earliestSlot) + _settings.ObjectIntervalMilliseconds;
            _lastObjectMilliseconds = now;
        }

        // When the next object may go: its slot on the grid, and half an interval after the last.
        private long NextObjectMilliseconds()
        {
            long spaced = _lastObjectMilliseconds + _settings.ObjectIntervalMilliseconds / 2;
            return _nextObjectSlotMilliseconds > spaced ? _nextObjectSlotMilliseconds : spaced;
        }

        private void FlushWindowIfNearlyFull()
        {
            if (_windowWriter.Remaining < WindowFlushMarginBytes)
            {
                FlushWindow();
            }
        }

        private void FlushWindow()
        {
            int length = _windowWriter.Length;
            if (length > 0)
            {
                _transport.Send(_frame, 0, length);
                _windowBytesSent += length;
                _windowWriter.Reset();
            }
        }

        private void Report(string message)
        {
            _lastMessage = message;
            StreamMessageHandler? handler = Message;
            if (handler != null)
            {
                handler(_name, message);
            }
        }
    }
}
