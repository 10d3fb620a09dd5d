// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Security
{
    [Flags]
    public enum SslProtocols
    {
        None = 0x00,
        Tls12 = 3072,
        Tls13 = 12288,
    }
}
