namespace HeartRateStreamer.Configuration
{
    /// <summary>
    /// The key a mistyped one was probably meant to be ("wifi.pasword" is <c>wifi.password</c>), for the reader's "did you
    /// mean": the board, the virtual device and the flash tool all name the same one; and the option a misspelt one on a
    /// PC tool's command line was meant to be (<see cref="ForOption"/>). Runs only for a key or option nobody knows,
    /// before anything else, so it may allocate.
    /// </summary>
    public static class NearestKey
    {
        /// <summary>Edits (a character added, removed, changed, or two neighbours swapped) up to which a key is suggested:
        /// the usual slips, while the known keys differ by two (sensor.sdaPin, sensor.sclPin) or more.</summary>
        public const int MostEdits = 2;

        /// <summary>
        /// The key of <paramref name="known"/> (the keys one reader of the file knows) closest to <paramref name="key"/>,
        /// letter case aside (A-Z only, as the device compares: <see cref="AsciiText"/>), when it is at most
        /// <see cref="MostEdits"/> edits away, or else the one key with the same name in another section (or in none);
        /// otherwise null. Null too when two are as close ("sensor.scaPin"): a guess between them would mislead as often as help.
        /// </summary>
        public static string? To(string key, string[] known)
        {
            string typed = AsciiText.ToLower(key);
            string? nearest = null;
            bool tied = false;
            int fewest = MostEdits + 1;
            for (int i = 0; i < known.Length; i++)
            {
                int edits = Edits(typed, AsciiText.ToLower(known[i]), fewest + 1);
                if (edits < fewest)
                {
                    fewest = edits;
                    nearest = known[i];
                    tied = false;
                }
                else if (edits == fewest)
                {
                    tied = true;
                }
            }

            if (nearest != null)
            {
                return tied ? null : nearest;
            }

            return WithTheSameName(typed, known);
        }

        // A key in the wrong section or in none ("ssid" at the top level for wifi.ssid, "sensor.url"), by its name after
        // the last '.', when exactly one known key has that name: too many edits away for a slip, but what was meant.
        private static string? WithTheSameName(string typed, string[] known)
        {
            string name = typed.Substring(typed.LastIndexOf('.') + 1);
            string? found = null;
            for (int i = 0; name.Length > 0 && i < known.Length; i++)
            {
                string candidate = AsciiText.ToLower(known[i]);
                if (candidate.Substring(candidate.LastIndexOf('.') + 1) == name)
                {
                    if (found != null)
                    {
                        return null;
                    }

                    found = known[i];
                }
            }

            return found;
        }

        /// <summary>
        /// The name of a command-line option as typed, without a value joined to it: "--port" of "--port=COM3" and of
        /// "--port:COM3", the two forms the PC tools' parser (System.CommandLine) takes, split at the first '=' or ':'
        /// as it splits them. A value is no part of a guess and may be a secret, so it is never shown back.
        /// </summary>
        public static string OptionName(string token)
        {
            for (int i = 0; i < token.Length; i++)
            {
                if (token[i] == '=' || token[i] == ':')
                {
                    return token.Substring(0, i);
                }
            }

            return token;
        }

        /// <summary>
        /// The option of <paramref name="options"/> a misspelt one (<paramref name="token"/>, perhaps with "=value" or
        /// ":value") was probably meant to be, by <see cref="To"/>; otherwise null.
        /// </summary>
        public static string? ForOption(string token, string[] options)
        {
            return To(OptionName(token), options);
        }

        /// <summary>
        /// "Did you mean --sensor for --sensr?" for <paramref name="token"/> ("--sensr=analog" alike), the question the
        /// stream server and the virtual device add to their parser's message; null when <see cref="ForOption"/> has no guess.
        /// </summary>
        public static string? OptionQuestion(string token, string[] options)
        {
            string? meant = ForOption(token, options);
            return meant == null ? null : "Did you mean " + meant + " for " + OptionName(token) + "?";
        }

        /// <summary>
        /// Edits between <paramref name="a"/> and <paramref name="b"/> (optimal string alignment: insertions, deletions,
        /// substitutions and swaps of neighbours), or any number of at least <paramref name="enough"/> once that many are
        /// certain.
        /// </summary>
        public static int Edits(string a, string b, int enough)
        {
            int lengthDifference = a.Length > b.Length ? a.Length - b.Length : b.Length - a.Length;
            if (lengthDifference >= enough)
            {
                return lengthDifference;
            }

            // Three rows of the edit table: the one before last (for swaps), the last, and the one being filled.
            int[] beforeLast = new int[b.Length + 1];
            int[] last = new int[b.Length + 1];
            int[] row = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                last[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                row[0] = i;
                int rowLeast = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int edits = last[j - 1] + cost;
                    if (last[j] + 1 < edits)
                    {
                        edits = last[j] + 1;
                    }

                    if (row[j - 1] + 1 < edits)
                    {
                        edits = row[j - 1] + 1;
                    }

                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && beforeLast[j - 2] + 1 < edits)
                    {
                        edits = beforeLast[j - 2] + 1;
                    }

                    row[j] = edits;
                    if (edits < rowLeast)
                    {
                        rowLeast = edits;
                    }
                }

                if (rowLeast >= enough)
                {
                    return rowLeast; // every later row is at least this
                }

                int[] spare = beforeLast;
                beforeLast = last;
                last = row;
                row = spare;
            }

            return last[b.Length];
        }
    }
}
