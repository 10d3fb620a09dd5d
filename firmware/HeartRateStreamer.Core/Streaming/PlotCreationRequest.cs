using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// The body of <c>POST /clientresp</c>, the call that creates (or overwrites) a streaming plot, in the exact form
    /// the npm <c>plotly</c> client sends: the fields <c>platform, version, args, kwargs, un, key, origin</c> in that
    /// order, joined with '&amp;', and the JSON values NOT URL-encoded. Inside JSON strings '&amp;', '+' and '%' are
    /// written as \u escapes, so the body means the same to a server that uses a standard form decoder; the other fields
    /// are percent-encoded (an API key may hold '+' or '/').
    /// </summary>
    public sealed class PlotCreationRequest
    {
        /// <summary>The request path.</summary>
        public const string Path = "/clientresp";

        /// <summary>The Content-Type the npm client sends with the body.</summary>
        public const string ContentType = "application/x-www-form-urlencoded";

        private const double AxisGap = 0.06;

        // Between rows when a row above carries its own time axis: room for that axis's tick labels.
        private const double SplitAxisGap = 0.1;

        // Decimals of the ranges the axes show at least.
        private const int RangeDecimals = 1;

        private readonly string _userName;
        private readonly string _apiKey;
        private readonly string _fileName;
        private readonly string _title;
        private readonly PlotTrace[] _traces;
        private string _userAgent = "";

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
            Version = DeviceIdentity.Version;
        }

        /// <summary>The <c>platform</c> field (the npm client sends "nodejs"); default "heartratestreamer".</summary>
        public string Platform { get; set; }

        /// <summary>The <c>version</c> field; default the firmware's (<see cref="DeviceIdentity.Version"/>).</summary>
        public string Version { get; set; }

        /// <summary>The User-Agent header of the HTTP request; empty (the default): none is sent.</summary>
        public string UserAgent
        {
            get => _userAgent;
            set => _userAgent = value ?? "";
        }

        /// <summary>Builds the body as UTF-8 bytes of exactly its length. Called once at boot, so it may allocate.</summary>
        public byte[] BuildBody()
        {
            int capacity = 1024 + 6 * (_fileName.Length + _title.Length + _userName.Length + _apiKey.Length);
            for (int i = 0; i < _traces.Length; i++)
            {
                capacity += 400 + 6 * (_traces[i].Name.Length + _traces[i].Token.Length);
            }

            var writer = new JsonWriter(capacity);
            WriteBody(writer);
            var body = new byte[writer.Length];
            Array.Copy(writer.Buffer, writer.Start, body, 0, writer.Length);
            return body;
        }

        /// <summary>
        /// The whole HTTP request to <paramref name="server"/>, head and body. <c>Connection: close</c> makes the server
        /// end the connection after its answer, which is how an answer without a length ends (RFC 9112 §6.3). Called
        /// once per plot creation, so it may allocate.
        /// </summary>
        public byte[] BuildHttpRequest(ServerAddress server)
        {
            if (UserAgent.Length > 0)
            {
                RequestHead.CheckFieldValue(UserAgent, "user agent", nameof(UserAgent), true);
            }

            byte[] body = BuildBody();
            string host = server.HostField;
            var head = new JsonWriter(200 + host.Length + UserAgent.Length);
            head.WriteAscii("POST " + Path + " HTTP/1.1\r\nHost: ");
            head.WriteAscii(host);
            if (UserAgent.Length > 0)
            {
                head.WriteAscii("\r\nUser-Agent: ");
                head.WriteAscii(UserAgent);
            }

            head.WriteAscii("\r\nContent-Type: " + ContentType + "\r\nContent-Length: ");
            head.WriteInteger(body.Length);
            head.WriteAscii("\r\nConnection: close\r\n\r\n");

            var message = new byte[head.Length + body.Length];
            Array.Copy(head.Buffer, head.Start, message, 0, head.Length);
            Array.Copy(body, 0, message, head.Length, body.Length);
            return message;
        }

        /// <summary>Writes the body into <paramref name="writer"/>.</summary>
        public void WriteBody(JsonWriter writer)
        {
            CheckFormValue(Platform, "platform", nameof(Platform));
            CheckFormValue(Version, "version", nameof(Version));
            bool escaping = writer.EscapeFormDelimiters;
            writer.EscapeFormDelimiters = true;
            writer.WriteAscii("platform=");
            WriteFormValue(writer, Platform);
            writer.WriteAscii("&version=");
            WriteFormValue(writer, Version);
            writer.WriteAscii("&args=");
            WriteTraces(writer);
            writer.WriteAscii("&kwargs=");
            WriteOptions(writer);
            writer.WriteAscii("&un=");
            WriteFormValue(writer, _userName);
            writer.WriteAscii("&key=");
            WriteFormValue(writer, _apiKey);
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

                // A reading also gets a marker per value: one that has not changed yet is a single point, which a line alone does not draw.
                writer.WriteAscii(trace.Steps ? "{\"x\":[],\"y\":[],\"type\":\"scatter\",\"mode\":\"lines+markers\",\"name\":"
                    : "{\"x\":[],\"y\":[],\"type\":\"scatter\",\"mode\":\"lines\",\"name\":");
                writer.WriteString(trace.Name);
                writer.WriteAscii(",\"yaxis\":\"");
                WriteAxisName(writer, "y", trace.AxisRow);
                writer.WriteByte((byte)'"');
                if (OnSharedTimeAxis(trace))
                {
                    writer.WriteAscii(",\"xaxis\":\"x2\"");
                }

                if (trace.Steps)
                {
                    writer.WriteAscii(",\"line\":{\"shape\":\"hv\"}");
                }

                // Plotly's free-form trace attribute, which an owner's restyle can change like any other.
                if (trace.Waveform)
                {
                    writer.WriteAscii(",\"meta\":{\"waveform\":true}");
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
            int rows = LowestRow(true, true);
            bool split = SplitsTimeAxes();

            // One time axis for the readings, under their lowest row (Plotly puts an x axis beside the y axis it is
            // anchored to); a waveform with a time axis of its own has it under its row, without a title.
            writer.WriteAscii(",\"xaxis\":{");
            if (!split)
            {
                writer.WriteAscii("\"title\":{\"text\":\"time (UTC)\"},");
            }

            writer.WriteAscii("\"anchor\":\"");
            WriteAxisName(writer, "y", split ? LowestRow(true, false) : rows);
            writer.WriteAscii("\"}");
            if (split)
            {
                writer.WriteAscii(",\"xaxis2\":{\"title\":{\"text\":\"time (UTC)\"},\"anchor\":\"");
                WriteAxisName(writer, "y", LowestRow(false, true));
                writer.WriteAscii("\"}");
            }

            // Stack the y axes top to bottom, each row the same height with a small gap between rows.
            double gap = split ? SplitAxisGap : AxisGap;
            double height = (1.0 - gap * (rows - 1)) / rows;
            for (int row = 1; row <= rows; row++)
            {
                double top = 1.0 - (row - 1) * (height + gap);
                double bottom = row == rows ? 0.0 : top - height;
                writer.WriteAscii(",\"");
                WriteAxisName(writer, "yaxis", row);
                writer.WriteAscii("\":{\"domain\":[");
                writer.WriteFixed(bottom, 3);
                writer.WriteByte((byte)',');
                writer.WriteFixed(top, 3);
                writer.WriteAscii("]");
                PlotTrace? first = FirstTraceOnRow(row);
                if (first != null && OnSharedTimeAxis(first))
                {
                    writer.WriteAscii(",\"anchor\":\"x2\"");
                }
                else if (row > 1)
                {
                    writer.WriteAscii(",\"anchor\":\"x\"");
                }

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

        // Only when both kinds are there: a waveform alone, or readings alone, share the one time axis as before.
        private bool SplitsTimeAxes()
        {
            return LowestRow(true, false) > 0 && LowestRow(false, true) > 0;
        }

        private bool OnSharedTimeAxis(PlotTrace trace)
        {
            return !trace.OwnTimeAxis && SplitsTimeAxes();
        }

        // The lowest row holding a trace with its own time axis (when ownAxis) or on the shared one (when shared); 0 if none.
        private int LowestRow(bool ownAxis, bool shared)
        {
            int lowest = 0;
            for (int i = 0; i < _traces.Length; i++)
            {
                bool counted = _traces[i].OwnTimeAxis ? ownAxis : shared;
                if (counted && _traces[i].AxisRow > lowest)
                {
                    lowest = _traces[i].AxisRow;
                }
            }

            return lowest;
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
                if (c <= ' ' || c > '~')
                {
                    // Not shown: it may be the key.
                    throw new ArgumentException("The " + what + " for plot creation holds a space, a control or a non-ASCII character at position "
                        + (i + 1).ToString() + "; use printable ASCII only.", parameterName);
                }
            }
        }

        // Letters, digits and "-_.~" as they are, every other printable character as %XX: the server URL-decodes a field
        // that is not JSON (RFC 3986 unreserved characters).
        private static void WriteFormValue(JsonWriter writer, string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    writer.WriteByte((byte)c);
                }
                else
                {
                    writer.WriteByte((byte)'%');
                    writer.WriteByte((byte)HexDigits[c >> 4]);
                    writer.WriteByte((byte)HexDigits[c & 0xF]);
                }
            }
        }

        private const string HexDigits = "0123456789ABCDEF";
    }
}
