// Reference contract: nanoFramework.System.Net.Http 1.5.210
namespace System.Net
{
    public enum HttpStatusCode
    {
        OK = 200,
    }
}
