using System.Diagnostics;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>json-flatten.awk, the JSON reader flash.sh uses instead of jq: one line per value, exact errors.</summary>
public class JsonFlattenTests
{
    private const char Separator = '\u001f';

    [Fact]
    public void NestedValuesBecomeDottedKeysWithTypeAndText()
    {
        string[][] lines = Flatten("{\"wifi\": {\"ssid\": \"Home\", \"on\": true}, \"n\": -1.5e3, \"z\": null, \"l\": [1, {\"a\": 2}]}");

        Assert.Equal(
            [["wifi", "object", "", "0"], ["wifi.ssid", "string", "Home", "4"], ["wifi.on", "bool", "true", "0"], ["n", "number", "-1.5e3", "0"], ["z", "null", "null", "0"], ["l", "array", "[1, {\"a\": 2}]", "0"]],
            lines);
    }

    [Fact]
    public void StringsKeepTheirEscapesAndCountUtf8Bytes()
    {
        // "é" is 2 bytes as written, \u00e9 2 bytes decoded, \" 1 byte, x 1 byte.
        string[][] lines = Flatten("{\"s\": \"é\\u00e9\\\"x\", \"e\": \"\"}");

        Assert.Equal(["s", "string", "é\\u00e9\\\"x", "6"], lines[0]);
        Assert.Equal(["e", "string", "", "0"], lines[1]);
    }

    [Theory]
    [InlineData("{\"a\": 1,\n \"b\": 2\n \"c\": 3}", "3", "2", "expected ',' or '}' after the value of \"b\" (a missing comma?)")]
    [InlineData("{\"a\": 1,}", "1", "9", "expected a key in double quotes (a trailing comma, or a key without quotes?)")]
    [InlineData("{\"a\": 1, \"a\": 2}", "1", "16", "the key \"a\" appears twice")]
    [InlineData("{\"a\": \"open", "1", "12", "a string runs to the end of the line (a missing closing quote?)")]
    [InlineData("{\"a\": tru}", "1", "7", "expected a value (text in double quotes, a number, true, false, null, an object or a list), found 't'")]
    [InlineData("", "1", "1", "the file is empty; it must hold one JSON object")]
    public void ASyntaxErrorGivesLineColumnAndWhat(string json, string line, string column, string message)
    {
        (int exitCode, string output) = RunAwk(json);

        Assert.Equal(1, exitCode);
        string[] error = output.TrimEnd('\n').Split('\n')[^1].Split(Separator);
        Assert.Equal(["error", line, column, message], error);
    }

    private static string[][] Flatten(string json)
    {
        (int exitCode, string output) = RunAwk(json);
        Assert.True(exitCode == 0, output);
        return output.TrimEnd('\n').Split('\n').Select(line => line.Split(Separator)).ToArray();
    }

    private static (int ExitCode, string Output) RunAwk(string json)
    {
        var start = new ProcessStartInfo("awk")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(Path.Combine(Repository.FlashFolder, "json-flatten.awk"));
        start.Environment["LC_ALL"] = "C";
        using Process process = Process.Start(start)!;
        process.StandardInput.Write(json);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "awk finished");
        return (process.ExitCode, output);
    }
}
