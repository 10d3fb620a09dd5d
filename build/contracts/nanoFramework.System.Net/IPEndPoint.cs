// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net
{
    public class IPEndPoint : EndPoint
    {
        public IPEndPoint(IPAddress address, int port)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
