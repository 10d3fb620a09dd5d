using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>The console log, one line per entry, with every control character escaped: log values come
/// from requests (user names, header lines, filenames), and a raw ESC, CR or LF from a client must not
/// recolour the operator's terminal, overwrite a line or forge a new one. Format: "HH:mm:ss level: category[id] message".</summary>
public sealed class SanitizingConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "sanitizing";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder();
        line.Append(DateTime.Now.ToString("HH:mm:ss ", CultureInfo.InvariantCulture)).Append(Level(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id).Append("] ");
        AppendEscaped(line, message);
        if (logEntry.Exception is not null)
        {
            line.Append(' ');
            AppendEscaped(line, logEntry.Exception.ToString());
        }

        textWriter.WriteLine(line.ToString());
    }

    /// <summary>The text with C0 and C1 controls, DEL, line and paragraph separators and bidirectional
    /// overrides written as \uXXXX (\n, \r, \t as themselves escaped), so it is one inert line.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        AppendEscaped(escaped, text);
        return escaped.ToString();
    }

    private static void AppendEscaped(StringBuilder to, string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\n':
                    to.Append("\\n");
                    break;
                case '\r':
                    to.Append("\\r");
                    break;
                case '\t':
                    to.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
                    {
                        to.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        to.Append(c);
                    }

                    break;
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
