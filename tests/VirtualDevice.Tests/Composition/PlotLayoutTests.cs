using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using Xunit;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>The plot a fully configured device creates, read from the firmware's own configuration rules.</summary>
public class PlotLayoutTests
{
    [Fact]
    public void EveryReadingIsDrawnAsStepsOnAnAxisThatShowsAtLeastItsUsualRange()
    {
        DeviceSettings settings = TestDeviceConfiguration.For("http://127.0.0.1:8080", "0123456789")
            .Set(ConfigurationKeys.ServerRmssdToken, "rmssd-token-1", "test")
            .Set(ConfigurationKeys.ServerSdnnToken, "sdnn-token-12", "test")
            .Load(new SystemClock(), new TextLogOutput(TextWriter.Null));

        PlotTrace[] traces = PlotLayout.CreateTraces(settings);

        Assert.Equal(["Pulse (counts)", "Heart rate (bpm)", "SpO2 (%)", "RMSSD (ms)", "SDNN (ms)"], traces.Select(trace => trace.Name));
        PlotTrace pulse = traces[0];
        Assert.False(pulse.Steps, "the wave is a line");
        Assert.False(pulse.HasShownRange, "the wave's axis follows the wave");
        foreach (PlotTrace reading in traces.Skip(1))
        {
            Assert.True(reading.Steps, $"{reading.Name}: a reading holds until the next");
            Assert.True(reading.HasShownRange, $"{reading.Name}: a change of one unit does not fill the panel");
        }

        Assert.Equal((40.0, 180.0), (traces[1].ShownRangeLow, traces[1].ShownRangeHigh));
        Assert.Equal((80.0, 100.0), (traces[2].ShownRangeLow, traces[2].ShownRangeHigh));
        Assert.Equal((0.0, 100.0), (traces[3].ShownRangeLow, traces[3].ShownRangeHigh));
        Assert.Equal((0.0, 100.0), (traces[4].ShownRangeLow, traces[4].ShownRangeHigh));
    }
}
