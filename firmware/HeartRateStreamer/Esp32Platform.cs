using System.Device.Gpio;
using System.Threading;
using HeartRateStreamer.Adapters;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Device.Startup;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Supervision;
using nanoFramework.Runtime.Native;

namespace HeartRateStreamer
{
    /// <summary>The ESP32 under nanoFramework as the device's platform: each port is one adapter from Adapters/.</summary>
    public sealed class Esp32Platform : IDevicePlatform
    {
        // nanoFramework's ESP32 clock counts FreeRTOS ticks of 10 ms (CONFIG_FREERTOS_HZ 100) in a 32-bit TickType_t
        // (xTaskGetTickCount, HAL_Time_CurrentSysTicks in nf-interpreter's targets/ESP32): 2^32 ticks, 497.1 days.
        private const long TickWrapMilliseconds = 4294967296L * 10;

        // I2C1 carries the sensor (nanoFramework's ESP32 bus ids: 1 = I2C1).
        private const int SensorI2cBusId = 1;

        private readonly GpioController _gpio = new GpioController();
        private readonly WifiConnection _wifi;
        private readonly ServerAddressBook _serverAddresses;

        // Plot creation's own: it always posts to server.url, while the streams go to the stream-host its answer names,
        // and a book keeps one host (sharing one, each creation would make the streams look their host up again).
        private readonly ServerAddressBook _plotServerAddresses;
        private int _jittersCreated;

        /// <summary>The platform; touches no hardware until the device asks.</summary>
        public Esp32Platform()
        {
            Clock = new TickCountClock();
            LogOutput = new SerialConsole();
            Threads = new NanoThreads();
            _wifi = new WifiConnection(new DeviceLog(Clock, LogOutput));
            _serverAddresses = new ServerAddressBook(Clock);
            _plotServerAddresses = new ServerAddressBook(Clock);
            WallClock = new SntpTime(Clock);
            PlotCreator = new TransportPlotCreator(CreatePlotTransport, Clock);
        }

        /// <inheritdoc />
        public IClock Clock { get; }

        /// <inheritdoc />
        public long ClockWrapMilliseconds => TickWrapMilliseconds;

        /// <inheritdoc />
        public IDeviceThreads Threads { get; }

        /// <inheritdoc />
        public ILogOutput LogOutput { get; }

        /// <inheritdoc />
        public INetworkLink Network => _wifi;

        /// <inheritdoc />
        public IWallClock WallClock { get; }

        /// <inheritdoc />
        public IPlotCreator PlotCreator { get; }

        /// <inheritdoc />
        public IRegisterBus OpenI2cBus(int dataPin, int clockPin, int deviceAddress)
        {
            Esp32Pins.RouteI2c1(dataPin, clockPin);
            return new I2cRegisterBus(SensorI2cBusId, deviceAddress);
        }

        /// <inheritdoc />
        public IAnalogInput OpenAnalogInput(int channel)
        {
            return new AdcAnalogInput(channel);
        }

        /// <inheritdoc />
        public IStatusLed OpenStatusLed(int pin, bool activeHigh)
        {
            return new GpioStatusLed(_gpio, pin, activeHigh);
        }

        /// <inheritdoc />
        public long FreeMemoryBytes()
        {
            // Collects and compacts first (start-up only), so the figure is what the windows can really have.
            return nanoFramework.Runtime.Native.GC.Run(true);
        }

        /// <inheritdoc />
        public ITransport CreateTransport()
        {
            // TLS uses the CA bundle stored on the device by the flash tool.
            return new SocketTransport(NetworkTimeouts.SendMilliseconds, NetworkTimeouts.ConnectMilliseconds, null, _serverAddresses);
        }

        // A transport for one plot creation, with the same limits and CA as the streams'.
        private ITransport CreatePlotTransport()
        {
            return new SocketTransport(NetworkTimeouts.SendMilliseconds, NetworkTimeouts.ConnectMilliseconds, null, _plotServerAddresses);
        }

        /// <inheritdoc />
        public IRandom CreateJitter()
        {
            // Each generator seeded apart (JitterSeed: apart from the neighbouring boards' streams too): the same seed
            // would give those streams the same delays.
            return new RandomJitter(JitterSeed.For(_wifi.HardwareSeed, Interlocked.Increment(ref _jittersCreated)));
        }

        /// <inheritdoc />
        public void Reboot(string reason)
        {
            Power.RebootDevice(RebootOption.NormalReboot);
        }
    }
}
