using System;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Device.Startup;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Startup;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// The plot the device makes when the configuration gives an account (server.user and server.apiKey): at start-up,
    /// with a deadline after which the streams go on with their tokens; again whenever the server has refused a stream's
    /// token for a while, because it lost its plots or was not up when the device started; and again, a minute apart,
    /// while a stream is connected, no link is known and the last creation failed for the server's reasons (down, or a
    /// 5xx), since a server that comes up with the plot still stored refuses no token. Without an account the streams feed the plot
    /// their tokens belong to, and a refused token is the configuration's to fix.
    /// </summary>
    public sealed class DevicePlot
    {
        // Plot creation at boot gives up after this long and the device streams anyway.
        private const int StartupTimeoutMilliseconds = 20000;

        // While plot creation runs, start-up looks whether it has finished this often.
        private const int StartupPollMilliseconds = 100;

        // A token refused for less than this is not yet a lost plot: a cluster node reads a new plot within 2 s of
        // /clientresp's answer (the stream server's ClusterNode.LoadWait) and may answer 404 until then.
        private const int RemakeAfterRefusedMilliseconds = 10000;

        private readonly DeviceSettings _settings;
        private readonly StreamSettings _streams;
        private readonly IDevicePlatform _platform;
        private readonly IClock _clock;
        private readonly DeviceLog _log;
        private readonly int _remakeIntervalMilliseconds;

        // Guards the remake (streams report refusals on their own threads) and who judges the start-up creation's answer.
        private readonly object _remakeLock = new object();
        private PlotCreation? _remake;
        private PlotCreation? _newest; // the creation started last (at start-up or a remake): only its answer names where to stream
        private PlotStream[] _fedBy = new PlotStream[0];
        private long _remakeStartedMilliseconds;
        private int _remakes;
        private bool _startupStoppedWaiting; // start-up went on without the creation's answer: JudgeAfterStartup logs it
        private bool _lastFailedForServer; // the last creation got no answer or a 5xx: the server may make the plot once it answers

        /// <summary>
        /// The plot of <paramref name="settings"/>'s account, fed by streams of <paramref name="streams"/>: each time the
        /// server makes it, their server becomes the one its answer names (stream-host). It is made again at most once per
        /// <see cref="StreamSettings.ReconnectMaximumDelayMilliseconds"/> (the streams' longest back-off: a server that
        /// keeps refusing gets one request a minute from each).
        /// </summary>
        public DevicePlot(DeviceSettings settings, StreamSettings streams, IDevicePlatform platform, DeviceLog log)
        {
            _settings = settings;
            _streams = streams;
            _platform = platform;
            _clock = platform.Clock;
            _log = log;
            _remakeIntervalMilliseconds = streams.ReconnectMaximumDelayMilliseconds;
        }

        /// <summary>
        /// The streams that feed the plot, once they exist: each time the server makes the plot, those whose token it
        /// refused try it at once, instead of after the rest of a back-off that a long outage has grown to a minute.
        /// </summary>
        public void FedBy(PlotStream[] streams)
        {
            _fedBy = streams;
        }

        /// <summary>The plot's link, once the server has made it, or an empty string.</summary>
        public string Url { get; private set; } = "";

        /// <summary>Why the last attempt did not make the plot, or an empty string.</summary>
        public string Problem { get; private set; } = "";

        /// <summary>How often making the plot again was tried, after its tokens were refused or a try failed on the server's side (a try whose thread could not start included).</summary>
        public int Remakes => _remakes;

        /// <summary>
        /// Creates (or overwrites) the plot the tokens feed, when the configuration gives an account, and logs its link;
        /// waits for the answer at most 20 s. Never fails start-up.
        /// </summary>
        public void CreateAtStartup()
        {
            ServerAddress server = _settings.Server!;
            if (!_settings.CreatesPlot)
            {
                _log.Write("Plot: not created at boot (no server.user and server.apiKey); the streams feed the plot their tokens belong to.");
                return;
            }

            _log.Write("Plot: creating '" + _settings.PlotName + "' for " + _settings.PlotUser + " at " + server.ToString());
            PlotCreation? creation = NewCreation();
            if (creation == null)
            {
                return;
            }

            creation.WhenDone = JudgeAfterStartup;
            lock (_remakeLock)
            {
                _newest = creation;
            }

            if (!TryStart(creation, "The streams go on with their tokens."))
            {
                lock (_remakeLock)
                {
                    if (_newest == creation)
                    {
                        _newest = null; // it never runs, so it would never be done: it must not hold off the next try
                    }
                }

                return;
            }

            long deadline = _clock.Milliseconds + StartupTimeoutMilliseconds;
            while (!creation.IsDone && _clock.Milliseconds < deadline)
            {
                _platform.Threads.Sleep(StartupPollMilliseconds);
            }

            string noAnswer = "creating the plot at " + server.ToString() + " failed: no answer within " + (StartupTimeoutMilliseconds / 1000).ToString() + " s";
            bool late;
            lock (_remakeLock)
            {
                late = !creation.HasResult;
                _startupStoppedWaiting = late;
                if (late)
                {
                    Problem = noAnswer; // here, so a late answer judged from now on clears it after, never before
                    _lastFailedForServer = true;
                }
            }

            if (late)
            {
                LogUnreachable(noAnswer + ". The streams go on with their tokens; an answer that comes later is logged.");
                return;
            }

            Judge(creation, "", "The streams go on with their tokens.");
        }

        /// <summary>
        /// Called whenever <paramref name="stream"/> has reported something, when the device has an account: the plot is
        /// made again on a thread of its own when the server has refused the stream's token for long enough (the streams
        /// keep trying their tokens meanwhile, and connect once the server knows them), or when the stream is connected
        /// while no link is known and the last creation failed without an answer or with a server fault (never after a
        /// refusal: asking again would be refused again). At most one remake runs at a time, and at most one starts per
        /// <see cref="StreamSettings.ReconnectMaximumDelayMilliseconds"/>.
        /// </summary>
        public void RemakeIfNeeded(PlotStream stream)
        {
            // Not only in the refused state: a server also answers 429 to a device that tries unknown tokens too often.
            long refusedFor = stream.TokenRefusedForMilliseconds;
            Remake(stream, refusedFor >= RemakeAfterRefusedMilliseconds, refusedFor);
        }

        /// <summary>
        /// Called every few seconds by the status loop: a stream that stays connected reports nothing, so a plot the server
        /// failed to make (start-up's, or a remake's) while the streams were connected is made again from here, a minute
        /// after the last try. Refusals are left to the streams' own reports: a token is known to be accepted only once its
        /// connection has lasted, so a connected stream still counts the refusals before it.
        /// </summary>
        public void RemakeIfServerFailed(PlotStream stream)
        {
            Remake(stream, false, 0);
        }

        private void Remake(PlotStream stream, bool refused, long refusedFor)
        {
            if (!_settings.CreatesPlot || (!refused && stream.State != StreamState.Streaming))
            {
                return;
            }

            PlotCreation? remake;
            PlotCreation? before; // the newest until this one: newest again if this one cannot start
            lock (_remakeLock)
            {
                long now = _clock.Milliseconds;
                if ((_remake != null && !_remake.IsDone) || (_remakes > 0 && now - _remakeStartedMilliseconds < _remakeIntervalMilliseconds))
                {
                    return;
                }

                // A creation still under way (start-up's, past its deadline) answers for itself.
                if (!refused && !(_lastFailedForServer && Url.Length == 0 && (_newest == null || _newest.IsDone)))
                {
                    return;
                }

                remake = NewCreation();
                if (remake == null)
                {
                    return;
                }

                _remake = remake;
                before = _newest;
                _newest = remake;
                _remakeStartedMilliseconds = now;
                _remakes++;
            }

            _log.Write(refused
                ? "Plot: the server has refused the token of stream " + stream.Name + " for " + (refusedFor / 1000).ToString()
                    + " s: it does not have the plot. Making '" + _settings.PlotName + "' again at " + _settings.Server!.ToString()
                : "Plot: the last try to make it failed on the server's side and stream " + stream.Name + " is connected: making '" + _settings.PlotName
                    + "' again at " + _settings.Server!.ToString());
            remake.WhenDone = FinishRemake;
            if (!TryStart(remake, refused ? "The streams keep trying their tokens; the next refusal after a minute tries again."
                : "The streams go on with their tokens; it is tried again in a minute."))
            {
                lock (_remakeLock)
                {
                    _remake = null; // it never ran: it must not hold off the next one
                    if (_newest == remake)
                    {
                        _newest = before; // start-up's, still waiting for its answer, answers for itself again
                    }
                }
            }
        }

        private void FinishRemake(PlotCreation remake)
        {
            Judge(remake, " (made again)", "The streams keep trying their tokens.");
        }

        // The start-up creation's answer when it came after start-up stopped waiting for it (a first DNS lookup or a slow
        // server): the link is logged, the problem cleared and the stream-host taken all the same.
        private void JudgeAfterStartup(PlotCreation creation)
        {
            lock (_remakeLock)
            {
                if (!_startupStoppedWaiting)
                {
                    return; // start-up judges it itself
                }
            }

            Judge(creation, " (answered after start-up went on)", "The streams go on with their tokens.");
        }

        // A thread of its own for the job; false (logged) when the board cannot start one (out of memory on a small heap),
        // so the caller goes on without it instead of failing, and a later attempt may start it.
        private bool TryStart(PlotCreation creation, string meanwhile)
        {
            try
            {
                _platform.Threads.Start(creation);
                return true;
            }
            catch (Exception e)
            {
                lock (_remakeLock)
                {
                    _lastFailedForServer = true; // no answer: the server was never asked
                }

                Problem = "the plot creation could not start: " + e.GetType().Name + ": " + e.Message;
                _log.Write("Plot: " + ReasonText.Clause(Problem) + ". " + meanwhile);
                return false;
            }
        }

        // The creation job for the configured account, or null (logged) when the configuration cannot make a request.
        private PlotCreation? NewCreation()
        {
            try
            {
                var request = new PlotCreationRequest(_settings.PlotUser, _settings.PlotApiKey, _settings.PlotName, PlotLayout.Title, PlotLayout.CreateTraces(_settings));
                request.UserAgent = _streams.UserAgent;
                return new PlotCreation(_platform.PlotCreator, _settings.Server!, request, _log);
            }
            catch (ArgumentException e)
            {
                _log.Write("Plot: " + e.Message + " The streams go to server.url.");
                return null;
            }
        }

        // Logs a finished creation's outcome (made: how the link is introduced; meanwhile: what the streams do without
        // the plot); returns its answer when the server made the plot, else null.
        private PlotCreationAnswer? Judge(PlotCreation creation, string made, string meanwhile)
        {
            PlotCreationAnswer? answer = creation.Answer;
            bool newest;
            lock (_remakeLock)
            {
                newest = creation == _newest;
                if (newest)
                {
                    _lastFailedForServer = answer == null || answer.IsServerFault;
                }
            }

            if (!newest && (answer == null || !answer.Succeeded))
            {
                // Start-up's creation failing after a remake began (a slow server): the remake's answer decides, and this
                // one must not undo it, nor blame the configuration for a plot that was made.
                _log.Write("Plot: an earlier try to make it failed: " + ReasonText.Clause(answer == null ? creation.Failure : answer.Failure)
                    + ". A newer try has been made since; its answer counts.");
                return null;
            }

            if (answer == null)
            {
                Problem = creation.Failure;
                LogUnreachable(ReasonText.Clause(creation.Failure) + ". " + meanwhile);
                return null;
            }

            if (!answer.Succeeded)
            {
                Problem = answer.Failure;
                _log.Write("Plot: " + ReasonText.Clause(answer.Failure) + ". " + (answer.Advice.Length > 0 ? answer.Advice + " " : "") + meanwhile);
                return null;
            }

            Problem = "";
            Url = answer.Url;
            _log.Write("Plot" + made + ": " + answer.Url + " <- open this link in a browser; everyone who has it sees the pulse live.");
            if (answer.Warning.Length > 0)
            {
                _log.Write("Plot: the server warns: " + answer.Warning);
            }

            // A late start-up answer that comes after a remake began names an older plot's host: the remake's answer decides.
            if (newest)
            {
                TakeStreamServer(answer);
            }

            // The server knows the tokens now.
            PlotStream[] streams = _fedBy;
            for (int i = 0; i < streams.Length; i++)
            {
                streams[i].RetryRefusedTokenNow();
            }

            return answer;
        }

        // Where the streams connect from now on: the stream-host the answer names (on its own or with server.url's scheme
        // and port), else server.url; never plain http when server.url is https. Streams read it at each connect, so those
        // already connected move at their next one.
        private void TakeStreamServer(PlotCreationAnswer answer)
        {
            ServerAddress server;
            try
            {
                server = answer.ResolveStreamServer(_settings.Server!);
                if (answer.RefusesPlainHttp(_settings.Server!))
                {
                    _log.Write("Plot: the server names " + answer.StreamHost + " for the streams, plain http, but server.url is https: they stay on "
                        + server.ToString() + " so their tokens are not sent unencrypted.");
                }
            }
            catch (ArgumentException e)
            {
                _log.Write("Plot: " + e.Message + " The streams go to server.url.");
                server = _settings.Server!;
            }

            if (server.ToString() != _streams.Server.ToString())
            {
                _streams.Server = server;
                _log.Write("Plot: the server names " + server.ToString() + " for the streams; they connect there from their next connection.");
            }
        }

        // What to check, not what the streams do: the line has said that already ("The streams go on with their tokens").
        private void LogUnreachable(string problem)
        {
            _log.Write("Plot: " + problem + " " + StartupPolicy.ServerAdvice);
        }
    }
}
