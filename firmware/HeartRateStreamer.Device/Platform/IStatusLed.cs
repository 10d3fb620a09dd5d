using System;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>The status LED: the patterns are core code (HeartRateStreamer.Status); this only lights and darkens it.</summary>
    public interface IStatusLed : IDisposable
    {
        /// <summary>The GPIO the LED is on.</summary>
        int PinNumber { get; }

        /// <summary>Lights or darkens the LED.</summary>
        void Show(bool lit);
    }
}
