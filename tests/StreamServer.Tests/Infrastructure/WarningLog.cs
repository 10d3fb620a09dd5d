using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A logger that keeps the warnings written to it, as the console would show them.</summary>
public sealed class WarningLog : ILogger
{
    private readonly List<string> _warnings = new();

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return _warnings.ToList();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning)
        {
            lock (_warnings)
            {
                _warnings.Add(formatter(state, exception));
            }
        }
    }
}
