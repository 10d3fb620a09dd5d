// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Security
{
    public enum SslVerification
    {
        NoVerification = 1,
        VerifyPeer = 2,
        CertificateRequired = 4,
        VerifyClientOnce = 8,
    }
}
