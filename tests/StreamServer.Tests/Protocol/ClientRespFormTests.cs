using System.Text;
using HeartRateStreamer.StreamServer.Protocol;

namespace HeartRateStreamer.StreamServer.Tests.Protocol;

public sealed class ClientRespFormTests
{
    [Fact]
    public void RawJsonWithAmpersandPlusAndPercentSurvives()
    {
        // The npm client's exact layout: values are not URL-encoded.
        string body = "platform=nodejs&version=1.0.4&args=[{\"x\":[],\"y\":[],\"name\":\"a&b=c+d 100%\",\"stream\":{\"token\":\"tok1-stream-token\",\"maxpoints\":200}}]&kwargs={\"filename\":\"f\",\"fileopt\":\"overwrite\"}&un=u&key=k&origin=plot";

        Dictionary<string, string> form = ClientRespForm.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("[{\"x\":[],\"y\":[],\"name\":\"a&b=c+d 100%\",\"stream\":{\"token\":\"tok1-stream-token\",\"maxpoints\":200}}]", form["args"]);
        Assert.Equal("{\"filename\":\"f\",\"fileopt\":\"overwrite\"}", form["kwargs"]);
        Assert.Equal("u", form["un"]);
        Assert.Equal("k", form["key"]);
        Assert.Equal("plot", form["origin"]);
    }

    [Fact]
    public void InvalidUtf8IsRefusedNotReplaced()
    {
        // A trace name with a stray 0xFF byte, raw and percent-encoded: refused, as a stream line with it is (422).
        byte[] raw = [.. "un=u&key=k&kwargs={\"filename\":\"a"u8, 0xFF, .. "b\"}"u8];
        FormatException inJson = Assert.Throws<FormatException>(() => ClientRespForm.Parse(raw));
        FormatException encoded = Assert.Throws<FormatException>(() => ClientRespForm.Parse("un=u%FF&key=k"u8));

        Assert.Contains("form field 'kwargs' is not valid", inJson.Message);
        Assert.Equal("form field 'un' is not valid UTF-8: send text as UTF-8 (percent-encoded bytes included)", encoded.Message);
        Assert.Equal("Zoë", ClientRespForm.Parse("un=Zo%C3%AB"u8)["un"]);
    }

    [Fact]
    public void UrlEncodedFormIsDecoded()
    {
        string body = "un=u&key=k&args=" + Uri.EscapeDataString("[{\"y\":[1],\"name\":\"a&b\"}]") + "&kwargs=%7B%22filename%22%3A%22x+y%22%7D";

        Dictionary<string, string> form = ClientRespForm.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("[{\"y\":[1],\"name\":\"a&b\"}]", form["args"]);
        Assert.Equal("{\"filename\":\"x y\"}", form["kwargs"]);
    }

    [Fact]
    public void ArduinoBodyWithTrailingCrLf()
    {
        string body = "version=2.3&origin=plot&platform=arduino&un=u&key=k&args=[{\"y\": [], \"x\": [], \"type\": \"scatter\", \"stream\": {\"token\": \"t\", \"maxpoints\": 30}}]&kwargs={\"fileopt\": \"overwrite\", \"filename\": \"a\", \"world_readable\": true}\r\n";

        Dictionary<string, string> form = ClientRespForm.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("{\"fileopt\": \"overwrite\", \"filename\": \"a\", \"world_readable\": true}", form["kwargs"]);
        Assert.Equal("arduino", form["platform"]);
    }

    [Theory]
    [InlineData("args=[{\"x\":1}", "not valid JSON")]
    [InlineData("un", "has no '='")]
    [InlineData("args=[1]x&un=u", "instead of '&'")]
    public void MalformedFormsSayWhatIsWrong(string body, string expectedMessage)
    {
        FormatException exception = Assert.Throws<FormatException>(() => ClientRespForm.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(expectedMessage, exception.Message);
    }
}
