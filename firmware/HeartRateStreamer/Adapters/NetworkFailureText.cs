using System;
using System.Net.Sockets;
using HeartRateStreamer.Streaming;

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

        /// <summary>The socket error number with its meaning (<see cref="SocketErrorMeaning"/>), for the codes lwIP really reports.</summary>
        public static string DescribeSocketError(int errorCode)
        {
            string? meaning = SocketErrorMeaning.Of(errorCode);
            return "socket error " + errorCode.ToString() + ", " + (meaning != null ? meaning : "see System.Net.Sockets.SocketError for the number")
                + LookupNote(errorCode);
        }

        // lwIP reports a name lookup that failed as EAI_FAIL (10022), not 11001, and one that got no answer as a timeout.
        private static string LookupNote(int errorCode)
        {
            if (errorCode == SocketErrorMeaning.InvalidArgument)
            {
                return " (or a host name that could not be resolved; check server.url and the network's DNS)";
            }

            return errorCode == SocketErrorMeaning.TimedOut ? " (or a DNS lookup that got no answer)" : "";
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
