namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// Decodes UTF-8 (RFC 3629 §3) into a string with nothing but the core library, which is all core references.
    /// A malformed sequence, and a character outside the BMP, become U+FFFD: the interpreter keeps strings as UTF-8 and
    /// reads a surrogate pair back as two broken characters (nanoframework-api.md §12), and what is decoded here, a
    /// server's answer, is only logged and compared as ASCII.
    /// </summary>
    public static class Utf8Text
    {
        private const char Replacement = '\uFFFD';

        /// <summary>The text of <paramref name="count"/> bytes from <paramref name="start"/>.</summary>
        public static string Decode(byte[] bytes, int start, int count)
        {
            var characters = new char[count];
            int length = 0;
            int end = start + count;
            int i = start;
            while (i < end)
            {
                int first = bytes[i++];
                if (first < 0x80)
                {
                    characters[length++] = (char)first;
                    continue;
                }

                // The lead byte says how many continuation bytes (10xxxxxx) follow, and the least value that needs them.
                int more;
                int value;
                int least;
                if ((first & 0xE0) == 0xC0)
                {
                    more = 1;
                    value = first & 0x1F;
                    least = 0x80;
                }
                else if ((first & 0xF0) == 0xE0)
                {
                    more = 2;
                    value = first & 0x0F;
                    least = 0x800;
                }
                else if ((first & 0xF8) == 0xF0)
                {
                    more = 3;
                    value = first & 0x07;
                    least = 0x10000;
                }
                else
                {
                    characters[length++] = Replacement;
                    continue;
                }

                int taken = 0;
                while (taken < more && i < end && (bytes[i] & 0xC0) == 0x80)
                {
                    value = (value << 6) | (bytes[i] & 0x3F);
                    i++;
                    taken++;
                }

                bool valid = taken == more && value >= least && value <= 0xFFFF && (value < 0xD800 || value > 0xDFFF);
                characters[length++] = valid ? (char)value : Replacement;
            }

            return new string(characters, 0, length);
        }
    }
}
