// Reference contract: nanoFramework.System.IO.FileSystem 1.1.93
namespace System.IO
{
    public static class File
    {
        public static bool Exists(string path)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public static string ReadAllText(string path)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
