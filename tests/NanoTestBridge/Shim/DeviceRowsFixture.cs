using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Bridge.Shim;

/// <summary>
/// Data rows that .NET's reflection accepts and the interpreter does not (an int for a long, an enum, a typeof).
/// Not a [TestClass], so the launcher test that runs the whole assembly does not count these failures; the shim's
/// tests plan it directly.
/// </summary>
public class DeviceRowsFixture
{
    [DataRow(3)]
    public static void TakesLong(long value) => Assert.AreEqual(3L, value);

    [DataRow(DayOfWeek.Monday)]
    public static void TakesEnum(DayOfWeek day) => Assert.AreEqual((int)DayOfWeek.Monday, (int)day);

    [DataRow(typeof(string))]
    public static void TakesType(Type type) => Assert.IsNotNull(type);

    [DataRow(3L)]
    [DataRow("any")]
    public static void TakesObject(object value) => Assert.IsNotNull(value);
}
