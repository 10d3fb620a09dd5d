using System;
using System.Device.Gpio;
using System.IO;
using System.Threading;
using HeartRateStreamer.Adapters;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Startup;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;
using HeartRateStreamer.Threads;
using Iot.Device.Max30102;
using Iot.Device.PulseSensor;

namespace HeartRateStreamer
{
    /// <summary>
    /// Power on, connect, stream. Main runs straight through the start-up steps, each logging what it does and, when
    /// it fails, what to check; what to do about a failure (retry, go on degraded, reboot after a delay) is decided by
    /// the core <see cref="StartupPolicy"/>. Then three threads and a timer do the work and Main sleeps forever.
    /// </summary>
    public static class Program
    {
        private const string Version = "1.0";

        // A send that cannot get its bytes out in this time fails, and the stream reconnects.
        private const int SendTimeoutMilliseconds = 10000;

        // The ring buffer holds this many seconds of samples, enough to ride out a reconnection's blocking connect.
        private const int BufferSeconds = 2;

        // Values are written with these decimals: the wave in tenths of a count, heart rate and SpO2 in whole units.
        private const int PulseDecimals = 1;
        private const int HeartRateDecimals = 0;
        private const int OxygenSaturationDecimals = 0;

        // Plot creation at boot gives up after this long and the device streams anyway.
        private const int PlotCreationTimeoutMilliseconds = 20000;

        // The watchdog checks the loops and the heartbeats this often.
        private const int WatchdogPeriodMilliseconds = 1000;

        // Set on the streaming thread only: the advice for an unreachable server has been logged.
        private static bool s_serverAdviceGiven;

        // Held for the device's lifetime: an unreferenced watchdog and its timer could be collected.
        private static Watchdog? s_watchdog;

        public static void Main()
        {
            var clock = new TickCountClock();
            DeviceLog.UseClock(clock);
            DeviceLog.Write("HeartRateStreamer " + Version + " starting.");

            var gpio = new GpioController();
            var wifi = new WifiConnection();
            var status = new StatusThread(clock, wifi);
            status.Start();

            DeviceSettings settings = ReadConfiguration(new JsonConfigurationFile(JsonConfigurationFile.DefaultPath), clock, gpio, status);
            var policy = new StartupPolicy(clock, settings.RebootDelaySeconds * 1000, settings.Server!.UseTls);

            try
            {
                OpenStatusLed(settings, gpio, status);
                ConnectWifi(settings, wifi, policy);
                WaitForClock(settings, clock, policy);

                ISampleSource source = CreateSampleSource(settings);
                var buffer = new SampleRingBuffer(settings.SampleRateHertz * BufferSeconds);
                var sampler = new FixedRateSampler(source, buffer, clock);
                sampler.SensorError += (sender, e) => ReportSensorError(e, settings, policy);

                var streamSettings = new StreamSettings(CreatePlot(settings, policy));
                streamSettings.HeartbeatIntervalMilliseconds = settings.HeartbeatSeconds * 1000;
                if (SntpTime.IsClockSet)
                {
                    streamSettings.TimeBase.SetUtcOrigin(SntpTime.UtcNowUnixMilliseconds - clock.Milliseconds);
                }

                PlotStream[] streams = CreateStreams(settings, streamSettings, clock, new RandomJitter(wifi.HardwareSeed), policy);
                var pipeline = new PulsePipeline(
                    buffer,
                    new PulseEstimator(CreateEstimatorSettings(settings.Sensor)),
                    settings.SampleRateHertz,
                    settings.Sensor == SensorKind.Max30102,
                    streams[0],
                    FindStream(streams, "heart rate"),
                    FindStream(streams, "SpO2"));

                int stallMilliseconds = settings.StallSeconds * 1000;
                var loops = new LoopMonitor(clock, 3);
                int samplingLoop = loops.Register("sampling", stallMilliseconds);
                int streamingLoop = loops.Register("streaming", stallMilliseconds);
                int statusLoop = loops.Register("status", stallMilliseconds);
                var heartbeatSenders = new IHeartbeatSender[streams.Length];
                for (int i = 0; i < streams.Length; i++)
                {
                    heartbeatSenders[i] = streams[i];
                }

                DeviceLog.Write("Threads: starting sampling (" + settings.SampleRateHertz.ToString() + " samples/s), streaming ("
                    + streams.Length.ToString() + " streams) and the watchdog (reboot after " + settings.StallSeconds.ToString() + " s without progress).");
                new SamplingThread(sampler, loops, samplingLoop).Start();
                new StreamingThread(pipeline, loops, streamingLoop).Start();
                status.Attach(pipeline, sampler, buffer, streams, streamSettings.TimeBase, new NetworkRecoveryPolicy(clock), loops, statusLoop,
                    settings.ReportSeconds * 1000, settings.RebootDelaySeconds * 1000);
                s_watchdog = new Watchdog(loops, heartbeatSenders, new RebootAction());
                s_watchdog.Start(WatchdogPeriodMilliseconds);
                DeviceLog.Write("Running. Counters are logged every " + settings.ReportSeconds.ToString() + " s.");
            }
            catch (Exception e)
            {
                // Nothing above is expected to throw (each step handles its own failures); if something does, a
                // reboot after the delay beats a board that sits there doing nothing.
                DeviceReboot.After(settings.RebootDelaySeconds * 1000, "start-up failed: " + e.GetType().Name + ": " + e.Message);
            }

            Thread.Sleep(Timeout.Infinite);
        }

        // Reads the file until it is usable: only a person can fix a missing or broken one, so it is read again and again.
        private static DeviceSettings ReadConfiguration(JsonConfigurationFile file, TickCountClock clock, GpioController gpio, StatusThread status)
        {
            var policy = new StartupPolicy(clock, DeviceSettings.DefaultRebootDelaySeconds * 1000, false);
            bool errorLedOpen = false;
            while (true)
            {
                DeviceLog.Write("Configuration: reading " + file.Path);
                StartupFailure failure;
                string reason;
                ConfigurationReader? reader = file.Read(out failure, out reason);
                if (reader != null)
                {
                    for (int i = 0; i < reader.ProblemCount; i++)
                    {
                        DeviceLog.Write("Configuration: " + reader.GetProblem(i).ToString());
                    }

                    if (!reader.HasFatalProblem)
                    {
                        status.SetConfigurationError(false);
                        LogSettings(reader.Settings);
                        return reader.Settings;
                    }

                    reason = "the file lacks what the device cannot run without (the ERROR lines above)";
                }

                StartupDecision decision = policy.Decide(failure);
                DeviceLog.Write("Configuration: " + reason + "; " + decision.ToString());
                if (!errorLedOpen)
                {
                    // Show the error on the LED the file names, or on the default one when there is no file to ask.
                    OpenStatusLed(reader != null ? reader.Settings : new DeviceSettings(), gpio, status);
                    errorLedOpen = true;
                }

                status.SetConfigurationError(true);
                Thread.Sleep(decision.DelayMilliseconds);
            }
        }

        private static void LogSettings(DeviceSettings settings)
        {
            DeviceLog.Write("Configuration: server " + settings.Server!.ToString() + ", streams pulse"
                + (settings.HeartRateToken.Length > 0 ? ", heart rate" : "")
                + (settings.OxygenSaturationToken.Length > 0 && settings.Sensor == SensorKind.Max30102 ? ", SpO2" : "")
                + "; sensor " + (settings.Sensor == SensorKind.Max30102
                    ? "MAX30102 on I2C1 (SDA GPIO" + settings.DataPin.ToString() + ", SCL GPIO" + settings.ClockPin.ToString() + ")"
                    : "analog on ADC channel " + settings.AdcChannel.ToString() + " (GPIO" + Esp32AdcChannels.ToGpio(settings.AdcChannel).ToString() + ")")
                + " at " + settings.SampleRateHertz.ToString() + " samples/s; status LED "
                + (settings.StatusLedPin < 0 ? "none" : "GPIO" + settings.StatusLedPin.ToString()));
        }

        private static void OpenStatusLed(DeviceSettings settings, GpioController gpio, StatusThread status)
        {
            if (settings.StatusLedPin == status.LedPin)
            {
                // Already showing the error of a first, failed read on this very pin.
                return;
            }

            if (settings.StatusLedPin < 0)
            {
                status.UseLed(null);
                return;
            }

            try
            {
                status.UseLed(new GpioStatusLed(gpio, settings.StatusLedPin, settings.StatusLedActiveHigh));
            }
            catch (Exception e)
            {
                // Without the LED the device still streams; the log says why it stays dark.
                DeviceLog.Write("Status LED: GPIO" + settings.StatusLedPin.ToString() + " cannot be opened: " + e.Message);
            }
        }

        private static void ConnectWifi(DeviceSettings settings, WifiConnection wifi, StartupPolicy policy)
        {
            while (true)
            {
                StartupFailure failure;
                string detail;
                if (wifi.Connect(settings, out failure, out detail))
                {
                    policy.Succeeded(StartupStep.Wifi);
                    DeviceLog.Write("Wi-Fi: connected, address " + wifi.Address);
                    return;
                }

                StartupDecision decision = policy.Decide(failure);
                DeviceLog.Write("Wi-Fi: " + detail + "; " + decision.ToString());
                if (decision.Action == StartupAction.Reboot)
                {
                    DeviceReboot.After(decision.DelayMilliseconds, "no Wi-Fi network");
                }

                Thread.Sleep(decision.DelayMilliseconds);
            }
        }

        private static void WaitForClock(DeviceSettings settings, TickCountClock clock, StartupPolicy policy)
        {
            while (true)
            {
                DeviceLog.Write("Time: waiting up to " + settings.TimeTimeoutSeconds.ToString() + " s for SNTP"
                    + (settings.SntpServer.Length > 0 ? " (" + settings.SntpServer + ")" : ""));
                if (SntpTime.WaitForClock(settings.SntpServer, settings.TimeTimeoutSeconds * 1000, clock))
                {
                    policy.Succeeded(StartupStep.Time);
                    DeviceLog.Write("Time: " + DateTime.UtcNow.ToString() + " UTC");
                    return;
                }

                StartupDecision decision = policy.Decide(StartupFailure.TimeNotSynchronized);
                DeviceLog.Write("Time: the clock is not set; " + decision.ToString());
                if (decision.Action == StartupAction.ContinueDegraded)
                {
                    return;
                }

                if (decision.Action == StartupAction.Reboot)
                {
                    DeviceReboot.After(decision.DelayMilliseconds, "no clock for TLS");
                }

                Thread.Sleep(decision.DelayMilliseconds);
            }
        }

        // Creates (or overwrites) the plot the tokens feed, when the configuration gives an account, and logs its link.
        // Returns where to stream: the server's stream-host when it names one, else server.url.
        private static ServerAddress CreatePlot(DeviceSettings settings, StartupPolicy policy)
        {
            ServerAddress server = settings.Server!;
            if (!settings.CreatesPlot)
            {
                DeviceLog.Write("Plot: not created at boot (no server.user and server.apiKey); the streams feed the plot their tokens belong to.");
                return server;
            }

            bool withHeartRate = settings.HeartRateToken.Length > 0;
            bool withOxygen = settings.OxygenSaturationToken.Length > 0 && settings.Sensor == SensorKind.Max30102;
            // One stacked y axis per trace, top to bottom: pulse, heart rate, SpO2.
            var traces = new PlotTrace[1 + (withHeartRate ? 1 : 0) + (withOxygen ? 1 : 0)];
            traces[0] = new PlotTrace("Pulse", settings.PulseToken, settings.MaxPoints, 1);
            int next = 1;
            if (withHeartRate)
            {
                traces[next] = new PlotTrace("Heart rate (bpm)", settings.HeartRateToken, settings.MaxPoints, next + 1);
                next++;
            }

            if (withOxygen)
            {
                traces[next] = new PlotTrace("SpO2 (%)", settings.OxygenSaturationToken, settings.MaxPoints, next + 1);
            }

            DeviceLog.Write("Plot: creating '" + settings.PlotName + "' for " + settings.PlotUser + " at " + server.ToString());
            try
            {
                var request = new PlotCreationRequest(settings.PlotUser, settings.PlotApiKey, settings.PlotName, "Heart rate monitor", traces);
                PlotCreationAnswer answer = new HttpPlotCreator(null, PlotCreationTimeoutMilliseconds).Create(server, request);
                if (!answer.Succeeded)
                {
                    DeviceLog.Write("Plot: " + answer.Failure + ". Check server.user and server.apiKey; the streams go on with their tokens.");
                    return server;
                }

                DeviceLog.Write("Plot: " + answer.Url + " <- open this link in a browser; everyone who has it sees the pulse live.");
                if (answer.Warning.Length > 0)
                {
                    DeviceLog.Write("Plot: the server warns: " + answer.Warning);
                }

                return answer.ResolveStreamServer(server);
            }
            catch (IOException e)
            {
                DeviceLog.Write("Plot: " + e.Message + ". " + policy.Decide(StartupFailure.ServerUnreachable).Advice);
            }
            catch (ArgumentException e)
            {
                DeviceLog.Write("Plot: " + e.Message + " The streams go to server.url.");
            }

            return server;
        }

        // Creating the source touches no hardware; the sampler's first poll starts the sensor and retries it with back-off.
        private static ISampleSource CreateSampleSource(DeviceSettings settings)
        {
            if (settings.Sensor == SensorKind.Analog)
            {
                DeviceLog.Write("Sensor: analog pulse sensor on ADC channel " + settings.AdcChannel.ToString()
                    + " (GPIO" + Esp32AdcChannels.ToGpio(settings.AdcChannel).ToString() + ")");
                return new PulseSensorSampleSource(new PulseSensor(new AdcAnalogInput(settings.AdcChannel)), settings.SampleRateHertz);
            }

            DeviceLog.Write("Sensor: MAX30102 at 0x" + Max30102.DefaultI2cAddress.ToString("X2") + " on I2C1, SDA GPIO"
                + settings.DataPin.ToString() + ", SCL GPIO" + settings.ClockPin.ToString());
            Esp32Pins.RouteI2c1(settings.DataPin, settings.ClockPin);
            var bus = new I2cRegisterBus(1, Max30102.DefaultI2cAddress);
            var sensorSettings = new Max30102Settings();
            sensorSettings.SampleRate = ToSampleRate(settings.SampleRateHertz);
            sensorSettings.RedLedCurrentMicroamperes = settings.LedCurrentMicroamperes;
            sensorSettings.InfraredLedCurrentMicroamperes = settings.LedCurrentMicroamperes;
            try
            {
                return new Max30102SampleSource(bus, sensorSettings);
            }
            catch (ArgumentException e)
            {
                DeviceLog.Write("Sensor: " + e.Message + " Using the MAX30102 defaults.");
                return new Max30102SampleSource(bus, new Max30102Settings());
            }
        }

        // The configuration allows 50, 100, 200 and 400 samples/s for the MAX30102 (datasheet Table 11 with 411 µs pulses).
        private static SampleRate ToSampleRate(int samplesPerSecond)
        {
            switch (samplesPerSecond)
            {
                case 50:
                    return SampleRate.SamplesPerSecond50;
                case 200:
                    return SampleRate.SamplesPerSecond200;
                case 400:
                    return SampleRate.SamplesPerSecond400;
                default:
                    return SampleRate.SamplesPerSecond100;
            }
        }

        private static PulseEstimatorSettings CreateEstimatorSettings(SensorKind sensor)
        {
            var estimator = new PulseEstimatorSettings();
            if (sensor == SensorKind.Analog)
            {
                // The PulseSensor's amplifier output rises with each beat, and its level says nothing about a finger.
                estimator.PulseRaisesSignal = true;
                estimator.FingerOnLevel = float.MinValue;
                estimator.FingerOffLevel = float.MinValue;
                estimator.SaturationLevel = PulseSensor.DefaultFullScale;
            }

            return estimator;
        }

        private static PlotStream[] CreateStreams(DeviceSettings settings, StreamSettings streamSettings, TickCountClock clock, RandomJitter jitter, StartupPolicy policy)
        {
            bool withHeartRate = settings.HeartRateToken.Length > 0;
            bool withOxygen = settings.OxygenSaturationToken.Length > 0 && settings.Sensor == SensorKind.Max30102;
            var streams = new PlotStream[1 + (withHeartRate ? 1 : 0) + (withOxygen ? 1 : 0)];
            int count = 0;
            streams[count++] = CreateStream("pulse", settings.PulseToken, PulseDecimals, settings, streamSettings, clock, jitter, policy);
            if (withHeartRate)
            {
                streams[count++] = CreateStream("heart rate", settings.HeartRateToken, HeartRateDecimals, settings, streamSettings, clock, jitter, policy);
            }

            if (withOxygen)
            {
                streams[count++] = CreateStream("SpO2", settings.OxygenSaturationToken, OxygenSaturationDecimals, settings, streamSettings, clock, jitter, policy);
            }

            return streams;
        }

        private static PlotStream CreateStream(string name, string token, int decimals, DeviceSettings settings, StreamSettings streamSettings, TickCountClock clock, RandomJitter jitter, StartupPolicy policy)
        {
            // One transport per stream: the protocol allows one connection per token. TLS uses the CA bundle stored on the device.
            var stream = new PlotStream(name, token, settings.MaxPoints, decimals, streamSettings, new SocketTransport(SendTimeoutMilliseconds, null), clock, jitter);
            stream.Message += (streamName, message) => ReportStreamMessage(stream, message, policy);
            return stream;
        }

        private static PlotStream? FindStream(PlotStream[] streams, string name)
        {
            for (int i = 0; i < streams.Length; i++)
            {
                if (streams[i].Name == name)
                {
                    return streams[i];
                }
            }

            return null;
        }

        private static void ReportStreamMessage(PlotStream stream, string message, StartupPolicy policy)
        {
            DeviceLog.Write("Stream " + stream.Name + ": " + message);
            bool neverConnected = stream.State == StreamState.WaitingToReconnect && stream.Connections == 0;
            if (stream.State != StreamState.Stopped && !(neverConnected && !s_serverAdviceGiven))
            {
                return;
            }

            // What to check: once for a server never reached (not at every back-off step), and for each refused token.
            s_serverAdviceGiven = s_serverAdviceGiven || neverConnected;
            lock (policy)
            {
                StartupFailure failure = neverConnected ? StartupFailure.ServerUnreachable : StartupFailure.ServerRejectedToken;
                DeviceLog.Write("Stream " + stream.Name + ": " + policy.Decide(failure).Advice);
            }
        }

        private static void ReportSensorError(SensorErrorEventArgs e, DeviceSettings settings, StartupPolicy policy)
        {
            DeviceLog.Write("Sensor: " + e.Error.Message + " (error " + e.ErrorCount.ToString() + ", retrying in " + e.RetryDelayMilliseconds.ToString() + " ms)");
            if (e.ConsecutiveFailureCount == 1)
            {
                lock (policy)
                {
                    DeviceLog.Write("Sensor: " + policy.Decide(StartupFailure.SensorNotAnswering).Advice);
                }
            }
        }
    }
}
