// Reference contract: nanoFramework.Json 2.2.213
using System;

namespace nanoFramework.Json
{
    // The real class declares no constructor (so only the implicit one) and no members: it is thrown without a message.
    [Serializable]
    public class DeserializationException : Exception
    {
    }
}
