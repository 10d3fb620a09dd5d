using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>What a node hands a plot's builder through the queue, written and read by <see cref="QueuedMessage"/> alone:
/// what the builder reads is what the forwarding node took, and a message it cannot read is refused saying what is wrong.</summary>
public sealed class QueuedMessageTests
{
    [Theory]
    [InlineData("tok-1")]
    [InlineData(null)]
    public void A_streamed_line_reads_back_as_its_traces_token_and_object(string? token)
    {
        var line = (JsonObject)JsonNode.Parse("""{"x":[1,2],"y":[3,4],"layout":{"title":"a\nb"}}""")!;

        QueuedMessage read = QueuedMessage.Parse(QueuedMessage.Streamed([2, 0], line, token));
        (int[] traces, string? tokenRead, JsonObject streamed) = read.TakeStreamed();

        Assert.Equal(QueuedMessage.StreamedLine, read.Kind);
        Assert.Equal([2, 0], traces);
        Assert.Equal(token, tokenRead);
        Assert.True(JsonNode.DeepEquals(line, streamed), streamed.ToJsonString());
        Assert.Null(streamed.Parent); // a root of its own, as a parsed line is
    }

    [Fact]
    public void A_relayout_and_a_restyle_read_back_as_the_owner_sent_them()
    {
        var update = (JsonObject)JsonNode.Parse("""{"title":"t"}""")!;
        var restyle = new JsonObject { ["update"] = new JsonObject { ["line.color"] = "red" }, ["traces"] = new JsonArray(1, 3) };

        QueuedMessage relayout = QueuedMessage.Parse(Encoding.UTF8.GetBytes(QueuedMessage.Edit("relayout", update).Format()));
        QueuedMessage restyled = QueuedMessage.Parse(Encoding.UTF8.GetBytes(QueuedMessage.Edit("restyle", restyle).Format()));
        (JsonObject restyleUpdate, int[] traces) = restyled.RestyleParts();

        Assert.Equal(QueuedMessage.Relayout, relayout.Kind);
        Assert.True(JsonNode.DeepEquals(update, relayout.Body), relayout.Body.ToJsonString());
        Assert.Equal(QueuedMessage.Restyle, restyled.Kind);
        Assert.Equal("""{"line.color":"red"}""", restyleUpdate.ToJsonString());
        Assert.Equal([1, 3], traces);
    }

    [Theory]
    [InlineData("", "does not start with 's', 'r' or 'y' and a newline")]
    [InlineData("x\n{}", "does not start with 's', 'r' or 'y' and a newline")]
    [InlineData("s{}", "does not start with 's', 'r' or 'y' and a newline")]
    [InlineData("s\n{\"traces\":", "a queued 's' message is not JSON")]
    [InlineData("r\n[1]", "a queued 'r' message is not a JSON object")]
    [InlineData("s\nnull", "a queued 's' message is not a JSON object")]
    public void A_message_that_is_not_a_kind_and_a_json_object_is_refused_saying_so(string message, string problem)
    {
        FormatException refused = Assert.Throws<FormatException>(() => QueuedMessage.Parse(Encoding.UTF8.GetBytes(message)));

        Assert.Contains(problem, refused.Message);
    }

    [Theory]
    [InlineData("s\n{\"token\":null,\"object\":{}}", "a queued 's' message has no \"traces\"")]
    [InlineData("s\n{\"traces\":[0,\"1\"],\"token\":null,\"object\":{}}", "\"traces\" hold \"1\", not a trace index")]
    [InlineData("s\n{\"traces\":[0],\"token\":{\"key\":\"hunter2\"},\"object\":{}}", "\"token\" is a JSON Object, not a string or null (not shown")]
    [InlineData("s\n{\"traces\":[0],\"token\":null,\"object\":[]}", "a queued streamed line has no \"object\"")]
    [InlineData("y\n{\"traces\":[0]}", "a queued restyle has no \"update\"")]
    [InlineData("y\n{\"update\":{}}", "a queued 'y' message has no \"traces\"")]
    public void A_streamed_line_or_restyle_without_its_parts_is_refused_naming_the_part(string message, string problem)
    {
        QueuedMessage read = QueuedMessage.Parse(Encoding.UTF8.GetBytes(message));

        FormatException refused = Assert.Throws<FormatException>(() => read.Kind == QueuedMessage.Restyle ? (object)read.RestyleParts() : read.TakeStreamed());

        Assert.Contains(problem, refused.Message);
        Assert.DoesNotContain("hunter2", refused.Message);
    }
}
