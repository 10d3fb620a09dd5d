// Reference contract: nanoFramework.System.Net.Http 1.5.210
using System.Net.Http.Http.Headers;

namespace System.Net.Http.Headers
{
    public sealed class HttpContentHeaders : HttpHeaders
    {
        internal HttpContentHeaders(HttpContent parent)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public MediaTypeHeaderValue ContentType
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
    }
}
