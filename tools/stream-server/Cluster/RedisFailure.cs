using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>What the node's log says of a failed connection attempt to Redis: for a refused password or an untrusted TLS
/// certificate, which no waiting mends, also what to change.</summary>
public static class RedisFailure
{
    public static string Describe(ConnectionAttemptCompletedEventArgs attempt)
    {
        string detail = attempt.Exception?.Message ?? attempt.FailureType.ToString();
        if (attempt.ServerCertificateAccepted == false)
        {
            return $"Redis's TLS certificate is not trusted: {attempt.ServerCertificatePolicyErrors}, chain {attempt.ServerCertificateChainStatus}. "
                + "Give the CA certificate that signed it as rediss://...?ca=CA.pem (or add it to the system's trust store), "
                + $"and make sure the certificate names {attempt.TlsHostName}";
        }

        if (attempt.FailureType == ConnectionFailureType.AuthenticationFailure && attempt.Stage == ConnectionAttemptStage.Tls)
        {
            return $"the TLS handshake with Redis failed ({detail}): does Redis serve TLS on that port?";
        }

        return attempt.FailureType == ConnectionFailureType.AuthenticationFailure
            ? $"Redis refused this node's credentials: {detail}. Check the password in the --cluster URL or {ClusterAddress.PasswordVariable} "
                + "(and the user, for a Redis 6 ACL user)"
            : $"{attempt.FailureType} on {attempt.EndPoint}: {detail}";
    }
}
