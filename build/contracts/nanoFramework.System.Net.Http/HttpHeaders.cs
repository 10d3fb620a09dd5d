// Reference contract: nanoFramework.System.Net.Http 1.5.210
namespace System.Net.Http.Headers
{
    public abstract class HttpHeaders
    {
        protected HttpHeaders()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
