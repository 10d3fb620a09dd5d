// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.NetworkInformation
{
    public class NetworkInterface
    {
        // The firmware creates the instances; GetAllNetworkInterfaces returns them.
        protected NetworkInterface(int interfaceIndex)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public string IPv4Address
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public byte[] PhysicalAddress
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }

            set
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public NetworkInterfaceType NetworkInterfaceType
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public uint SpecificConfigId
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }

            set
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public static NetworkInterface[] GetAllNetworkInterfaces()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
