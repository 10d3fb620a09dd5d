// Reference contract: nanoFramework.System.Net.Http 1.5.210
namespace System.Net.Http
{
    public abstract class HttpMessageHandler : IDisposable
    {
        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
