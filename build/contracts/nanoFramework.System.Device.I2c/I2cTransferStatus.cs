// Reference contract: nanoFramework.System.Device.I2c 1.1.29
namespace System.Device.I2c
{
    public enum I2cTransferStatus
    {
        UnknownError = 0,
        FullTransfer = 1,
        ClockStretchTimeout = 2,
        PartialTransfer = 3,
        SlaveAddressNotAcknowledged = 4,
    }
}
