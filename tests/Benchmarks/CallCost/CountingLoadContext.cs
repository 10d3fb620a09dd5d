using System.Reflection;
using System.Runtime.Loader;

namespace HeartRateStreamer.Benchmarks.CallCost;

/// <summary>
/// Loads the counting copies of our assemblies, and every other assembly of ours from beside them, into a context of
/// their own, so the device code run there binds to the counting copies; the runtime's libraries are shared.
/// </summary>
public sealed class CountingLoadContext(string countingDirectory, string binariesDirectory) : AssemblyLoadContext("call counting", isCollectible: true)
{
    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string fileName = assemblyName.Name + ".dll";
        string counting = Path.Combine(countingDirectory, fileName);
        if (File.Exists(counting))
        {
            return LoadFromAssemblyPath(counting);
        }

        // Ours (the virtual device, the simulation, this benchmark) and their packages: loaded here, so they use the counting copies.
        string beside = Path.Combine(binariesDirectory, fileName);
        return File.Exists(beside) && !IsRuntimeLibrary(assemblyName) ? LoadFromAssemblyPath(beside) : null;
    }

    private static bool IsRuntimeLibrary(AssemblyName name)
    {
        return name.Name!.StartsWith("System.", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft.", StringComparison.Ordinal) || name.Name == "netstandard";
    }
}
