// Reference contract: nanoFramework.System.Device.Gpio 1.1.62
namespace System.Device.Gpio
{
    public readonly struct PinValue
    {
        public static PinValue High
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public static PinValue Low
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }
    }
}
