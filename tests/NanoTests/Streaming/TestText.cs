namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>Bytes to text for assertions (nanoFramework's mscorlib has no Encoding), and text to bytes.</summary>
    public static class TestText
    {
        /// <summary>The bytes as characters, one per byte.</summary>
        public static string Ascii(byte[] bytes, int offset, int count)
        {
            var characters = new char[count];
            for (int i = 0; i < count; i++)
            {
                characters[i] = (char)bytes[offset + i];
            }

            return new string(characters);
        }

        /// <summary>The characters of <paramref name="text"/> (all below 0x80) as bytes.</summary>
        public static byte[] Bytes(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        /// <summary>CR and LF made visible as \r and \n, so a failure message shows the framing.</summary>
        public static string Visible(string text)
        {
            string visible = "";
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                visible += c == '\r' ? "\\r" : c == '\n' ? "\\n" : c.ToString();
            }

            return visible;
        }
    }
}
