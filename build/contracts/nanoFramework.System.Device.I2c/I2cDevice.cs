// Reference contract: nanoFramework.System.Device.I2c 1.1.29
namespace System.Device.I2c
{
    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public I2cTransferResult Write(SpanByte buffer)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
