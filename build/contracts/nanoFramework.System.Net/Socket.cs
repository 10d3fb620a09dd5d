// Reference contract: nanoFramework.System.Net 1.11.60
namespace System.Net.Sockets
{
    public class Socket : IDisposable
    {
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public int Available
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public int ReceiveTimeout
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }

            set
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public int SendTimeout
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }

            set
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public void Connect(EndPoint remoteEP)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Close()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public int Send(byte[] buffer, int offset, int size, SocketFlags socketFlags)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public int Receive(byte[] buffer, int offset, int size, SocketFlags socketFlags)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public bool Poll(int microSeconds, SelectMode mode)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        void IDisposable.Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
