using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>
/// One user may have thousands of tokens, and each stream may hold a line of up to --max-line-bytes before its '\n':
/// before, nothing bounded their sum ("Memory is bounded by configuration, not by clients" did not hold for the
/// ingest). Now the streams to one user's plots share --user-line-bytes, and a buffer that grew for a long line is
/// given back once the line is done.
/// </summary>
public sealed class LineBudgetTests
{
    private const int MaxLine = 64 * 1024;
    private const string Head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: {0}\r\n\r\n";

    [Fact]
    public async Task TheStreamsOfOneUserShareABudgetForUnfinishedLines()
    {
        await using TestServer server = await TestServer.StartAsync(options =>
        {
            options.ThrottleMilliseconds = 0;
            options.MaxLineBytes = MaxLine;
            options.UserLineBytes = UserLimits.MinLongLines * MaxLine; // 256 KiB: four half-sent lines of 60 KiB fit, five do not
        });
        string[] tokens = [.. Enumerable.Range(1, 6).Select(i => $"line-budget-token-{i}")];
        string traces = "[" + string.Join(",", tokens.Select(token => $$$"""{"x":[],"y":[],"stream":{"token":"{{{token}}}","maxpoints":100}}""")) + "]";
        Assert.Equal("", (string?)(await server.ClientRespAsync(traces, """{"filename":"long lines","fileopt":"overwrite"}"""))["error"]);
        UserByteBudget budget = server.Host.Plots.LineBudgetOf(TestServer.Alice);
        string halfLine = "{\"y\":[" + string.Concat(Enumerable.Repeat("1,", 30 * 1024)); // 60 KiB, no '\n' yet

        var streams = new List<RawConnection>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                RawConnection stream = await RawConnection.OpenAsync(server.Port);
                streams.Add(stream);
                await stream.SendAsync(string.Format(Head, tokens[i]) + Chunk(halfLine));
                // Its buffer is 64 KiB now (the power of two above 60 KiB), 60 KiB more than a connection's first 4 KiB.
                int held = i + 1;
                await Eventually.TrueAsync(() => Task.FromResult(budget.Used == held * (MaxLine - LineBuffer.InitialBytes)), $"stream {held} holds its half line");
            }

            await using (RawConnection fifth = await RawConnection.OpenAsync(server.Port))
            {
                await fifth.SendAsync(string.Format(Head, tokens[4]) + Chunk(halfLine));
                RawResponse refused = await fifth.ReadToEndAsync();
                Assert.Equal(413, refused.Status);
                Assert.Contains("past the server's 262144 (--user-line-bytes)", (string?)refused.Json["detail"]);
            }

            // The four end their lines and go on with short ones: their buffers go back to 4 KiB, and the budget is free.
            foreach (RawConnection stream in streams)
            {
                await stream.SendAsync(Chunk("1]}\n") + Chunk("{\"y\":2}\n"));
            }

            await Eventually.TrueAsync(() => Task.FromResult(budget.Used == 0), "the finished lines gave their bytes back");
            foreach (RawConnection stream in streams)
            {
                await stream.SendAsync("0\r\n\r\n");
                Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
            }

            await using RawConnection sixth = await RawConnection.OpenAsync(server.Port);
            await sixth.SendAsync(string.Format(Head, tokens[5]) + Chunk(halfLine + "1]}\n") + "0\r\n\r\n");
            Assert.Equal(200, (await sixth.ReadToEndAsync()).Status);
        }
        finally
        {
            foreach (RawConnection stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }
}
