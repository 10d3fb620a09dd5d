// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.NetworkInformation
{
    public class Wireless80211Configuration
    {
        public string Ssid
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

        public static Wireless80211Configuration[] GetAllWireless80211Configurations()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
