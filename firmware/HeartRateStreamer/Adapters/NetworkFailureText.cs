using System;
using System.Net.Sockets;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Turns what nanoFramework's network stack throws into one line a person can act on. The libraries wrap some
    /// failures, putting the real reason in InnerException behind a generic message, leave others raw, and
    /// a SocketException carries only its number, so the line names the outer type, the innermost type and reason,
    /// and says what a socket error number means as lwIP reports it.
    /// </summary>
    internal static class NetworkFailureText
    {
        /// <summary>"Outer" or "Outer caused by Inner", then ": " and the innermost reason.</summary>
        public static string Describe(Exception failure)
        {
            Exception innermost = failure;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            string types = failure.GetType().Name;
            if (innermost != failure)
            {
                types += " caused by " + innermost.GetType().Name;
            }

            return types + ": " + Reason(innermost);
        }

        /// <summary>The socket error number with its meaning, for the codes lwIP really reports.</summary>
        public static string DescribeSocketError(int errorCode)
        {
            string meaning;
            switch (errorCode)
            {
                case (int)SocketError.InvalidArgument:
                    // lwIP's EAI_FAIL: a failed name lookup arrives with this number, not 11001.
                    meaning = "the host name could not be resolved or an argument is invalid; check server.url and the network's DNS";
                    break;
                case (int)SocketError.TimedOut:
                    meaning = "timed out (also what a DNS lookup that got no answer reports)";
                    break;
                case (int)SocketError.ConnectionRefused:
                    meaning = "connection refused; is the server running on that port?";
                    break;
                case (int)SocketError.ConnectionReset:
                    meaning = "connection reset by the server";
                    break;
                case (int)SocketError.HostUnreachable:
                    meaning = "host unreachable";
                    break;
                case (int)SocketError.NetworkUnreachable:
                    meaning = "network unreachable; is Wi-Fi connected, with a gateway?";
                    break;
                case (int)SocketError.HostNotFound:
                    meaning = "host name not found; check server.url and the network's DNS";
                    break;
                default:
                    meaning = "see System.Net.Sockets.SocketError for the number";
                    break;
            }

            return "socket error " + errorCode.ToString() + ", " + meaning;
        }

        private static string Reason(Exception failure)
        {
            var socketFailure = failure as SocketException;
            if (socketFailure != null)
            {
                return DescribeSocketError(socketFailure.ErrorCode);
            }

            // Never empty on nanoFramework: without a message it reads "Exception was thrown: <type>".
            return failure.Message;
        }
    }
}
