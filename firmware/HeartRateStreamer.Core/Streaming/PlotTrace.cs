using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// One trace of the plot created at boot: its legend name (with its unit in parentheses, which the axis title and the
    /// page's readout show), stream token, maxpoints, which stacked y axis it uses, and how it looks: steps for a reading
    /// that holds until the next, and the y range its axis shows at least.
    /// </summary>
    public sealed class PlotTrace
    {
        /// <summary>
        /// Describes a line trace fed by <paramref name="token"/>, keeping <paramref name="maxPoints"/> points (0..10000,
        /// Plotly's range) on y axis row <paramref name="axisRow"/> (1 = top).
        /// </summary>
        public PlotTrace(string name, string token, int maxPoints, int axisRow)
        {
            if (name == null || name.Length == 0)
            {
                throw new ArgumentException("Give the trace a name for the legend, e.g. \"Pulse\".", nameof(name));
            }

            if (token == null || token.Length == 0)
            {
                throw new ArgumentException("The trace '" + name + "' has no stream token; give the token its stream writes to.", nameof(token));
            }

            if (maxPoints < 0 || maxPoints > 10000)
            {
                throw new ArgumentOutOfRangeException(nameof(maxPoints), "Plotly's maxpoints lies between 0 and 10000.");
            }

            if (axisRow < 1 || axisRow > 9)
            {
                throw new ArgumentOutOfRangeException(nameof(axisRow), "Put the trace on y axis row 1 (top) to 9.");
            }

            Name = name;
            Token = token;
            MaxPoints = maxPoints;
            AxisRow = axisRow;
        }

        /// <summary>Legend name.</summary>
        public string Name { get; }

        /// <summary>Stream token linking the trace to its stream.</summary>
        public string Token { get; }

        /// <summary>Newest points the plot keeps.</summary>
        public int MaxPoints { get; }

        /// <summary>Stacked y axis row, 1 at the top.</summary>
        public int AxisRow { get; }

        /// <summary>
        /// True for a value sent only when it changes (a reading): drawn as steps (<c>line.shape</c> "hv"), so the line
        /// holds each reading until the next instead of sloping through values that never were.
        /// </summary>
        public bool Steps { get; set; }

        /// <summary>
        /// True for a waveform streamed many times a second, whose window spans seconds where the readings' windows span
        /// minutes: it gets a time axis of its own under its row, so the readings' long span on the shared time axis does
        /// not squeeze it into the right edge.
        /// </summary>
        public bool OwnTimeAxis { get; set; }

        /// <summary>
        /// True for a waveform (the pulse wave): its latest sample is no reading for a person, so the figure says so
        /// (<c>meta.waveform</c>) and the live page shows the wave's beat instead of a number there.
        /// </summary>
        public bool Waveform { get; set; }

        /// <summary>True when <see cref="ShowAtLeast"/> gave the axis a range to show.</summary>
        public bool HasShownRange { get; private set; }

        /// <summary>The low end of the range the axis always shows.</summary>
        public double ShownRangeLow { get; private set; }

        /// <summary>The high end of the range the axis always shows.</summary>
        public double ShownRangeHigh { get; private set; }

        /// <summary>
        /// The trace's y axis shows at least <paramref name="low"/> to <paramref name="high"/> (Plotly's
        /// <c>autorangeoptions.include</c>) and more only when a value lies outside, so a change of one unit does
        /// not fill the panel as autoranging to the data alone would.
        /// </summary>
        public void ShowAtLeast(double low, double high)
        {
            if (!(low < high))
            {
                throw new ArgumentOutOfRangeException(nameof(high), "The range the axis shows needs its low end below its high end.");
            }

            HasShownRange = true;
            ShownRangeLow = low;
            ShownRangeHigh = high;
        }
    }
}
