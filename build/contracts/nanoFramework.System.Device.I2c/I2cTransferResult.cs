// Reference contract: nanoFramework.System.Device.I2c 1.1.29
namespace System.Device.I2c
{
    public struct I2cTransferResult
    {
        public uint BytesTransferred
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public I2cTransferStatus Status
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }
    }
}
