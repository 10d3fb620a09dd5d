using System;
using System.Collections;

namespace HeartRateStreamer.Configuration
{
    /// <summary>
    /// Reads the configuration file's JSON text itself, for the two things nanoFramework.Json does not give back:
    /// the exact characters of a text value (it turns text of 18 or more characters that it can read as a date into a
    /// DateTime and keeps nothing else of it, and it wraps a value that starts with an escaped quote in two more
    /// quotes), and which key appears twice when it fails with an ArgumentException. The library still parses the
    /// file; this scan only walks its structure, collecting every text value with its dotted key
    /// (<c>{"wifi": {"password": "..."}}</c> is <c>wifi.password</c>) and decoding escapes as RFC 8259 §7 says.
    /// It accepts what the library accepts (single-quoted text, a comma before a closing brace) and stops, with
    /// <see cref="IsWellFormed"/> false, at anything else. It also reads the text fields of the JSON a server answers
    /// with (<see cref="Streaming.PlotCreationAnswer"/>, <see cref="Streaming.ServerAnswer"/>), text from the network:
    /// so it never throws, and stops at a nesting deeper than any answer or configuration has.
    /// </summary>
    public sealed class JsonSourceText
    {
        private readonly string _json;
        private readonly ArrayList _keys = new ArrayList();
        private readonly ArrayList _texts = new ArrayList();

        // Per text value, the index of its first \u0000 escape, or -1 (a boxed int).
        private readonly ArrayList _nulIndexes = new ArrayList();
        private int _position;

        // Objects and arrays inside one another: each level is a call, a frame on the device's heap, so text from the
        // network ("[[[[..." in a 512-byte answer) must not nest as deep as it likes. device.json nests 2 levels.
        private const int MaximumDepth = 16;
        private int _depth;

        // Set by ReadText: the index in the decoded text of its first \u0000 escape, or -1.
        private int _lastNulIndex;
        private string _repeatedKey = "";

        /// <summary>Scans <paramref name="json"/> once; the results are read with the members below.</summary>
        public JsonSourceText(string json)
        {
            _json = json ?? "";
            SkipWhitespace();
            IsWellFormed = ScanValue("") && AtEnd();
        }

        /// <summary>True when the whole text is one JSON value and nothing follows it.</summary>
        public bool IsWellFormed { get; }

        /// <summary>The dotted key of the first name repeated inside one object, in file order; empty when none is.</summary>
        public string RepeatedKey => _repeatedKey;

        /// <summary>
        /// The text value written for <paramref name="key"/>, escapes decoded; false when the key holds no text value
        /// (absent, another kind of value, or after the point where the scan stopped). A value with a <c>\u0000</c>
        /// escape ends there on the device: give values to the reader with <see cref="TryApplyText"/>.
        /// </summary>
        public bool TryGetText(string key, out string text)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                if ((string)_keys[i]! == key)
                {
                    text = (string)_texts[i]!;
                    return true;
                }
            }

            text = "";
            return false;
        }

        /// <summary>
        /// Hands the text value written for <paramref name="key"/> to <paramref name="reader"/>: the text itself, or, when
        /// it holds a <c>\u0000</c> escape, <see cref="ConfigurationReader.RefuseNul"/>. The device keeps text as
        /// NUL-terminated UTF-8, so a string made of such a value would end at the NUL there and not on a PC; the escape is
        /// found here, before any string is made, on both. False, with nothing applied, when the key holds no text value.
        /// </summary>
        public bool TryApplyText(string key, ConfigurationReader reader)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                if ((string)_keys[i]! == key)
                {
                    int nul = (int)_nulIndexes[i]!;
                    if (nul >= 0)
                    {
                        reader.RefuseNul(key, nul);
                    }
                    else
                    {
                        reader.Apply(key, (string)_texts[i]!);
                    }

                    return true;
                }
            }

            return false;
        }

        private bool AtEnd()
        {
            SkipWhitespace();
            return _position == _json.Length;
        }

        private bool ScanValue(string key)
        {
            if (_position >= _json.Length)
            {
                return false;
            }

            char c = _json[_position];
            if (c == '{')
            {
                return ScanObject(key);
            }

            if (c == '[')
            {
                return ScanArray(key);
            }

            if (c == '"' || c == '\'')
            {
                string text;
                if (!ReadText(out text))
                {
                    return false;
                }

                _keys.Add(key);
                _texts.Add(text);
                _nulIndexes.Add(_lastNulIndex);
                return true;
            }

            // A number, true, false or null: the library reads those faithfully, so they are only stepped over.
            int start = _position;
            while (_position < _json.Length && !IsDelimiter(_json[_position]))
            {
                _position++;
            }

            return _position > start;
        }

        private bool ScanObject(string key)
        {
            if (++_depth > MaximumDepth)
            {
                return false;
            }

            _position++;
            var names = new ArrayList();
            SkipWhitespace();
            while (_position < _json.Length && _json[_position] != '}')
            {
                string name;
                if (!(_json[_position] == '"' || _json[_position] == '\'') || !ReadText(out name))
                {
                    return false;
                }

                string member = key.Length == 0 ? name : key + "." + name;
                if (names.Contains(name) && _repeatedKey.Length == 0)
                {
                    _repeatedKey = member;
                }

                names.Add(name);
                SkipWhitespace();
                if (_position >= _json.Length || _json[_position] != ':')
                {
                    return false;
                }

                _position++;
                SkipWhitespace();
                if (!ScanValue(member))
                {
                    return false;
                }

                SkipWhitespace();
                if (_position < _json.Length && _json[_position] == ',')
                {
                    _position++;
                    SkipWhitespace();
                }
                else if (_position < _json.Length && _json[_position] != '}')
                {
                    return false;
                }
            }

            if (_position >= _json.Length)
            {
                return false;
            }

            _position++;
            _depth--;
            return true;
        }

        private bool ScanArray(string key)
        {
            if (++_depth > MaximumDepth)
            {
                return false;
            }

            _position++;

            // Items have no key of their own; "[]" keeps their text values from answering for the key itself.
            string itemKey = key + "[]";
            SkipWhitespace();
            while (_position < _json.Length && _json[_position] != ']')
            {
                if (!ScanValue(itemKey))
                {
                    return false;
                }

                SkipWhitespace();
                if (_position < _json.Length && _json[_position] == ',')
                {
                    _position++;
                    SkipWhitespace();
                }
                else if (_position < _json.Length && _json[_position] != ']')
                {
                    return false;
                }
            }

            if (_position >= _json.Length)
            {
                return false;
            }

            _position++;
            _depth--;
            return true;
        }

        // Reads a quoted text starting at its opening quote and decodes its escapes (RFC 8259 §7).
        private bool ReadText(out string text)
        {
            text = "";
            _lastNulIndex = -1;
            char quote = _json[_position];
            int start = _position + 1;
            int end = start;
            bool escaped = false;
            while (end < _json.Length && _json[end] != quote)
            {
                if (_json[end] == '\\')
                {
                    escaped = true;
                    end++;
                }

                end++;
            }

            if (end >= _json.Length)
            {
                return false;
            }

            _position = end + 1;
            if (!escaped)
            {
                text = _json.Substring(start, end - start);
                return true;
            }

            var decoded = new char[end - start];
            int count = 0;
            int run = start;
            for (int i = start; i < end; i++)
            {
                if (_json[i] != '\\')
                {
                    continue;
                }

                count = CopyRun(run, i, decoded, count);
                i++;
                char escape = _json[i];
                if (escape == 'u')
                {
                    int code;
                    if (i + 4 >= end || !TryReadHex(i + 1, out code))
                    {
                        return false;
                    }

                    if (code == 0 && _lastNulIndex < 0)
                    {
                        _lastNulIndex = count;
                    }

                    decoded[count++] = (char)code;
                    i += 4;
                }
                else
                {
                    int index = "\"\\/bfnrt".IndexOf(escape);
                    if (index < 0)
                    {
                        return false;
                    }

                    decoded[count++] = "\"\\/\b\f\n\r\t"[index];
                }

                run = i + 1;
            }

            count = CopyRun(run, end, decoded, count);
            text = new string(decoded, 0, count);
            return true;
        }

        // Copies the text between escapes whole: the interpreter keeps strings as UTF-8 and reads a character outside
        // the BMP through s[i] as its high surrogate twice, while ToCharArray gives the pair (nanoframework-api.md §12).
        private int CopyRun(int from, int to, char[] decoded, int count)
        {
            if (to <= from)
            {
                return count;
            }

            char[] run = _json.ToCharArray(from, to - from);
            Array.Copy(run, 0, decoded, count, run.Length);
            return count + run.Length;
        }

        private bool TryReadHex(int start, out int code)
        {
            code = 0;
            for (int i = start; i < start + 4; i++)
            {
                char c = _json[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return false;
                }

                code = (code * 16) + digit;
            }

            return true;
        }

        private void SkipWhitespace()
        {
            while (_position < _json.Length && IsWhitespace(_json[_position]))
            {
                _position++;
            }
        }

        private static bool IsWhitespace(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static bool IsDelimiter(char c)
        {
            return IsWhitespace(c) || c == ',' || c == '}' || c == ']' || c == ':';
        }
    }
}
