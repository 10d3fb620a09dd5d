// Reference contract: nanoFramework.System.Net 1.11.60
using System.IO;

namespace System.Net.Sockets
{
    public class NetworkStream : Stream
    {
        public NetworkStream(Socket socket, bool ownsSocket)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public virtual bool DataAvailable
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
