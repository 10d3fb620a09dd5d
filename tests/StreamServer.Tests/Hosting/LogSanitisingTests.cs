using System.Text;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>Issue 13: "raw ESC/CR from request headers reach the console log".</summary>
public sealed class LogSanitisingTests
{
    [Fact]
    public async Task ControlCharactersFromARequestHeaderReachTheConsoleEscaped()
    {
        string data = TestServer.NewDataDirectory();
        await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--user", "alice:" + TestServer.AliceKey]);
        try
        {
            RawResponse answer = await RawHttp.ExchangeAsync(server.BaseUrl.Port, Encoding.Latin1.GetBytes("POST / HTTP/1.1\r\nHost: x\r\n\u001b[2J\u001b[31mEVIL\rFORGED LINE\u009b\r\n\r\n"));
            Assert.Equal(400, answer.Status);

            await Eventually.TrueAsync(() => Task.FromResult(server.Output.Contains("EVIL", StringComparison.Ordinal)), "the refused stream is logged");
            string log = server.Output;
            Assert.Contains(@"\u001b[2J\u001b[31mEVIL\rFORGED LINE\u009b", log);
            Assert.DoesNotContain('\u001b', log);
            Assert.DoesNotContain('\u009b', log);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\nb\r\nc\td", @"a\nb\r\nc\td")]
    [InlineData("\u001b]0;title\u0007", @"\u001b]0;title\u0007")]
    [InlineData("right\u202Eleft\u2028next", @"right\u202eleft\u2028next")]
    public void EscapeLeavesOneInertLine(string text, string expected)
    {
        Assert.Equal(expected, SanitizingConsoleFormatter.Escape(text));
    }
}
