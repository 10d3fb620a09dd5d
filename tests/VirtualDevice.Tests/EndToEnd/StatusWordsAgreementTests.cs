using HeartRateStreamer.StreamServer.Protocol;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>The device logs what each status of the stream server means: its table (PlotlyStatus, on the board's
/// runtime) and the server's (StreamStatus) must say the same for every status the server answers a stream with.</summary>
public sealed class StatusWordsAgreementTests
{
    [Theory]
    [InlineData(StreamStatus.HealthyDisconnect)]
    [InlineData(StreamStatus.MalformedRequest)]
    [InlineData(StreamStatus.TokenNoLongerBound)]
    [InlineData(StreamStatus.UnknownToken)]
    [InlineData(StreamStatus.NotPost)]
    [InlineData(StreamStatus.MissingToken)]
    [InlineData(StreamStatus.Stale)]
    [InlineData(StreamStatus.LineTooLong)]
    [InlineData(StreamStatus.BadJson)]
    [InlineData(StreamStatus.TakenOver)]
    [InlineData(StreamStatus.ServerError)]
    [InlineData(StreamStatus.DatabaseError)]
    [InlineData(StreamStatus.TooManyGuesses)]
    public void TheDeviceDescribesEveryStatusAsTheServerWordsIt(int status)
    {
        Assert.Equal(StreamStatus.Message(status), PlotlyStatus.Describe(status));
    }
}
