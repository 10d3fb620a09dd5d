// Reference contract: nanoFramework.System.Device.I2c 1.1.29
namespace System.Device.I2c
{
    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
