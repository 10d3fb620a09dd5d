// Reference contract: nanoFramework.System.Net.Http 1.5.210
namespace System.Net.Http
{
    public class ByteArrayContent : HttpContent
    {
        public ByteArrayContent(byte[] content, int offset, int count)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
