namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>One transfer a <see cref="ScriptedRegisterBus"/> expects: the exact bytes written, what to answer or how to fail.</summary>
    internal sealed class ScriptedTransfer
    {
        public ScriptedTransfer(bool isWriteRead, byte[] written, byte[] response, string failureMessage)
        {
            IsWriteRead = isWriteRead;
            Written = written;
            Response = response;
            FailureMessage = failureMessage;
        }

        public bool IsWriteRead { get; }

        public byte[] Written { get; }

        /// <summary>The bytes a write-read returns; its length is the expected read count.</summary>
        public byte[] Response { get; }

        /// <summary>When not empty, the transfer throws IOException with this message instead of completing.</summary>
        public string FailureMessage { get; }
    }
}
