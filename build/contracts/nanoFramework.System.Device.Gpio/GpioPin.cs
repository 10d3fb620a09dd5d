// Reference contract: nanoFramework.System.Device.Gpio 1.1.62
namespace System.Device.Gpio
{
    public sealed class GpioPin : IDisposable
    {
        internal GpioPin(int pinNumber)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Write(PinValue value)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
