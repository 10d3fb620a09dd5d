namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// What a socket error number means, in words a person can act on: one table for the board's adapter (the number a
    /// nanoFramework SocketException carries, as lwIP reports it) and the virtual device's (.NET's SocketError), which
    /// number socket errors alike (Windows Sockets numbers), so both say the same thing about the same failure. What a
    /// number means only on one of them (lwIP's name lookups) is that adapter's to add.
    /// </summary>
    public static class SocketErrorMeaning
    {
        /// <summary>WSAEINVAL; on the board also lwIP's EAI_FAIL, a failed name lookup (the board's adapter says so).</summary>
        public const int InvalidArgument = 10022;

        /// <summary>WSAENETUNREACH.</summary>
        public const int NetworkUnreachable = 10051;

        /// <summary>WSAECONNABORTED.</summary>
        public const int ConnectionAborted = 10053;

        /// <summary>WSAECONNRESET.</summary>
        public const int ConnectionReset = 10054;

        /// <summary>WSAESHUTDOWN.</summary>
        public const int Shutdown = 10058;

        /// <summary>WSAETIMEDOUT; on the board also a DNS lookup that got no answer (the board's adapter says so).</summary>
        public const int TimedOut = 10060;

        /// <summary>WSAECONNREFUSED.</summary>
        public const int ConnectionRefused = 10061;

        /// <summary>WSAEHOSTUNREACH.</summary>
        public const int HostUnreachable = 10065;

        /// <summary>WSAHOST_NOT_FOUND.</summary>
        public const int HostNotFound = 11001;

        /// <summary>
        /// The meaning of socket error <paramref name="socketError"/>, or null for a number not in the table: a clause
        /// without a final stop or question mark, since the logs join it into sentences of their own ("...: meaning;
        /// reconnecting in ...", "...: meaning. The streams go on...").
        /// </summary>
        public static string? Of(int socketError)
        {
            switch (socketError)
            {
                case InvalidArgument:
                    return "an argument is invalid";
                case TimedOut:
                    return "timed out";
                case ConnectionRefused:
                    return "connection refused (no server listening on that port, or a firewall refusing it)";
                case ConnectionReset:
                    return "connection reset by the server";
                case HostUnreachable:
                    return "host unreachable";
                case NetworkUnreachable:
                    return "network unreachable (Wi-Fi not connected, or no gateway)";
                case HostNotFound:
                    return "host name not found; check server.url and the network's DNS";
                case Shutdown:
                case ConnectionAborted:
                    return "the connection was closed";
                default:
                    return null;
            }
        }
    }
}
