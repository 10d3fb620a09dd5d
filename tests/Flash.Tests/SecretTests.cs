using System.Text.RegularExpressions;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// A device.json refused for a secret (the Wi-Fi password, a stream token, the API key: <see cref="ConfigurationKeys.IsSecret"/>)
/// says which key and what is wrong, and prints nothing of its value: the refusal goes to a terminal, a CI log or a
/// screenshot in an issue.
/// </summary>
public class SecretTests
{
    private const string Server = "\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": \"pulse-token-1\"";

    /// <summary>Case, device.json, the secret's characters that must not be printed, what the message says instead.</summary>
    public static TheoryData<string, string, string, string> UnquotedNumbers() => new()
    {
        // Beyond ulong: the board's parser refuses the whole file, and so did the tool, printing the digits.
        { "password of 24 digits", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": 314159265358979323846264}, \"server\": {" + Server + "}}",
            "314159265358979323846264", "wifi.password is a whole number of 24 digits, beyond the whole numbers" },

        // 19 characters beyond long: nanoFramework.Json tries long.Parse only and fails.
        { "password of 19 digits beyond long", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": 9271828182845904523}, \"server\": {" + Server + "}}",
            "9271828182845904523", "wifi.password is a whole number of 19 digits, beyond the whole numbers" },
        { "pulse token of 21 digits", "{\"wifi\": {\"ssid\": \"HomeNetwork\"}, \"server\": {\"url\": \"http://192.168.1.20:8080\", \"pulseToken\": 271828182845904523536}}",
            "271828182845904523536", "server.pulseToken is a whole number of 21 digits" },
        { "negative SpO2 token of 22 digits", "{\"wifi\": {\"ssid\": \"HomeNetwork\"}, \"server\": {" + Server + ", \"spo2Token\": -1414213562373095048801}}",
            "1414213562373095048801", "server.spo2Token is a whole number of 22 digits" },
        { "API key of 20 digits beyond ulong", "{\"wifi\": {\"ssid\": \"HomeNetwork\"}, \"server\": {" + Server + ", \"user\": \"demo\", \"apiKey\": 98765432109876543210}}",
            "98765432109876543210", "server.apiKey is a whole number of 20 digits" },

        // A key in the wrong case is not the board's, but its value is still the password someone meant.
        { "password under a key in the wrong case", "{\"Wifi\": {\"ssid\": \"HomeNetwork\", \"Password\": 161803398874989484820458}, \"server\": {" + Server + "}}",
            "161803398874989484820458", "Wifi.Password is a whole number of 24 digits" },

        // Within ulong: the reader gets a number and says so, by kind only.
        { "password of 20 digits within ulong", "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": 12345678901234567890}, \"server\": {" + Server + "}}",
            "12345678901234567890", "wifi.password: must be text in quotes, not a number" },
    };

    [Theory]
    [MemberData(nameof(UnquotedNumbers))]
    public void ASecretWrittenAsANumberIsRefusedWithoutItsDigits(string name, string json, string secret, string message)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, $"{name}: {result}");
        Assert.Contains(message, result.Errors);
        Assert.Contains("othing was written to the board", result.Errors);
        AssertNothingOf(secret, result);
    }

    // The file does not parse, so no key is known: what System.Text.Json quotes from where it stopped reading is left out.
    [Theory]
    [InlineData("{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": tr0ub4dor}}", "'tr0'")]
    [InlineData("{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": hunter22}}", "'h'")]
    [InlineData("{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"pass\"word1\"}}", "'w'")]
    [InlineData("{\"server\": {\"pulseToken\": \"pulse\\qtoken\"}}", "'q'")]
    public void BrokenJsonAroundASecretIsRefusedWithoutItsCharacters(string json, string quoted)
    {
        using var files = new TemporaryFiles();
        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches(@"is not valid JSON at line 1, column \d+: what is written there is", result.Errors);
        Assert.DoesNotContain(quoted, result.ToString());
    }

    [Fact]
    public void AControlCharacterInThePasswordIsRefusedWithoutNamingIt()
    {
        using var files = new TemporaryFiles();
        string json = "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"s3cr3t-\\u0001-passphrase\"}, \"server\": {" + Server + "}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("\n  wifi.password: holds a control character, which the board cannot read", result.Errors);
        Assert.DoesNotContain("U+0001", result.ToString());
        AssertNothingOf("s3cr3t-", result);
        AssertNothingOf("-passphrase", result);
    }

    [Fact]
    public void ANulInThePasswordIsRefusedOnceWithoutItsPlace()
    {
        // The firmware's reader refuses a NUL (the board would end the password there), the tool's own check any control
        // character the board's parser cannot read: one problem for the key, and neither tells where in the password.
        using var files = new TemporaryFiles();
        string json = "{\"wifi\": {\"ssid\": \"HomeNetwork\", \"password\": \"s3cr3t-\\u0000-passphrase\"}, \"server\": {" + Server + "}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(Regex.Matches(result.Errors, "\n  wifi.password: "));
        Assert.Contains("\n  wifi.password: holds the character NUL (\\u0000); ", result.Errors);
        Assert.DoesNotContain("as character", result.ToString());
        AssertNothingOf("s3cr3t-", result);
        AssertNothingOf("-passphrase", result);
    }

    // Before, "ab******": the first two characters of a two-character API key are all of it.
    [Theory]
    [InlineData("Zq", "******")]
    [InlineData("Zq7Kx9Wb", "******")]
    [InlineData("Zq7Kx9WbT4", "Zq******")]
    public void AShortApiKeyIsMaskedWhole(string apiKey, string masked)
    {
        using var files = new TemporaryFiles();
        string json = "{\"wifi\": {\"ssid\": \"HomeNetwork\"}, \"server\": {" + Server + ", \"user\": \"demo\", \"apiKey\": \"" + apiKey + "\"}}";

        ToolResult result = FlashTool.DryRun(files.Write("device.json", json));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"\"apiKey\": \"{masked}\"", result.Output);
        Assert.DoesNotContain(apiKey, result.ToString());
    }

    private static void AssertNothingOf(string secret, ToolResult result)
    {
        string printed = result.ToString();
        Assert.DoesNotContain(secret, printed);

        // Not even a part of it: no run of 6 of its characters in a row.
        for (int start = 0; start + 6 <= secret.Length; start++)
        {
            Assert.False(printed.Contains(secret.Substring(start, 6), StringComparison.Ordinal), $"'{secret.Substring(start, 6)}' of the secret was printed:\n{result}");
        }

        Assert.DoesNotMatch(new Regex(@"\d{12,}"), printed);
    }
}
