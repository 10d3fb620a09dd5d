using System.Globalization;

namespace HeartRateStreamer.VirtualDevice;

/// <summary>Reading option values off a command line, the same way for every command.</summary>
public static class CommandLine
{
    /// <summary>The value after the option at <paramref name="index"/>, moving past it; an option cannot be a value.</summary>
    public static string TakeValue(string[] arguments, ref int index)
    {
        if (index + 1 >= arguments.Length || arguments[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new InputException($"{arguments[index]} needs a value (see --help).");
        }

        index++;
        return arguments[index];
    }

    /// <summary>The number after the option at <paramref name="index"/>, moving past it; it must lie in [minimum, maximum].</summary>
    public static double TakeNumber(string[] arguments, ref int index, double minimum, double maximum)
    {
        string name = arguments[index];
        string text = TakeValue(arguments, ref index);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < minimum || value > maximum)
        {
            throw new InputException(
                $"{name} '{text}' must be a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }
}
