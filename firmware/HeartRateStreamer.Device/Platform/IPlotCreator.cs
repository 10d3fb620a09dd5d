using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>The HTTP exchange of plot creation: core builds the body and judges the answer, the platform carries the bytes.</summary>
    public interface IPlotCreator
    {
        /// <summary>
        /// Posts <paramref name="request"/> to <paramref name="server"/> and returns the judged answer. A failure to
        /// reach the server throws <see cref="System.IO.IOException"/> with the reason; the device treats any other
        /// exception the same way.
        /// </summary>
        PlotCreationAnswer Create(ServerAddress server, PlotCreationRequest request);
    }
}
