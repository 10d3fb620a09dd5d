// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net
{
    public class IPHostEntry
    {
        public IPAddress[] AddressList
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }
    }
}
