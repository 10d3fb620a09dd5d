// Reference contract: nanoFramework.Hardware.Esp32 1.6.40
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        // The package defines them as DeviceTypes.I2C (0x20000) + bus index × 0x100 + pin role.
        I2C1_DATA = 0x00020100,
        I2C1_CLOCK = 0x00020101,
    }
}
