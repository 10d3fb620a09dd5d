// Reference contract: nanoFramework.System.Device.I2c 1.1.29
namespace System.Device.I2c
{
    public enum I2cBusSpeed
    {
        FastMode = 1,
    }
}
