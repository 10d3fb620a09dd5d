namespace HeartRateStreamer.Configuration
{
    /// <summary>
    /// How a PC tool (the flash tool, the stream server, the virtual device) names the words of its command line it does not know: a value
    /// after a misspelt option is often a password, token or key pasted in, and printed back it would stay in a
    /// terminal's scrollback or a CI log. An option is named without a value joined to it; any other word is only counted.
    /// </summary>
    public static class UnknownWords
    {
        /// <summary>
        /// An unknown option as a message names it: as typed ("--prot"), or with a value joined to it, its name and the
        /// joining character ("--prot=..." for "--prot=/dev/ttyUSB0", "--prot:..." alike, <see cref="NearestKey.OptionName"/>).
        /// Null for a word that is no option (it does not start with '-'): it is only counted (<see cref="Unshown"/>).
        /// </summary>
        public static string? Shown(string token)
        {
            if (token.Length == 0 || token[0] != '-')
            {
                return null;
            }

            string name = NearestKey.OptionName(token);
            return name.Length < token.Length ? name + token[name.Length] + "..." : token;
        }

        /// <summary>
        /// The sentence for <paramref name="count"/> words that <see cref="Shown"/> does not show, "in case of"
        /// <paramref name="secrets"/> (the secrets the tool's command line might be given, "a password or a token").
        /// </summary>
        public static string Unshown(int count, string secrets)
        {
            return count.ToString() + (count == 1 ? " word is" : " words are") + " neither an option nor an option's value; not shown, in case of "
                + secrets + ".";
        }
    }
}
