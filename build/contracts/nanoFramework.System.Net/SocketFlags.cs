// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Sockets
{
    [Flags]
    public enum SocketFlags
    {
        None = 0x0000,
    }
}
