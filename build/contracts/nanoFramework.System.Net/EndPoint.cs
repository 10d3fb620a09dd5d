// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net
{
    public abstract class EndPoint
    {
    }
}
