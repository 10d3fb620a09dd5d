// Reference contract: nanoFramework.System.IO.FileSystem 1.1.93
namespace System.IO
{
    // The real class also declares Attributes, FullName, Extension, Exists, Name, Delete() and Refresh(); only the
    // base type is mirrored, because FileInfo derives from it and the firmware uses none of its members.
    public abstract class FileSystemInfo : MarshalByRefObject
    {
    }
}
