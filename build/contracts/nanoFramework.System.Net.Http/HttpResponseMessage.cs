// Reference contract: nanoFramework.System.Net.Http 1.5.210
namespace System.Net.Http
{
    public class HttpResponseMessage : IDisposable
    {
        public HttpContent Content
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

        public HttpStatusCode StatusCode
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
