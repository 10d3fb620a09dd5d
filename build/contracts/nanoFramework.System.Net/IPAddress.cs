// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net
{
    public class IPAddress
    {
        public IPAddress(byte[] address)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public override string ToString()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
