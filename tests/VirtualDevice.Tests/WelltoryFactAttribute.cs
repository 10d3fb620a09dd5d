namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// A fact that needs the welltory recordings at &lt;repository&gt;/../shared/data/ppg/welltory; skipped, with a message
/// saying where they were looked for, when they are not there (they are shared data, not part of the repository).
/// </summary>
public sealed class WelltoryFactAttribute : FactAttribute
{
    public WelltoryFactAttribute()
    {
        if (!Directory.Exists(WelltoryDirectory))
        {
            Skip = $"The welltory recordings are not at {WelltoryDirectory} (../shared/data/ppg/welltory beside the repository); nothing to compare with.";
        }
    }

    /// <summary>Where the data set is expected: beside the repository root (the folder with Directory.Build.props).</summary>
    public static string WelltoryDirectory { get; } = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "data", "ppg", "welltory"));

    /// <summary>
    /// How many subject_NN folders the data set has: 14 of the collection's 21 are shared, and the tests hold for any
    /// of them (the seven others measured in tools/virtual-device/ACCURACY.md pass every bound here).
    /// </summary>
    public static int SubjectCount => Directory.GetDirectories(WelltoryDirectory, "subject_*").Length;
}
