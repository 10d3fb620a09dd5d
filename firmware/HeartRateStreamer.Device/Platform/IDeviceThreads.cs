using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>
    /// How the device's loops get threads and how start-up waits: real threads and <c>Thread.Sleep</c> on a board and in
    /// the virtual device, threads in simulated time in tests, so the same composition runs in all three.
    /// </summary>
    public interface IDeviceThreads
    {
        /// <summary>
        /// Runs <paramref name="loop"/> on a thread of its own: <see cref="DeviceLoop.RunOnce"/>, then wait the milliseconds it
        /// returned or until the returned signal is set, again and again until it returns <see cref="DeviceLoop.Finished"/>.
        /// </summary>
        IWakeSignal Start(DeviceLoop loop);

        /// <summary>Blocks the calling thread for <paramref name="milliseconds"/>.</summary>
        void Sleep(int milliseconds);
    }
}
