// Reference contract: nanoFramework.System.Device.Wifi 1.5.149
namespace System.Device.Wifi
{
    public sealed class WifiAdapter : IDisposable
    {
        // The runtime creates the instances (FindAllAdapters); the constructor is internal.
        internal WifiAdapter(int NetworkInterface)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
