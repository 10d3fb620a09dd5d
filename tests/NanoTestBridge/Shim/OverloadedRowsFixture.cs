using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Bridge.Shim;

/// <summary>
/// Two data-row methods with one name and different parameter types: the launcher must find the right overload
/// again at run time from what it read at discovery, without a kept MethodInfo. Input for the shim's tests only.
/// </summary>
[TestClass]
public class OverloadedRowsFixture
{
    public static readonly List<string> Calls = new();

    [DataRow(3)]
    public static void Scales(int value) => Calls.Add("int " + value);

    [DataRow(4L)]
    public static void Scales(long value) => Calls.Add("long " + value);
}
