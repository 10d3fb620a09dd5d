using System.Device.Gpio;
using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.Adapters
{
    /// <summary>The status LED on a GPIO pin. The pattern logic is core code (HeartRateStreamer.Status); this only switches the pin.</summary>
    public sealed class GpioStatusLed : IStatusLed
    {
        private readonly GpioPin _pin;
        private readonly PinValue _litLevel;
        private readonly PinValue _darkLevel;
        private bool _isLit;

        /// <summary>Opens <paramref name="pin"/> as an output and turns the LED off.</summary>
        public GpioStatusLed(GpioController controller, int pin, bool activeHigh)
        {
            PinNumber = pin;
            _pin = controller.OpenPin(pin, PinMode.Output);
            _litLevel = activeHigh ? PinValue.High : PinValue.Low;
            _darkLevel = activeHigh ? PinValue.Low : PinValue.High;
            _pin.Write(_darkLevel);
        }

        /// <summary>The GPIO the LED is on.</summary>
        public int PinNumber { get; }

        /// <summary>Lights or darkens the LED; writes the pin only on a change.</summary>
        public void Show(bool lit)
        {
            if (lit == _isLit)
            {
                return;
            }

            _pin.Write(lit ? _litLevel : _darkLevel);
            _isLit = lit;
        }

        /// <summary>Turns the LED off and releases the pin.</summary>
        public void Dispose()
        {
            _pin.Write(_darkLevel);
            _pin.Dispose();
        }
    }
}
