using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Protocol;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.StreamWriter.Tests.Infrastructure;

namespace HeartRateStreamer.StreamWriter.Tests;

/// <summary>
/// The device's /clientresp body against the unmodified npm plotly client's: both are read with the stream server's own
/// form reader, and must carry the same fields in the same order with the same JSON (only platform and version differ).
/// </summary>
public sealed class ClientRespTests
{
    private static readonly string[] s_fieldOrder = ["platform", "version", "args", "kwargs", "un", "key", "origin"];

    // The server suggests `openssl rand -base64 15` for a key; its form reader must read back exactly the key the device has.
    [Theory]
    [InlineData("Q2x+a3/jb2RlMTIz")]
    [InlineData("a+b/c=d&e%f#g~h.i!\"'()*,;:@[]^`{|}<>?$")]
    public void AnApiKeyOfAnyPrintableCharactersReachesTheServerAsItIs(string key)
    {
        byte[] body = new PlotCreationRequest("demo_user", key, "f", "t", [new("Pulse", "tok-pulse", 500, 1)]).BuildBody();

        Assert.Equal(key, ClientRespForm.Parse(body)["key"]);
    }

    [Fact]
    public void TheBodyParsesAsTheNpmPlotlyClientsDoes()
    {
        PlotTrace[] traces =
        [
            new("Pulse", "tok-pulse", 500, 1),
            new("Heart rate", "tok-bpm", 300, 2),
            new("SpO2 %", "tok-spo2", 300, 3),
        ];
        var request = new PlotCreationRequest("demo_user", "k3y.42", "heart & soul + 100%", "Heart rate & SpO2", traces);
        byte[] ours = request.BuildBody();

        // Give the npm client the very figure our body describes, so everything but platform/version must match.
        Dictionary<string, string> ourFields = ClientRespForm.Parse(ours);
        JsonNode npmInput = new JsonObject
        {
            ["username"] = "demo_user",
            ["apiKey"] = "k3y.42",
            ["data"] = JsonNode.Parse(ourFields["args"]),
            ["graphOptions"] = JsonNode.Parse(ourFields["kwargs"]),
        };
        JsonElement npmRequest = RunNpmClient(npmInput.ToJsonString());
        byte[] theirs = Encoding.UTF8.GetBytes(npmRequest.GetProperty("body").GetString()!);
        Dictionary<string, string> theirFields = ClientRespForm.Parse(theirs);

        Assert.Equal("POST", npmRequest.GetProperty("method").GetString());
        Assert.Equal(PlotCreationRequest.Path, npmRequest.GetProperty("path").GetString());
        Assert.Equal(PlotCreationRequest.ContentType, npmRequest.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal(s_fieldOrder, FieldOrder(theirs));
        Assert.Equal(s_fieldOrder, FieldOrder(ours));
        Assert.Equal(theirFields.Keys.Order(), ourFields.Keys.Order());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(theirFields["args"]), JsonNode.Parse(ourFields["args"])), "args differ");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(theirFields["kwargs"]), JsonNode.Parse(ourFields["kwargs"])), "kwargs differ");
        foreach (string field in new[] { "un", "key", "origin" })
        {
            Assert.Equal(theirFields[field], ourFields[field]);
        }

        Assert.Equal("nodejs", theirFields["platform"]);
        Assert.Equal("heartratestreamer", ourFields["platform"]);

        // The npm client puts '&' raw into JSON; ours escapes it, so a standard form decoder reads ours correctly too.
        Assert.Contains("heart & soul", Encoding.UTF8.GetString(theirs));
        Assert.Equal(s_fieldOrder.Length - 1, Encoding.UTF8.GetString(ours).Count(c => c == '&'));
        Assert.Equal("heart & soul + 100%", JsonNode.Parse(ourFields["kwargs"])!["filename"]!.GetValue<string>());
    }

    // Field names in the order they appear, read the way the stream server reads them: JSON values are skipped whole.
    private static string[] FieldOrder(byte[] body)
    {
        var names = new List<string>();
        ReadOnlySpan<byte> rest = body;
        while (!rest.IsEmpty)
        {
            int equals = rest.IndexOf((byte)'=');
            names.Add(Encoding.UTF8.GetString(rest[..equals]));
            rest = rest[(equals + 1)..];
            int length;
            if (rest[0] == (byte)'[' || rest[0] == (byte)'{')
            {
                var reader = new Utf8JsonReader(rest);
                reader.Read();
                reader.Skip();
                length = (int)reader.BytesConsumed;
            }
            else
            {
                int ampersand = rest.IndexOf((byte)'&');
                length = ampersand < 0 ? rest.Length : ampersand;
            }

            rest = rest[length..];
            rest = rest.IsEmpty ? rest : rest[1..];
        }

        return [.. names];
    }

    private static JsonElement RunNpmClient(string input)
    {
        var start = new ProcessStartInfo("node", Path.Combine("NodeClient", "capture-clientresp.js"))
        {
            WorkingDirectory = TestProject.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        node.StandardInput.Write(input);
        node.StandardInput.Close();
        Task<string> output = node.StandardOutput.ReadToEndAsync();
        Task<string> errors = node.StandardError.ReadToEndAsync();
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(30)), "node did not finish within 30 s");
        Assert.True(node.ExitCode == 0, "node failed: " + errors.Result);
        return JsonDocument.Parse(output.Result).RootElement.Clone();
    }
}
