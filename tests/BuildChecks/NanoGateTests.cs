using System.Diagnostics;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// Proves the nano gate rejects what nanoFramework cannot run: the real gate project for core is built over a
/// scratch folder holding one source file, once with portable code (must build) and once each with a generic
/// collection and with LINQ (must fail, with the compiler pointing at the offending line).
/// </summary>
public class NanoGateTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "nano-gate-check-" + Guid.NewGuid().ToString("N"));

    public NanoGateTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void PortableCodeCompiles()
    {
        (int exitCode, string output) = BuildGateOver("""
            using System.Collections;
            namespace Probe
            {
                public class Portable
                {
                    private readonly ArrayList _items = new ArrayList();
                    public int Add(int value) { _items.Add(value); return _items.Count; }
                }
            }
            """);

        Assert.True(exitCode == 0, "portable code must pass the gate:\n" + output);
    }

    [Fact]
    public void GenericListFailsAtItsLine()
    {
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class UsesList
                {
                    public int Count() { var values = new System.Collections.Generic.List<int>(); return values.Count; }
                }
            }
            """);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Probe.cs(5,", output);
        Assert.Contains("error CS0234", output);
    }

    [Fact]
    public void LinqFailsAtItsLine()
    {
        (int exitCode, string output) = BuildGateOver("""
            using System.Linq;
            namespace Probe
            {
                public class UsesLinq
                {
                    public int Sum(int[] values) => values.Sum();
                }
            }
            """);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Probe.cs(1,", output);
        Assert.Contains("error CS0234", output);
    }

    private (int ExitCode, string Output) BuildGateOver(string source)
    {
        File.WriteAllText(Path.Combine(_scratch, "Probe.cs"), source);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (string argument in new[]
        {
            "build", Path.Combine(Repository.Root, "build", "gate", "HeartRateStreamer.Core.Gate.csproj"),
            "-nologo", "-v:q", "-nodeReuse:false",
            $"-p:NanoProjectDirectory={_scratch}/",
            $"-p:ArtifactsPath={Path.Combine(_scratch, "artifacts")}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process build = Process.Start(start)!;
        Task<string> standardError = build.StandardError.ReadToEndAsync();
        string output = build.StandardOutput.ReadToEnd() + standardError.Result;
        build.WaitForExit();
        return (build.ExitCode, output);
    }
}
