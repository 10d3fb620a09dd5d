using System;
using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.Adapters
{
    /// <summary>The log on the debug port: Visual Studio's Output window or any serial monitor.</summary>
    public sealed class SerialConsole : ILogOutput
    {
        /// <inheritdoc />
        public void WriteLine(string line)
        {
            Console.WriteLine(line);
        }
    }
}
