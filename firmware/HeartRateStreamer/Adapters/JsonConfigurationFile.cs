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
    /// </summary>
    public sealed class JsonConfigurationFile : IConfigurationSource
    {
        /// <summary>Where the flash tool puts the file: drive I: is the ESP32's internal flash storage.</summary>
        public const string DefaultPath = "I:\\heartrate.json";

        /// <summary>A file larger than this is not a configuration file; reading it could exhaust the heap.</summary>
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
        /// </summary>
        public ConfigurationReader? Read(out StartupFailure failure, out string reason)
        {
            failure = StartupFailure.ConfigurationUnusable;
            reason = "";
            if (!File.Exists(Path))
            {
                failure = StartupFailure.ConfigurationMissing;
                reason = "there is no file " + Path;
                return null;
            }

            string json;
            try
            {
                json = File.ReadAllText(Path);
            }
            catch (Exception e)
            {
                reason = Path + " could not be read: " + e.Message;
                return null;
            }

            if (json.Length > MaximumLength)
            {
                reason = Path + " holds " + json.Length.ToString() + " characters; a configuration file is a few hundred. Deploy device.json again with the flash tool.";
                return null;
            }

            object? parsed;
            try
            {
                parsed = JsonConvert.DeserializeObject(json, typeof(Hashtable));
            }
            catch (Exception e)
            {
                reason = Path + " is not valid JSON (" + e.GetType().Name + (e.Message.Length > 0 ? ": " + e.Message : "")
                    + "). Check device.json for a missing comma, quote or brace.";
                return null;
            }

            var table = parsed as Hashtable;
            if (table == null)
            {
                reason = Path + " must hold one JSON object, { \"wifi\": { ... }, \"server\": { ... } }.";
                return null;
            }

            var reader = new ConfigurationReader();
            ApplyAll(table, "", reader);
            reader.Finish();
            return reader;
        }

        // Nested objects become dotted keys: {"sensor": {"type": "analog"}} is sensor.type.
        private static void ApplyAll(Hashtable table, string prefix, ConfigurationReader reader)
        {
            // The package's Hashtable is an IDictionary that enumerates DictionaryEntry items.
            foreach (object item in (IEnumerable)table)
            {
                var entry = (DictionaryEntry)item;
                string key = prefix + entry.Key.ToString();
                var nested = entry.Value as Hashtable;
                if (nested != null)
                {
                    ApplyAll(nested, key + ".", reader);
                }
                else
                {
                    reader.Apply(key, entry.Value);
                }
            }
        }
    }
}
