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
            }

            return traces;
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
                return "Pulse";
            }

            if (name == RmssdName || name == SdnnName)
            {
                return name + " (ms)";
            }

            return name == HeartRateName ? "Heart rate (bpm)" : "SpO2 (%)";
        }
    }
}
