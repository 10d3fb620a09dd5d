using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>
    /// Everything <see cref="HeartRateDevice"/> needs from the board it runs on, as ports: the ESP32 supplies
    /// nanoFramework adapters (firmware/HeartRateStreamer/Esp32Platform.cs), the virtual device simulated sensors, PC
    /// sockets and real or simulated time. The device decides; the platform only carries out.
    /// </summary>
    public interface IDevicePlatform
    {
        /// <summary>The monotonic clock: milliseconds since boot.</summary>
        IClock Clock { get; }

        /// <summary>How long <see cref="Clock"/> runs before it wraps round to 0; long.MaxValue when it never does.</summary>
        long ClockWrapMilliseconds { get; }

        /// <summary>Starts the device's loops and lets start-up wait.</summary>
        IDeviceThreads Threads { get; }

        /// <summary>Where log lines go (the serial console on a board).</summary>
        ILogOutput LogOutput { get; }

        /// <summary>The Wi-Fi link.</summary>
        INetworkLink Network { get; }

        /// <summary>The wall clock that SNTP sets.</summary>
        IWallClock WallClock { get; }

        /// <summary>Creates plots with <c>POST /clientresp</c>: <see cref="Startup.TransportPlotCreator"/> over this platform's transports.</summary>
        IPlotCreator PlotCreator { get; }

        /// <summary>
        /// Opens the I2C bus to the sensor at <paramref name="deviceAddress"/>, its data and clock lines routed to
        /// <paramref name="dataPin"/> and <paramref name="clockPin"/>. Touches no register.
        /// </summary>
        IRegisterBus OpenI2cBus(int dataPin, int clockPin, int deviceAddress);

        /// <summary>Opens ADC channel <paramref name="channel"/> (the ESP32's numbering).</summary>
        IAnalogInput OpenAnalogInput(int channel);

        /// <summary>Opens the status LED on <paramref name="pin"/>; throws with the reason when the pin cannot be used.</summary>
        IStatusLed OpenStatusLed(int pin, bool activeHigh);

        /// <summary>The managed heap's free bytes now, after a collection: the device sizes the streams' windows to it.</summary>
        long FreeMemoryBytes();

        /// <summary>A new transport for one stream (the protocol allows one connection per token), with <see cref="NetworkTimeouts"/>.</summary>
        ITransport CreateTransport();

        /// <summary>
        /// A new generator of jitter for one stream's reconnect back-off (never shared: System.Random is not thread-safe),
        /// seeded so that devices, and the streams of one device, that lost the server together do not return in step.
        /// </summary>
        IRandom CreateJitter();

        /// <summary>Restarts the board (does not return on a board; on a PC the run ends and says why).</summary>
        void Reboot(string reason);
    }
}
