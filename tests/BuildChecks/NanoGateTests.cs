using System.Diagnostics;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// Proves the nano gate rejects what nanoFramework cannot run: the real gate project for core is built over a
/// scratch folder holding one source file, once with portable code (must build) and once each with a generic
/// collection and with LINQ (must fail, with the compiler pointing at the offending line), and with what compiles
/// against nano's mscorlib but its metadata processor refuses: a generic class, a generic method, mscorlib's own
/// Action&lt;int&gt;, an exception filter (must fail through build/gatecheck, naming the line and the fix).
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

    [Fact]
    public void GenericClassFailsAtItsLine()
    {
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Box<T>
                {
                    public T Get(T value) { return value; }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(5,", "generic type 'Probe.Box`1'", "write a class for the concrete type");
    }

    [Fact]
    public void GenericMethodFailsAtItsLine()
    {
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Plain
                {
                    public static T Same<T>(T value) { return value; }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(5,", "generic method 'Probe.Plain.Same<T>'", "one overload per type");
    }

    [Fact]
    public void MscorlibGenericDelegateFailsAtItsLine()
    {
        // nano's mscorlib declares Action`1, so the compiler accepts this; the metadata processor does not.
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Callback
                {
                    public void Call(int value)
                    {
                        System.Action<int> handler = Ignore;
                        handler(value);
                    }

                    private static void Ignore(int value) { }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "generic instance 'System.Action`1<System.Int32>'", "declare a non-generic delegate");
    }

    [Fact]
    public void ExceptionFilterFailsAtItsLine()
    {
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Filtered
                {
                    public int Divide(int value, int by)
                    {
                        try { return value / by; }
                        catch (System.Exception e) when (e.Message != null) { return 0; }
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(8,", "exception filter (catch ... when) in 'Probe.Filtered.Divide'", "test the condition inside the catch block");
    }

    private static void AssertRefused(int exitCode, string output, string location, string what, string fix)
    {
        Assert.True(exitCode != 0, "the gate must refuse this:\n" + output);
        string[] findings = output.Split('\n').Where(line => line.Contains("error NANOGATE1")).ToArray();
        Assert.True(
            findings.Any(line => line.Contains(location) && line.Contains(what) && line.Contains(fix)),
            $"expected a NANOGATE1 error at {location} naming {what} and saying '{fix}', got:\n" + output);
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
