using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>A plot keeps one PendingFrame and clears it after every frame: what a frame carries must be only the
/// changes since the last one, in trace order, however the kept columns were used before.</summary>
public class PendingFrameTests
{
    private static readonly JsonArray s_data = JsonNode.Parse("""[{"x":[1,2],"y":[3,4]},{"x":[5],"y":[6]},{"x":[],"y":[]}]""")!.AsArray();

    [Fact]
    public void AFrameCarriesOnlyWhatChangedSinceTheLastClear()
    {
        var pending = new PendingFrame();
        pending.Appended(1, "y", JsonValue.Create(6));
        pending.Appended(0, "x", JsonValue.Create(2));
        pending.Appended(0, "y", JsonValue.Create(4));
        Assert.Equal("""{"traces":[{"index":0,"extend":{"x":[2],"y":[4]},"set":{}},{"index":1,"extend":{"y":[6]},"set":{}}]}""", Written(pending));

        pending.Clear();
        Assert.True(pending.IsEmpty);
        pending.Replaced(0, "x");
        pending.Appended(2, "y", JsonValue.Create(7));
        Assert.False(pending.IsEmpty);
        Assert.Equal("""{"traces":[{"index":0,"extend":{},"set":{"x":[1,2]}},{"index":2,"extend":{"y":[7]},"set":{}}]}""", Written(pending));

        pending.Clear();
        pending.Appended(0, "x", JsonValue.Create(3));
        Assert.Equal("""{"traces":[{"index":0,"extend":{"x":[3]},"set":{}}]}""", Written(pending));
    }

    [Fact]
    public void ANewFrameOnAClearedOneIsEmpty()
    {
        var pending = new PendingFrame();
        Assert.True(pending.IsEmpty);
        pending.Appended(0, "y", JsonValue.Create(1));
        pending.Clear();
        Assert.True(pending.IsEmpty);
        Assert.Equal("""{"traces":[]}""", Written(pending));
    }

    private static string Written(PendingFrame pending)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            pending.WriteTo(writer, s_data);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
