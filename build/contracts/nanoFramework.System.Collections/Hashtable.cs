// Reference contract: nanoFramework.System.Collections 1.5.75
namespace System.Collections
{
    public class Hashtable
    {
        public object this[object key]
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

        public bool Contains(object key)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
