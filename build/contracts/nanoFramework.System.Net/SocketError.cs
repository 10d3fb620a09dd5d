// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Sockets
{
    public enum SocketError : int
    {
        ConnectionReset = 10000 + 54,
        TimedOut = 10000 + 60,
        ConnectionRefused = 10000 + 61,
        HostNotFound = 10000 + 1001,
    }
}
