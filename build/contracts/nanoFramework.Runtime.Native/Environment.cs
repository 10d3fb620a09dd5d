// Reference contract: nanoFramework.Runtime.Native 1.7.11
namespace System
{
    public static class Environment
    {
        public static long TickCount64
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }
    }
}
