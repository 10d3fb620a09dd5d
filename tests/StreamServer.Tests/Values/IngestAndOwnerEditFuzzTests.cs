using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Xunit.Abstractions;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.Survival;

namespace HeartRateStreamer.StreamServer.Tests.Values;

/// <summary>Issue 13 item 8: generated stream lines (valid points, hostile values, mutated JSON) and
/// owner edits (relayouts and restyles with any paths) against one server. A fixed seed and count make the
/// same cases in the same order on every run, all of them however loaded the machine is. The server must
/// answer every case with an expected status, keep every point it accepted, stay up, and start again
/// on its data folder with the same points.</summary>
public sealed class IngestAndOwnerEditFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261204;
    private const int Cases = 2000; // 0.7 s on the 2-core machine (2026-12-07)

    [Fact]
    public async Task GeneratedLinesAndEditsNeverBreakTheServerOrLoseAcceptedPoints()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            var expectedX = new List<long>();
            string fuzzPlot;
            string otherPlot;
            int run = 0;
            await using (TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, data))
            {
                otherPlot = await server.CreatePlotAsync(Other, "other plot");
                JsonObject reply = await server.ClientRespAsync(
                    $$$"""[{"x":[],"y":[],"stream":{"token":"{{{Target}}}","maxpoints":10000}},{"x":[],"y":[],"mode":"markers","stream":{"token":"{{{Target}}}","maxpoints":10000}}]""",
                    """{"filename":"fuzzed","fileopt":"overwrite"}""");
                fuzzPlot = new Uri((string)reply["url"]!).AbsolutePath;

                var random = new PCG(1, Seed);
                var clock = Stopwatch.StartNew();
                for (; run < Cases; run++)
                {
                    FuzzCase fuzz = FuzzCases.Any.Generate(random, null, out _);
                    try
                    {
                        await RunAsync(server, fuzzPlot, fuzz, expectedX);
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        throw new Xunit.Sdk.XunitException($"case {run} (seed {Seed}): {fuzz}\n{exception.Message}");
                    }
                }

                output.WriteLine($"{run} cases in {clock.Elapsed.TotalSeconds:0.0} s, {expectedX.Count} points kept; answers: "
                    + string.Join(", ", _answers.OrderBy(a => a.Key).Select(a => $"{a.Key} x{a.Value}")));
                await AssertKeptAsync(server, fuzzPlot, otherPlot, expectedX);
            }

            await using TestServer again = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, data);
            await AssertKeptAsync(again, fuzzPlot, otherPlot, expectedX);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private readonly Dictionary<string, int> _answers = new();

    private async Task RunAsync(TestServer server, string plot, FuzzCase fuzz, List<long> expectedX)
    {
        switch (fuzz)
        {
            case AppendPoint point:
                Assert.Equal(200, (await StreamAsync(server, Target, $$"""{"x":{{point.X}},"y":{{point.X % 97}}}""")).Status);
                expectedX.Add(point.X);
                break;
            case ReplaceColumn replace:
                Assert.Equal(200, (await StreamAsync(server, Target, $$"""{"x":[{{string.Join(",", replace.X)}}]}""")).Status);
                expectedX.Clear();
                expectedX.AddRange(replace.X);
                break;
            case HostileLine line:
                int status = (await StreamAsync(server, Target, line.Text)).Status;
                Count($"stream {status}");
                Assert.Contains(status, new[] { 200, 413, 422 });
                break;
            case OwnerEdit edit:
                HttpResponseMessage response = await OwnerPostAsync(server, $"{plot}/{edit.Kind}", edit.Body);
                Count($"{edit.Kind} {(int)response.StatusCode}");
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge });
                break;
        }
    }

    private void Count(string answer) => _answers[answer] = _answers.GetValueOrDefault(answer) + 1;

    // Every accepted x is there in order, in both traces the token feeds; the plot is readable as
    // JSON and as a viewer's snapshot; the other plot and the static files are served.
    private static async Task AssertKeptAsync(TestServer server, string fuzzPlot, string otherPlot, List<long> expectedX)
    {
        Assert.Contains("\"status\":\"ok\"", await server.Http.GetStringAsync("/healthz"), StringComparison.Ordinal);
        JsonObject figure = await server.FigureAsync(fuzzPlot);
        foreach (JsonNode? trace in figure["data"]!.AsArray())
        {
            Assert.Equal(expectedX, trace!["x"]!.AsArray().Select(x => (long)x!));
        }

        await using (SseReader viewer = await SseReader.OpenAsync(server.Http, fuzzPlot + "/events"))
        {
            Assert.NotNull(JsonNode.Parse((await viewer.NextAsync()).Data)!["data"]);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(otherPlot + ".json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/static/viewer.js")).StatusCode);
        Assert.Equal(200, (await StreamAsync(server, Other, """{"x":1,"y":1}""")).Status);
    }

    private abstract record FuzzCase;

    private sealed record AppendPoint(long X) : FuzzCase;

    private sealed record ReplaceColumn(long[] X) : FuzzCase
    {
        public override string ToString() => $"ReplaceColumn [{string.Join(",", X)}]";
    }

    /// <summary>Never has the key "x": what it does to the plot is not modelled, only that it is answered.</summary>
    private sealed record HostileLine(string Text) : FuzzCase;

    private sealed record OwnerEdit(string Kind, string Body) : FuzzCase;

    private static class FuzzCases
    {
        // Static fields initialise in order: each generator comes after those it uses.
        private static readonly Gen<string> s_key = Gen.OneOf(
            Gen.OneOf("y", "text", "customdata", "marker", "layout", "name", "ids", "z", "y", "__proto__"),
            Gen.String[Gen.Char["kyz._"], 1, 6].Select(text => "k" + text));

        private static readonly Gen<string> s_part = Gen.OneOf(
            "title", "text", "xaxis", "yaxis", "range", "marker", "line", "color", "width", "size", "symbol", "y", "stream",
            "token", "maxpoints", "name", "__proto__", "constructor", "prototype", "", "a", "b\u001b[31m", "é", "💓");

        private static readonly Gen<string> s_path = s_part.Array[1, 12].Select(parts => string.Join('.', parts));

        private static readonly Gen<string> s_string = Gen.OneOf(
            Gen.String[Gen.Char["abcdef .\"\\/\u001b\r\néü"], 0, 20].Select(text => JsonSerializer.Serialize(text)),
            Gen.OneOf("\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\udc93\"", "\"💓\"", "\"2026-12-04 18:00:00\""));

        private static readonly Gen<string> s_scalar = Gen.OneOf(
            Gen.Int[-1000, 1000].Select(i => i.ToString()),
            Gen.Double[-1e6, 1e6].Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.OneOf("true", "false", "null", "1e999", "-0", "12345678901234567890123"),
            s_string);

        private static readonly Gen<string> s_value = Value(depth: 3);

        private static readonly Gen<string> s_deep = Gen.Int[10, 80].Select(depth => new string('[', depth) + "1" + new string(']', depth));

        // A streamed object of any shape, without "x".
        private static readonly Gen<string> s_object = Gen.Select(
            Gen.Frequency(
                (3, Gen.Select(s_key, s_value).Select((key, value) => $"{JsonSerializer.Serialize(key)}:{value}")),
                (1, Gen.Select(s_path, s_value).Select((path, value) => $"\"layout\":{{{JsonSerializer.Serialize(path)}:{value}}}")),
                (1, Gen.Select(Gen.OneOf("color", "size", "line", "__proto__"), s_value).Select((key, value) => $"\"marker\":{{{JsonSerializer.Serialize(key)}:{value}}}")),
                (1, s_deep.Select(deep => $"\"y\":{deep}"))).Array[0, 4],
            Gen.Int[0, 4]).Select((members, _) => "{" + string.Join(",", members) + "}");

        // Breaks a line the ways a client (or an attacker) might: never by writing an "x" key.
        private static readonly Gen<string> s_hostile = Gen.Select(s_object, Gen.Int[0, 7], Gen.Int[0, 10_000], Gen.Char["{}[]\",:\\a1 \u0000"])
            .Select((text, mutation, at, c) => mutation switch
            {
                0 => text.Length > 2 ? text[..^1] + ",\"text\":\"\\ud800\"}" : text,
                1 => text.Length > 2 ? text[..^1] + ",\"y\":1,\"y\":2}" : text,
                2 => text[..(at % (text.Length + 1))],
                3 => text.Insert(at % (text.Length + 1), c.ToString()),
                _ => text,
            });

        private static readonly Gen<string> s_relayout = Gen.Select(s_path, s_value).Array[0, 3]
            .Select(entries => "{" + string.Join(",", entries.Select(e => $"{JsonSerializer.Serialize(e.Item1)}:{e.Item2}")) + "}");

        private static readonly Gen<string> s_restyle = Gen.Select(s_relayout, Gen.OneOf("", ",\"traces\":[0]", ",\"traces\":[1,0,1]", ",\"traces\":[7]", ",\"traces\":[\"a\"]", ",\"traces\":[0.5]"))
            .Select((update, traces) => $"{{\"update\":{update}{traces}}}");

        public static readonly Gen<FuzzCase> Any = Gen.Frequency(
            (4, Gen.Long[0, 1_000_000].Select(x => (FuzzCase)new AppendPoint(x))),
            (1, Gen.Long[0, 1000].Array[0, 5].Select(xs => (FuzzCase)new ReplaceColumn(xs))),
            (6, s_hostile.Select(text => (FuzzCase)new HostileLine(text))),
            (2, s_relayout.Select(body => (FuzzCase)new OwnerEdit("layout", body))),
            (2, s_restyle.Select(body => (FuzzCase)new OwnerEdit("restyle", body))),
            (1, Gen.Select(s_relayout, Gen.Int[0, 3]).Select((body, cut) => (FuzzCase)new OwnerEdit("layout", cut == 0 ? "{\"a\":1,\"a\":2}" : body[..Math.Max(0, body.Length - cut)]))));

        private static Gen<string> Value(int depth)
        {
            if (depth == 0)
            {
                return s_scalar;
            }

            Gen<string> inner = Value(depth - 1);
            return Gen.Frequency(
                (4, s_scalar),
                (1, inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
                (1, Gen.Select(s_key, inner).Array[0, 3].Select(members => "{" + string.Join(",", members.Select(m => $"{JsonSerializer.Serialize(m.Item1)}:{m.Item2}")) + "}")));
        }
    }
}
