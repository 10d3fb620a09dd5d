using System.Text;
using HeartRateStreamer.StreamServer.Protocol;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

/// <summary>/clientresp forms past Kestrel's 1 MiB request buffer, over plain HTTP from a raw socket: one within
/// <see cref="ClientRespEndpoint.MaxBodyBytes"/> is answered, and one past it gets the JSON 413, chunked too. The endpoint
/// consumes nothing until the body is complete (or too large); Kestrel's request-body reader buffers past 1 MiB for it, so
/// this works (an audit expected it to wait for good; these tests pin that it does not).</summary>
public sealed class ClientRespBodySizeTests
{
    [Fact]
    public async Task AFormOfOneAndAHalfMebibytesIsAnswered200()
    {
        await using TestServer server = await TestServer.StartAsync();
        string form = FormOf(1536 * 1024);

        RawResponse answer = await ExchangeAsync(server.Port,
            $"POST /clientresp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\n\r\n", form);

        Assert.True(answer.Status == 200, answer.Text.Length > 600 ? answer.Text[..600] : answer.Text);
        Assert.Equal("", (string?)answer.Json["error"]);
    }

    [Fact]
    public async Task AChunkedFormPastTheLimitGetsTheJson413()
    {
        await using TestServer server = await TestServer.StartAsync();
        string form = FormOf(2560 * 1024);
        var chunked = new StringBuilder();
        for (int at = 0; at < form.Length; at += 64 * 1024)
        {
            chunked.Append(RawHttp.Chunk(form.Substring(at, Math.Min(64 * 1024, form.Length - at))));
        }

        chunked.Append("0\r\n\r\n");

        RawResponse answer = await ExchangeAsync(server.Port,
            "POST /clientresp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n", chunked.ToString());

        Assert.True(answer.Status == 413, answer.Text.Length > 600 ? answer.Text[..600] : answer.Text);
        Assert.Equal($"the form is larger than {ClientRespEndpoint.MaxBodyBytes} bytes; send less data in one plot and stream the rest", (string?)answer.Json["error"]);
    }

    // A valid form of about `bytes` bytes: one trace whose y holds that many digits.
    private static string FormOf(int bytes)
    {
        const string Head = "un=alice&key=" + TestServer.AliceKey + "&kwargs={\"filename\":\"large\",\"fileopt\":\"overwrite\"}&args=[{\"y\":[";
        var form = new StringBuilder(Head, bytes + 16);
        while (form.Length < bytes)
        {
            form.Append("1234567,");
        }

        form.Append("1]}]");
        return form.ToString();
    }

    // Sends the head, then the body while reading the answer: a server that answers before the body's end closes the
    // connection on the rest of it.
    private static async Task<RawResponse> ExchangeAsync(int port, string head, string body)
    {
        await using RawConnection connection = await RawConnection.OpenAsync(port);
        await connection.SendAsync(head);
        Task<RawResponse> answer = connection.ReadToEndAsync();
        try
        {
            await connection.SendAsync(body);
        }
        catch (IOException)
        {
            // Answered and closed before the whole body went.
        }

        return await answer;
    }
}
