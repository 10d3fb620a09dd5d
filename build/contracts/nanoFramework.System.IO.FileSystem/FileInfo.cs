// Reference contract: nanoFramework.System.IO.FileSystem 1.1.93
namespace System.IO
{
    public sealed class FileInfo : FileSystemInfo
    {
        public FileInfo(string fileName)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public long Length
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }
    }
}
