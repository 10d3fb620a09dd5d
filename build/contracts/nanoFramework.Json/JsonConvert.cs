// Reference contract: nanoFramework.Json 2.2.213
using System;

namespace nanoFramework.Json
{
    public static class JsonConvert
    {
        public static object DeserializeObject(string value, Type type)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
