// Reference contract: nanoFramework.Hardware.Esp32 1.6.40
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
