namespace HeartRateStreamer.Configuration
{
    /// <summary>
    /// Letter case as the device changes it. nanoFramework's <c>string.ToLower</c> lowers only A-Z; .NET's lowers every
    /// letter (the Kelvin sign U+212A becomes 'k', in invariant globalization mode too), so code that lowers text to
    /// compare it would answer differently on a PC than on the board.
    /// </summary>
    public static class AsciiText
    {
        /// <summary><paramref name="text"/> with A-Z lowered and every other character as it is.</summary>
        public static string ToLower(string text)
        {
            char[]? lowered = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= 'A' && c <= 'Z')
                {
                    if (lowered == null)
                    {
                        lowered = text.ToCharArray();
                    }

                    lowered[i] = (char)(c + ('a' - 'A'));
                }
            }

            return lowered == null ? text : new string(lowered);
        }
    }
}
