// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Sockets
{
    public enum ProtocolType
    {
        Tcp = 6,
    }
}
