// Reference contract: nanoFramework.System.Device.Wifi 1.5.149
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }
}
