using System.Net;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Values;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.Survival;

namespace HeartRateStreamer.StreamServer.Tests.Values;

/// <summary>Issue 13's reproductions 1 to 4, each refused with a status that says why, each leaving
/// the server up, serving other plots, and able to start again on the same data folder.</summary>
public sealed class AttackReproductionTests
{
    [Theory]
    [InlineData("""{"x":1,"y":1,"text":"\ud800"}""", "not well-formed text")] // 1: killed the frame timer
    [InlineData("""{"x":1,"y":1,"text":"\udc00"}""", "not well-formed text")]
    [InlineData("""{"layout":{"title.text":"\ud800"}}""", "not well-formed text")] // 3: killed the saver
    [InlineData("""{"layout":{"__proto__.polluted":"yes"}}""", "__proto__")] // 4: polluted every browser
    [InlineData("""{"layout":{"__proto__":{"polluted":"yes"}}}""", "__proto__")]
    [InlineData("""{"layout":{"a.constructor.prototype.polluted":"yes"}}""", "constructor")]
    [InlineData("""{"layout":{"title..text":"x"}}""", "empty part")]
    [InlineData("""{"x":1,"y":1,"y":2}""", "appears twice")] // 6: dropped the stream with no status
    public async Task AStreamedLineThatWouldHarmIsAnswered422AndChangesNothing(string line, string expected)
    {
        await CheckAsync(async (server, target) =>
        {
            RawResponse response = await StreamAsync(server, Target, line);

            Assert.Equal(422, response.Status);
            Assert.Contains(expected, (string?)response.Json["detail"]);
            JsonObject figure = await server.FigureAsync(target);
            Assert.Equal("[]", figure["data"]![0]!["x"]!.ToJsonString());
            Assert.Equal("{}", figure["layout"]!.ToJsonString());
        });
    }

    [Fact]
    public async Task AValueNested64DeepIsRefusedSoTheLoaderCanAlwaysReadTheDatabase()
    {
        await CheckAsync(async (server, target) =>
        {
            string deep = new string('[', 64) + new string(']', 64);
            RawResponse response = await StreamAsync(server, Target, $$"""{"y":{{deep}}}""");

            Assert.Equal(422, response.Status);
            Assert.Contains("nested deeper than", (string?)response.Json["detail"]);

            // The deepest value that passes is stored, and read back after the restart by Survival.
            string deepest = new string('[', ValueLimits.MaxValueDepth + 1) + new string(']', ValueLimits.MaxValueDepth + 1);
            Assert.Equal(200, (await StreamAsync(server, Target, $$"""{"y":{{deepest}}}""")).Status);
        });
    }

    [Theory]
    [InlineData(9)]
    [InlineData(70)] // 2: stored 70 levels deep, the loader aborted start-up
    [InlineData(2000)] // 3: the saver died
    [InlineData(60_000)] // 4: quadratic insertion under the plot lock, then a stack overflow on GET .json
    [InlineData(300_000)] // 4: a core busy for over 8 minutes, SIGINT could not stop it
    public async Task AStreamedLayoutKeyWithTooManyPartsIsRefused(int parts)
    {
        await CheckAsync(async (server, target) =>
        {
            string key = string.Join('.', Enumerable.Repeat("a", parts));
            RawResponse response = await StreamAsync(server, Target, $$$"""{"layout":{"{{{key}}}":1}}""");

            Assert.Equal(422, response.Status);
            Assert.Equal("{}", (await server.FigureAsync(target))["layout"]!.ToJsonString());
        });
    }

    [Fact]
    public async Task ALayoutKeyOfTheMostPartsAllowedIsApplied()
    {
        await CheckAsync(async (server, target) =>
        {
            string key = string.Join('.', Enumerable.Repeat("a", ValueLimits.MaxPathParts));
            Assert.Equal(200, (await StreamAsync(server, Target, $$$"""{"layout":{"{{{key}}}":1}}""")).Status);
            Assert.Equal(1, (int)JsonPathOf(await server.FigureAsync(target), "layout." + key)!);
        });
    }

    [Theory]
    [InlineData("layout", """{"a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a":1}""", "parts")] // 2: answered 200
    [InlineData("layout", """{"__proto__.polluted":"yes"}""", "__proto__")] // 4
    [InlineData("layout", """{"title.text":"\ud800"}""", "not well-formed text")]
    [InlineData("layout", """{"title.text":"a","title.text":"b"}""", "appears twice")] // 6: answered 500
    [InlineData("restyle", """{"update":{"name":"a","name":"b"}}""", "appears twice")]
    [InlineData("restyle", """{"update":{"marker":{"__proto__":{"x":1}}}}""", "__proto__")]
    [InlineData("restyle", """{"update":{"x.0":1}}""", "data or stream settings")]
    [InlineData("restyle", """{"update":{"name":"a"},"traces":[1e300]}""", "trace indices")]
    [InlineData("restyle", """{"update":{"name":"a"},"traces":[1e999]}""", "beyond the range of a double")]
    public async Task AnOwnerEditThatWouldHarmIsAnswered400(string kind, string body, string expected)
    {
        await CheckAsync(async (server, target) =>
        {
            HttpResponseMessage response = await OwnerPostAsync(server, $"{target}/{kind}", body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync());
            Assert.Equal("{}", (await server.FigureAsync(target))["layout"]!.ToJsonString());
        });
    }

    [Theory]
    [InlineData("""[{"x":[],"y":[],"name":"\ud800","stream":{"token":"fresh-token"}}]""", "{}")] // 3: answered 500, plot and token left live
    [InlineData("""[{"x":[],"y":[],"stream":{"token":"fresh-token"}}]""", """{"layout":{"title":"a","title":"b"}}""")]
    [InlineData("""[{"x":[],"y":[],"stream":{"token":"fresh-token","maxpoints":1e999}}]""", "{}")]
    public async Task AClientRespWithABadValueIsAnswered400AndCreatesNothing(string args, string kwargs)
    {
        await CheckAsync(async (server, target) =>
        {
            JsonObject reply = await server.ClientRespAsync(args, kwargs);

            Assert.StartsWith("bad plot request", (string?)reply["error"]);
            Assert.Equal(404, (await StreamAsync(server, "fresh-token", """{"y":1}""")).Status);
        });
    }

    [Fact]
    public async Task RestyleWithAMarkerObjectKeepsTheStreamedMarkerColors()
    {
        await CheckAsync(async (server, target) =>
        {
            Assert.Equal(200, (await StreamAsync(server, Target, """{"x":1,"y":1,"marker":{"color":"red"}}""", """{"x":2,"y":2,"marker":{"color":"blue"}}""")).Status);

            HttpResponseMessage styled = await OwnerPostAsync(server, target + "/restyle", """{"update":{"marker":{"line":{"width":2}}}}""");
            HttpResponseMessage data = await OwnerPostAsync(server, target + "/restyle", """{"update":{"marker":{"color":"green"}}}""");
            HttpResponseMessage whole = await OwnerPostAsync(server, target + "/restyle", """{"update":{"marker":null}}""");

            Assert.Equal(HttpStatusCode.OK, styled.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, data.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, whole.StatusCode);
            JsonNode marker = (await server.FirstTraceAsync(target))["marker"]!;
            Assert.Equal("""["red","blue"]""", marker["color"]!.ToJsonString());
            Assert.Equal(2, (int)marker["line"]!["width"]!);
        });
    }

    [Fact]
    public async Task APointLargerThanTheLimitIsRefused()
    {
        await CheckAsync(async (server, target) =>
        {
            string big = new('a', ValueLimits.MaxPointBytes);
            RawResponse response = await StreamAsync(server, Target, $$"""{"x":1,"text":"{{big}}"}""");

            Assert.Equal(422, response.Status);
            Assert.Contains("larger than", (string?)response.Json["detail"]);
        });
    }

    [Fact]
    public async Task LayoutAndStyleStopAtTheirBudgetAndRemovingMakesRoomAgain()
    {
        await CheckAsync(async (server, target) =>
        {
            string value = new('v', 60 * 1024);
            int accepted = 0;
            HttpResponseMessage response;
            while ((response = await OwnerPostAsync(server, target + "/layout", $$"""{"k{{accepted}}":"{{value}}"}""")).StatusCode == HttpStatusCode.OK)
            {
                accepted++;
                Assert.True(accepted < 100, "the layout budget never stopped the owner");
            }

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.InRange(accepted * value.Length, ValueLimits.MaxPlotStyleBytes - 2 * value.Length, ValueLimits.MaxPlotStyleBytes);
            Assert.Equal(413, (await StreamAsync(server, Target, $$$"""{"layout":{"streamed":"{{{value}}}"}}""")).Status);

            Assert.Equal(HttpStatusCode.OK, (await OwnerPostAsync(server, target + "/layout", """{"k0":null}""")).StatusCode);
            Assert.Equal(200, (await StreamAsync(server, Target, $$$"""{"layout":{"streamed":"{{{value}}}"}}""")).Status);
        });
    }

    [Fact]
    public async Task APlotsDataIsWindowedByBytesInItsLargestTraceKeepingXAndYPairedAndTheNewestPoints()
    {
        await CheckAsync(async (server, target) =>
        {
            // Two traces of one plot; maxpoints alone would keep all 4500 points of 4 KiB of the first: 18 MiB.
            JsonObject reply = await server.ClientRespAsync(
                $$$"""[{"x":[],"y":[],"stream":{"token":"{{{Target}}}","maxpoints":10000}},{"x":[],"y":[],"stream":{"token":"neighbour-stream-token","maxpoints":10000}}]""",
                """{"filename":"target plot","fileopt":"overwrite"}""");
            Assert.Equal("", (string?)reply["error"]);
            Assert.Equal(200, (await StreamAsync(server, "neighbour-stream-token", """{"x":0,"y":0}""", """{"x":1,"y":1}""")).Status);
            string text = new('t', ValueLimits.MaxPointBytes - 16);
            const int Lines = 45;
            const int PerLine = 100;
            for (int line = 0; line < Lines; line++)
            {
                IEnumerable<int> xs = Enumerable.Range(line * PerLine, PerLine);
                string objects = string.Join("\n", xs.Select(x => $$"""{"x":{{x}},"y":{{x}},"text":"{{text}}"}"""));
                Assert.Equal(200, (await server.ExchangeAsync($"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {objects.Length + 1}\r\nplotly-streamtoken: {Target}\r\n\r\n{objects}\n")).Status);
            }

            Assert.Equal(200, (await StreamAsync(server, "neighbour-stream-token", """{"x":2,"y":2}""")).Status);

            JsonArray data = (await server.FigureAsync(target))["data"]!.AsArray();
            JsonNode big = data[0]!;
            int kept = big["x"]!.AsArray().Count;
            Assert.InRange(kept, 1, Lines * PerLine - 1);
            Assert.Equal(kept, big["y"]!.AsArray().Count);
            Assert.Equal(kept, big["text"]!.AsArray().Count);
            Assert.Equal(Lines * PerLine - 1, (int)big["x"]![kept - 1]!);
            long pointBytes = data.Sum(trace => new[] { "x", "y", "text" }.Sum(column => trace![column]?.AsArray().Sum(point => (long)point!.ToJsonString().Length) ?? 0));
            Assert.InRange(pointBytes, ValueLimits.MaxPlotDataBytes - 2 * ValueLimits.MaxPointBytes, ValueLimits.MaxPlotDataBytes);
            Assert.Equal("[0,1,2]", data[1]!["x"]!.ToJsonString());
        });
    }

    private static JsonNode? JsonPathOf(JsonNode root, string path) => path.Split('.').Aggregate((JsonNode?)root, (node, part) => node?[part]);
}
