// Reference contract: nanoFramework.System.Net.Http 1.5.210
// The package really declares this type in System.Net.Http.Http.Headers (Http/Headers/MediaTypeHeaderValue.cs).
namespace System.Net.Http.Http.Headers
{
    public class MediaTypeHeaderValue
    {
        public MediaTypeHeaderValue(string mediaType)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
