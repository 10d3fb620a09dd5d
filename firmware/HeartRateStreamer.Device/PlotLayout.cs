using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Sensors;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// The plot the device feeds, in one place: which streams it has (the pulse wave always; heart rate, SpO2, RMSSD and
    /// SDNN when the configuration gives their tokens, SpO2 only with a red channel), their names, decimals and order, and the
    /// trace each one is on, stacked top to bottom on y axes of their own.
    /// </summary>
    public static class PlotLayout
    {
        /// <summary>The pulse wave's stream name.</summary>
        public const string PulseName = "pulse";

        /// <summary>The heart rate's stream name.</summary>
        public const string HeartRateName = "heart rate";

        /// <summary>The SpO2 stream name.</summary>
        public const string OxygenSaturationName = "SpO2";

        /// <summary>The RMSSD stream name (heart-rate variability over the last minute).</summary>
        public const string RmssdName = "RMSSD";

        /// <summary>The SDNN stream name (heart-rate variability over the last minute).</summary>
        public const string SdnnName = "SDNN";

        /// <summary>The plot's title.</summary>
        public const string Title = "Heart rate monitor";

        // The heart-rate axis shows at least 40-180 bpm: from bradycardia (below 60, and 40 is where it turns
        // severe) to an adult's exercise maximum (about 220 - age), the span a bedside monitor's scale covers.
        private const double HeartRateShownLow = 40;
        private const double HeartRateShownHigh = 180;

        // The SpO2 axis shows at least 80-100 %: pulse oximeters are specified for 70-100 % (ISO 80601-2-61 accuracy
        // range), and below 80 % is severe hypoxaemia, shown by the axis growing.
        private const double OxygenSaturationShownLow = 80;
        private const double OxygenSaturationShownHigh = 100;

        // The RMSSD and SDNN axes show at least 0-100 ms: both are spreads (never below 0), and a minute at rest gives
        // about 20-95 ms in healthy adults (Nunan, Sandercock and Brodie, Pacing Clin Electrophysiol 33:1407, 2010:
        // short-term RMSSD 19-75 ms, SDNN 32-93 ms across studies); an athlete's larger values grow the axis.
        private const double VariabilityShownLow = 0;
        private const double VariabilityShownHigh = 100;

        // Values are written with these decimals: the wave in tenths of a count, heart rate and SpO2 in whole units.
        private const int PulseDecimals = 1;
        private const int ReadingDecimals = 0;

        /// <summary>How many streams the device has with <paramref name="settings"/>.</summary>
        public static int StreamCount(DeviceSettings settings)
        {
            return 1 + (HasHeartRate(settings) ? 1 : 0) + (HasOxygenSaturation(settings) ? 1 : 0)
                + (settings.RmssdToken.Length > 0 ? 1 : 0) + (settings.SdnnToken.Length > 0 ? 1 : 0);
        }

        /// <summary>The stream name at <paramref name="index"/> (0: pulse).</summary>
        public static string NameOf(DeviceSettings settings, int index)
        {
            if (index == 0)
            {
                return PulseName;
            }

            // The optional streams in plot order, each taking the next index when configured.
            int next = 1;
            if (HasHeartRate(settings) && index == next++)
            {
                return HeartRateName;
            }

            if (HasOxygenSaturation(settings) && index == next++)
            {
                return OxygenSaturationName;
            }

            return settings.RmssdToken.Length > 0 && index == next ? RmssdName : SdnnName;
        }

        /// <summary>The stream token at <paramref name="index"/>.</summary>
        public static string TokenOf(DeviceSettings settings, int index)
        {
            string name = NameOf(settings, index);
            if (name == PulseName)
            {
                return settings.PulseToken;
            }

            if (name == RmssdName)
            {
                return settings.RmssdToken;
            }

            if (name == SdnnName)
            {
                return settings.SdnnToken;
            }

            return name == HeartRateName ? settings.HeartRateToken : settings.OxygenSaturationToken;
        }

        /// <summary>The decimals the stream at <paramref name="index"/> writes its values with.</summary>
        public static int DecimalsOf(int index)
        {
            return index == 0 ? PulseDecimals : ReadingDecimals;
        }

        /// <summary>The traces for plot creation, one per stream, in stream order.</summary>
        public static PlotTrace[] CreateTraces(DeviceSettings settings)
        {
            var traces = new PlotTrace[StreamCount(settings)];
            for (int i = 0; i < traces.Length; i++)
            {
                traces[i] = new PlotTrace(TitleOf(NameOf(settings, i)), TokenOf(settings, i), settings.MaxPoints, i + 1);
                bool waveform = NameOf(settings, i) == PulseName;
                traces[i].Waveform = waveform;
                // The pulse wave's window is seconds (20 points/s), the readings' minutes (sent on change): a time axis each.
                traces[i].OwnTimeAxis = waveform;
                ShowAsReading(traces[i], NameOf(settings, i));
            }

            return traces;
        }

        // Heart rate, SpO2, RMSSD and SDNN are readings, sent when they change: steps that hold each reading, on axes that
        // show at least a monitor's range, so a change of 1 bpm, 1 % or 1 ms stays small instead of filling the panel.
        private static void ShowAsReading(PlotTrace trace, string name)
        {
            if (name == HeartRateName)
            {
                trace.Steps = true;
                trace.ShowAtLeast(HeartRateShownLow, HeartRateShownHigh);
            }
            else if (name == OxygenSaturationName)
            {
                trace.Steps = true;
                trace.ShowAtLeast(OxygenSaturationShownLow, OxygenSaturationShownHigh);
            }
            else if (name == RmssdName || name == SdnnName)
            {
                trace.Steps = true;
                trace.ShowAtLeast(VariabilityShownLow, VariabilityShownHigh);
            }
        }

        private static bool HasHeartRate(DeviceSettings settings)
        {
            return settings.HeartRateToken.Length > 0;
        }

        private static bool HasOxygenSaturation(DeviceSettings settings)
        {
            return settings.OxygenSaturationToken.Length > 0 && SensorSetup.HasRedChannel(settings);
        }

        private static string TitleOf(string name)
        {
            if (name == PulseName)
            {
                return "Pulse (counts)";
            }

            if (name == RmssdName || name == SdnnName)
            {
                return name + " (ms)";
            }

            return name == HeartRateName ? "Heart rate (bpm)" : "SpO2 (%)";
        }
    }
}
