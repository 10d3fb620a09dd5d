// Reference contract: nanoFramework.System.Net.Http 1.5.210
using System.Security.Cryptography.X509Certificates;

namespace System.Net.Http
{
    public partial class HttpClient : HttpMessageInvoker
    {
        // The real constructor passes a new HttpClientHandler (disposed with the client) to the base.
        public HttpClient()
            : base(null!, true)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public TimeSpan Timeout
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

        public X509Certificate HttpsAuthentCert
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

        public HttpResponseMessage Post(string requestUri, HttpContent content)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
