using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// The body of <c>POST /clientresp</c>, the call that creates (or overwrites) a streaming plot, in the exact form
    /// the npm <c>plotly</c> client sends: the fields <c>platform, version, args, kwargs, un, key, origin</c> in that
    /// order, joined with '&amp;', and the JSON values NOT URL-encoded. Inside JSON strings '&amp;', '+' and '%' are
    /// written as \u escapes, so the body means the same to a server that uses a standard form decoder.
    /// </summary>
    public sealed class PlotCreationRequest
    {
        /// <summary>The request path.</summary>
        public const string Path = "/clientresp";

        /// <summary>The Content-Type the npm client sends with the body.</summary>
        public const string ContentType = "application/x-www-form-urlencoded";

        private const double AxisGap = 0.06;

        // Decimals of the ranges the axes show at least.
        private const int RangeDecimals = 1;

        private readonly string _userName;
        private readonly string _apiKey;
        private readonly string _fileName;
        private readonly string _title;
        private readonly PlotTrace[] _traces;

        /// <summary>
        /// A request to create the plot <paramref name="fileName"/> titled <paramref name="title"/> with
        /// <paramref name="traces"/>, for the account <paramref name="userName"/> with <paramref name="apiKey"/>.
        /// </summary>
        public PlotCreationRequest(string userName, string apiKey, string fileName, string title, PlotTrace[] traces)
        {
            CheckFormValue(userName, "user name", nameof(userName));
            CheckFormValue(apiKey, "API key", nameof(apiKey));
            if (fileName == null || fileName.Length == 0)
            {
                throw new ArgumentException("Give the plot a file name; an existing plot of that name is overwritten.", nameof(fileName));
            }

            if (traces == null || traces.Length == 0)
            {
                throw new ArgumentException("A streaming plot needs at least one trace with a stream token.", nameof(traces));
            }

            _userName = userName;
            _apiKey = apiKey;
            _fileName = fileName;
            _title = title ?? "";
            _traces = traces;
            Platform = "heartratestreamer";
            Version = "1.0";
        }

        /// <summary>The <c>platform</c> field (the npm client sends "nodejs"); default "heartratestreamer".</summary>
        public string Platform { get; set; }

        /// <summary>The <c>version</c> field; default "1.0".</summary>
        public string Version { get; set; }

        /// <summary>Builds the body as UTF-8 bytes of exactly its length. Called once at boot, so it may allocate.</summary>
        public byte[] BuildBody()
        {
            int capacity = 1024 + 6 * (_fileName.Length + _title.Length + _userName.Length + _apiKey.Length);
            for (int i = 0; i < _traces.Length; i++)
            {
                capacity += 320 + 6 * (_traces[i].Name.Length + _traces[i].Token.Length);
            }

            var writer = new JsonWriter(capacity);
            WriteBody(writer);
            var body = new byte[writer.Length];
            Array.Copy(writer.Buffer, writer.Start, body, 0, writer.Length);
            return body;
        }

        /// <summary>Writes the body into <paramref name="writer"/>.</summary>
        public void WriteBody(JsonWriter writer)
        {
            CheckFormValue(Platform, "platform", nameof(Platform));
            CheckFormValue(Version, "version", nameof(Version));
            bool escaping = writer.EscapeFormDelimiters;
            writer.EscapeFormDelimiters = true;
            writer.WriteAscii("platform=");
            writer.WriteAscii(Platform);
            writer.WriteAscii("&version=");
            writer.WriteAscii(Version);
            writer.WriteAscii("&args=");
            WriteTraces(writer);
            writer.WriteAscii("&kwargs=");
            WriteOptions(writer);
            writer.WriteAscii("&un=");
            writer.WriteAscii(_userName);
            writer.WriteAscii("&key=");
            writer.WriteAscii(_apiKey);
            writer.WriteAscii("&origin=plot");
            writer.EscapeFormDelimiters = escaping;
        }

        private void WriteTraces(JsonWriter writer)
        {
            writer.WriteByte((byte)'[');
            for (int i = 0; i < _traces.Length; i++)
            {
                PlotTrace trace = _traces[i];
                if (i > 0)
                {
                    writer.WriteByte((byte)',');
                }

                writer.WriteAscii("{\"x\":[],\"y\":[],\"type\":\"scatter\",\"mode\":\"lines\",\"name\":");
                writer.WriteString(trace.Name);
                writer.WriteAscii(",\"yaxis\":\"");
                WriteAxisName(writer, "y", trace.AxisRow);
                writer.WriteByte((byte)'"');
                if (trace.Steps)
                {
                    writer.WriteAscii(",\"line\":{\"shape\":\"hv\"}");
                }

                writer.WriteAscii(",\"stream\":{\"token\":");
                writer.WriteString(trace.Token);
                writer.WriteAscii(",\"maxpoints\":");
                writer.WriteInteger(trace.MaxPoints);
                writer.WriteAscii("}}");
            }

            writer.WriteByte((byte)']');
        }

        private void WriteOptions(JsonWriter writer)
        {
            writer.WriteAscii("{\"filename\":");
            writer.WriteString(_fileName);
            writer.WriteAscii(",\"fileopt\":\"overwrite\",\"world_readable\":true,\"layout\":{\"title\":{\"text\":");
            writer.WriteString(_title);
            writer.WriteAscii("}");
            int rows = 0;
            for (int i = 0; i < _traces.Length; i++)
            {
                rows = _traces[i].AxisRow > rows ? _traces[i].AxisRow : rows;
            }

            // One time axis, under the lowest row (Plotly puts an x axis beside the y axis it is anchored to).
            writer.WriteAscii(",\"xaxis\":{\"title\":{\"text\":\"time (UTC)\"},\"anchor\":\"");
            WriteAxisName(writer, "y", rows);
            writer.WriteAscii("\"}");

            // Stack the y axes top to bottom, each row the same height with a small gap between rows.
            double height = (1.0 - AxisGap * (rows - 1)) / rows;
            for (int row = 1; row <= rows; row++)
            {
                double top = 1.0 - (row - 1) * (height + AxisGap);
                double bottom = row == rows ? 0.0 : top - height;
                writer.WriteAscii(",\"");
                WriteAxisName(writer, "yaxis", row);
                writer.WriteAscii("\":{\"domain\":[");
                writer.WriteFixed(bottom, 3);
                writer.WriteByte((byte)',');
                writer.WriteFixed(top, 3);
                writer.WriteAscii("]");
                if (row > 1)
                {
                    writer.WriteAscii(",\"anchor\":\"x\"");
                }

                PlotTrace? first = FirstTraceOnRow(row);
                if (first != null)
                {
                    writer.WriteAscii(",\"title\":{\"text\":");
                    writer.WriteString(first.Name);
                    writer.WriteByte((byte)'}');
                    if (first.HasShownRange)
                    {
                        writer.WriteAscii(",\"autorangeoptions\":{\"include\":[");
                        writer.WriteFixed(first.ShownRangeLow, RangeDecimals);
                        writer.WriteByte((byte)',');
                        writer.WriteFixed(first.ShownRangeHigh, RangeDecimals);
                        writer.WriteAscii("]}");
                    }
                }

                writer.WriteByte((byte)'}');
            }

            writer.WriteAscii("}}");
        }

        private PlotTrace? FirstTraceOnRow(int row)
        {
            for (int i = 0; i < _traces.Length; i++)
            {
                if (_traces[i].AxisRow == row)
                {
                    return _traces[i];
                }
            }

            return null;
        }

        // Plotly names the first axis "y"/"yaxis" and the others "y2"/"yaxis2"...
        private static void WriteAxisName(JsonWriter writer, string prefix, int row)
        {
            writer.WriteAscii(prefix);
            if (row > 1)
            {
                writer.WriteInteger(row);
            }
        }

        private static void CheckFormValue(string value, string what, string parameterName)
        {
            if (value == null || value.Length == 0)
            {
                throw new ArgumentException("The " + what + " for plot creation is empty; set it in the configuration.", parameterName);
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c <= ' ' || c > '~' || c == '&' || c == '=' || c == '+' || c == '%' || c == '#')
                {
                    throw new ArgumentException("The " + what + " '" + value + "' contains '" + c.ToString()
                        + "', which cannot go un-encoded into the /clientresp form; Plotly user names and keys are letters, digits, '-', '_' and '.'.", parameterName);
                }
            }
        }
    }
}
