using System;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>Thrown by <see cref="StrictChunkedParser"/> when bytes break RFC 9112; the message names the offset and the rule.</summary>
    public class MalformedMessageException : Exception
    {
        /// <summary>Creates the exception with a message that says where and what.</summary>
        public MalformedMessageException(string message)
            : base(message)
        {
        }
    }
}
