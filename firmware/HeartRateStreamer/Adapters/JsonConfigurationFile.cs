using System;
using System.Collections;
using System.IO;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Startup;
using nanoFramework.Json;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The configuration file in the device's internal storage, as the flash tool writes it (its file deployment puts
    /// device.json there). nanoFramework.Json parses it into nested tables; each leaf value goes to the core
    /// <see cref="ConfigurationReader"/> with its dotted key, which validates it. Only reading and parsing happen here.
    /// Text values are handed over as the file wrote them, from <see cref="JsonSourceText"/>: nanoFramework.Json turns
    /// text of 18 or more characters that it can read as a date into a DateTime ("Ward 3 monitor (2)" becomes 2 ticks,
    /// "2024-05-01T10:00:00.000Z" loses its format), which no code can turn back into a password, URL or token.
    /// </summary>
    public sealed class JsonConfigurationFile : IConfigurationSource
    {
        /// <summary>A file larger than this (bytes) is not a configuration file; reading it could exhaust the heap.</summary>
        private const int MaximumLength = 16384;

        /// <summary>Creates the reader of the file at <paramref name="path"/>.</summary>
        public JsonConfigurationFile(string path)
        {
            Path = path;
        }

        /// <summary>The file's path on the device.</summary>
        public string Path { get; }

        /// <summary>
        /// Reads and parses the file. Returns the finished reader (its problems, fatal or not, are for the caller to log),
        /// or null when there is nothing to read: then <paramref name="failure"/> and <paramref name="reason"/> say why.
        /// Never throws: whatever the file system or the parser throws becomes the reason.
        /// </summary>
        public ConfigurationReader? Read(out StartupFailure failure, out string reason)
        {
            failure = StartupFailure.ConfigurationUnusable;
            reason = "";
            string json;
            try
            {
                if (!File.Exists(Path))
                {
                    failure = StartupFailure.ConfigurationMissing;
                    reason = "there is no file " + Path;
                    return null;
                }

                // The size comes from the file system, so an oversize file is refused before any of it is in the heap.
                long length = new FileInfo(Path).Length;
                if (length > MaximumLength)
                {
                    reason = Path + " holds " + length.ToString() + " bytes; a configuration file is a few hundred (at most "
                        + MaximumLength.ToString() + "). Deploy device.json again with the flash tool.";
                    return null;
                }

                json = File.ReadAllText(Path);
            }
            catch (Exception e)
            {
                reason = Path + " could not be read: " + e.GetType().Name + (e.Message.Length > 0 ? ": " + e.Message : "") + ".";
                return null;
            }

            object? parsed;
            try
            {
                parsed = JsonConvert.DeserializeObject(json, typeof(Hashtable));
            }
            catch (DeserializationException)
            {
                // The library throws this without a message wherever its parse stops.
                reason = Path + " is not valid JSON as the device reads it. Check device.json for a missing comma, quote or brace;"
                    + " the device's parser also refuses the escape \\/ and \\u escapes with letters in them (write the character itself),"
                    + " and a key of 18 or more characters that reads as a date.";
                return null;
            }
            catch (ArgumentException)
            {
                // Each object's members go into a Hashtable, whose Add throws for a key it already holds.
                string repeated = new JsonSourceText(json).RepeatedKey;
                reason = Path + ": a key appears twice" + (repeated.Length > 0 ? " (\"" + repeated + "\")" : "")
                    + "; each key may appear only once in its object. Delete the copy you did not mean in device.json.";
                return null;
            }
            catch (Exception e)
            {
                // Mostly a number its parser cannot hold: it picks int.Parse, long.Parse or ulong.Parse by the digit count,
                // and their FormatException or OverflowException is not wrapped.
                reason = Path + " could not be parsed (" + e.GetType().Name + (e.Message.Length > 0 ? ": " + e.Message : "")
                    + "). Check device.json: one JSON object whose numbers are plain whole numbers within the key's range (\"maxPoints\": 500).";
                return null;
            }

            var table = parsed as Hashtable;
            if (table == null)
            {
                reason = Path + " must hold one JSON object, { \"wifi\": { ... }, \"server\": { ... } }.";
                return null;
            }

            var reader = new ConfigurationReader();
            ApplyAll(table, "", new JsonSourceText(json), reader);
            reader.Finish();
            return reader;
        }

        // Nested objects become dotted keys: {"sensor": {"type": "analog"}} is sensor.type.
        private static void ApplyAll(Hashtable table, string prefix, JsonSourceText source, ConfigurationReader reader)
        {
            // The package's Hashtable is an IDictionary that enumerates DictionaryEntry items.
            foreach (object item in (IEnumerable)table)
            {
                var entry = (DictionaryEntry)item;
                string key = prefix + entry.Key.ToString();
                object? value = entry.Value;
                var nested = value as Hashtable;
                if (nested != null)
                {
                    ApplyAll(nested, key + ".", source, reader);
                }
                else if (!((value is string || value is DateTime) && source.TryApplyText(key, reader)))
                {
                    // Not text, or text the scan does not hold: the library's value. Otherwise the file's own text went to
                    // the reader, or its refusal for a \u0000 escape, which no string on the device can hold.
                    reader.Apply(key, value);
                }
            }
        }
    }
}
