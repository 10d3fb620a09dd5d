using System;
using System.Security.Cryptography.X509Certificates;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Reads the CA certificate from the configuration. nanoFramework's X509Certificate parses its text in native
    /// code at construction and throws whatever the parser raises; this makes that one clear ArgumentException, so
    /// a pasted certificate with a missing line is reported as a configuration mistake, not a crash.
    /// </summary>
    internal static class CertificateAuthority
    {
        /// <summary>The certificate in <paramref name="pem"/>, or null when it is null or empty (use the device's store).</summary>
        public static X509Certificate? Parse(string? pem, string parameterName)
        {
            if (pem == null || pem.Length == 0)
            {
                return null;
            }

            try
            {
                return new X509Certificate(pem);
            }
            catch (Exception e)
            {
                throw new ArgumentException(
                    "The CA certificate is not a PEM or DER certificate the device can read ("
                        + NetworkFailureText.Describe(e)
                        + "). Paste the whole certificate, -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines included.",
                    parameterName);
            }
        }
    }
}
