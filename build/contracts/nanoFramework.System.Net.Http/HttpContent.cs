// Reference contract: nanoFramework.System.Net.Http 1.5.210
using System.Net.Http.Headers;

namespace System.Net.Http
{
    public abstract class HttpContent : IDisposable
    {
        public HttpContentHeaders Headers
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public string ReadAsString()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
