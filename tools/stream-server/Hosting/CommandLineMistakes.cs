extern alias FirmwareCore;

using System.CommandLine;
using System.CommandLine.Parsing;
using FirmwareCore::HeartRateStreamer.Configuration;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>
/// What a PC tool built on System.CommandLine (the stream server, the virtual device) says of a command line it could not
/// read. System.CommandLine quotes each word it does not know ("Unrecognized command or argument 'demo:KEY'"), and a word
/// after a misspelt option is often a key, token or password pasted in: each is shown by the PC tools' one rule
/// (<see cref="UnknownWords"/>, the flash tool's too), and a misspelt option gets the one it was probably meant to be
/// (<see cref="NearestKey.OptionQuestion"/>).
/// </summary>
public static class CommandLineMistakes
{
    /// <summary>
    /// Every mistake in <paramref name="parsed"/> in one line, then the questions for misspelt options of
    /// <paramref name="command"/>; a word not shown is counted "in case of" <paramref name="secrets"/> ("an API key").
    /// </summary>
    public static string Said(ParseResult parsed, Command command, string secrets)
    {
        string[] options = [.. command.Options.Select(option => option.Name).Where(name => name.StartsWith("--", StringComparison.Ordinal))];
        IEnumerable<string> meant = parsed.UnmatchedTokens.Where(token => token.StartsWith("--", StringComparison.Ordinal))
            .Select(token => NearestKey.OptionQuestion(token, options)).OfType<string>();
        return string.Join(" ", Errors(parsed, secrets).Concat(meant));
    }

    private static IEnumerable<string> Errors(ParseResult parsed, string secrets)
    {
        string[] unshown = [.. parsed.UnmatchedTokens.Where(token => UnknownWords.Shown(token) != token)];
        foreach (ParseError error in parsed.Errors)
        {
            string? token = unshown.FirstOrDefault(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal));
            if (token is null)
            {
                yield return error.Message;
            }
            else if (UnknownWords.Shown(token) is string shown)
            {
                yield return error.Message.Replace($"'{token}'", $"'{shown}'", StringComparison.Ordinal);
            }
        }

        int words = parsed.UnmatchedTokens.Count(token => UnknownWords.Shown(token) is null);
        if (words > 0)
        {
            yield return UnknownWords.Unshown(words, secrets);
        }
    }
}
