// Reference contract: nanoFramework.System.Collections 1.5.75
// The package is not nullable-annotated: its fields may hold null (a JSON null value does).
#nullable disable
namespace System.Collections
{
    public class DictionaryEntry
    {
        public object Key;
        public object Value;

        public DictionaryEntry(object key, object value)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
