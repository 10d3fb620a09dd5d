// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.NetworkInformation
{
    public delegate void NetworkAddressChangedEventHandler(object sender, EventArgs e);

    public delegate void NetworkAvailabilityChangedEventHandler(object sender, NetworkAvailabilityEventArgs e);

    public class NetworkAvailabilityEventArgs : EventArgs
    {
        // The runtime creates the instances when the network stack posts an event; the constructor is internal.
        internal NetworkAvailabilityEventArgs(bool isAvailable)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }

    // Raised on the runtime's event thread (its EventSink), not on the thread that subscribed.
    public static class NetworkChange
    {
        public static event NetworkAddressChangedEventHandler NetworkAddressChanged
        {
            add
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }

            remove
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public static event NetworkAvailabilityChangedEventHandler NetworkAvailabilityChanged
        {
            add
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }

            remove
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }
    }
}
