using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>One trace of the plot created at boot: its legend name, stream token, maxpoints and which stacked y axis it uses.</summary>
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
    }
}
