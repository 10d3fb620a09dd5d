// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Sockets
{
    public enum SelectMode
    {
        SelectRead = 0,
        SelectWrite = 1,
        SelectError = 2,
    }
}
