// Reference contract: nanoFramework.System.Threading 1.1.52
namespace System.Threading
{
    public struct CancellationToken
    {
    }
}
