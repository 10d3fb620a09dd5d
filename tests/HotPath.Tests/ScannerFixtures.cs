namespace HeartRateStreamer.HotPath.Fixtures;

// Inputs for the scanner's own tests: each method allocates, or not, in a known way.
public interface IShape
{
    int Corners();
}

public sealed class Square : IShape
{
    public int Corners() => 4;
}

public sealed class AllocatingShape : IShape
{
    public int Corners() => new int[3].Length;
}

public static class ScannerFixtures
{
    public static int SumsWithoutAllocating(int[] values)
    {
        int sum = 0;
        foreach (int value in values)
        {
            sum += value;
        }

        return sum;
    }

    public static int AllocatesAnArray() => new int[4].Length;

    public static object BoxesAnInt(int value) => value;

    public static int AllocatesOnlyToThrow(int value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Negative value " + value + " is not allowed.");
        }

        return value * 2;
    }

    public static int CallsAnAllocatingHelper() => AllocatesAnArray() + 1;

    public static string BuildsAString(int value) => "value " + value;

    // On nanoCLR a struct is a heap block: one for the value newobj builds, one for the temporary local it goes to.
    public static long BuildsAStruct(int ticks) => new TimeSpan(ticks).Ticks;

    // Enums, like numbers, live in the evaluation stack's own slots.
    public static int KeepsAnEnumInALocal(int day)
    {
        DayOfWeek weekday = (DayOfWeek)(day % 7);
        return weekday == DayOfWeek.Sunday ? 0 : (int)weekday;
    }

    public static int CallsAnExcludedHelper() => RunsOncePerConnection();

    public static int RunsOncePerConnection() => new int[8].Length;

    public static int CallsThroughAnInterface(IShape shape) => shape.Corners();
}
