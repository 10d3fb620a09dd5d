// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Sockets
{
    public enum SocketError : int
    {
        InvalidArgument = 10000 + 22,
        NetworkUnreachable = 10000 + 51,
        ConnectionReset = 10000 + 54,
        TimedOut = 10000 + 60,
        ConnectionRefused = 10000 + 61,
        HostUnreachable = 10000 + 65,
        HostNotFound = 10000 + 1001,
    }
}
