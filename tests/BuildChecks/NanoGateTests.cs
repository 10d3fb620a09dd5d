using System.Diagnostics;
using Xunit;

namespace HeartRateStreamer.BuildChecks;

/// <summary>
/// Proves the nano gate rejects what nanoFramework cannot run: the real gate project for core is built over a
/// scratch folder holding one source file, once with portable code (must build) and once each with a generic
/// collection and with LINQ (must fail, with the compiler pointing at the offending line), and with what compiles
/// against nano's mscorlib but its metadata processor refuses: a generic class, a generic method, mscorlib's own
/// Action&lt;int&gt; (in an instruction, a local, typeof(Action&lt;&gt;), an attribute's typeof(), a referenced library member's
/// signature), an exception filter, int[,], a null [DataRow] argument (must fail through build/gatecheck, naming the line
/// and the fix).
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

    [Fact]
    public void GenericLocalFailsAtItsDeclaration()
    {
        // Only the local's signature names Action<int>: no instruction does.
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Local
                {
                    public bool Unset()
                    {
                        System.Action<int>? handler = null;
                        return handler == null;
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "a local of the generic instance 'System.Action`1<System.Int32>'", "declare a non-generic delegate");
    }

    [Fact]
    public void ReferencedMethodReturningGenericInstanceFailsAtTheCall()
    {
        // The library passes; only the call's MemberRef signature names Action<int> in the checked assembly.
        (int exitCode, string output) = BuildGateOverWithLibrary("""
            namespace Probe
            {
                public class Caller
                {
                    public bool Has()
                    {
                        object? handler = Library.Registry.Handler();
                        return handler != null;
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "calls 'Library.Registry.Handler', whose signature uses the generic instance 'System.Action`1<System.Int32>'", "a member without it");
    }

    [Fact]
    public void ReferencedMethodTakingGenericInstanceFailsAtTheCall()
    {
        (int exitCode, string output) = BuildGateOverWithLibrary("""
            namespace Probe
            {
                public class Caller
                {
                    public void Clear()
                    {
                        Library.Registry.Take(null);
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "calls 'Library.Registry.Take', whose signature uses the generic instance 'System.Action`1<System.Int32>'", "a member without it");
    }

    [Fact]
    public void ReferencedFieldOfGenericInstanceFailsAtItsUse()
    {
        (int exitCode, string output) = BuildGateOverWithLibrary("""
            namespace Probe
            {
                public class Reader
                {
                    public bool Has()
                    {
                        object? handler = Library.Registry.Current;
                        return handler != null;
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "uses the field 'Library.Registry.Current' of the generic instance 'System.Action`1<System.Int32>'", "a member without it");
    }

    [Fact]
    public void TypeofOpenGenericTypeFailsAtItsLine()
    {
        // typeof(Action<>) is a plain TypeRef (no TypeSpec, no MethodSpec) to mscorlib's generic Action`1.
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Open
                {
                    public bool Known()
                    {
                        return typeof(System.Action<>) != null;
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "uses the generic type 'System.Action`1'", "declare a non-generic delegate");
    }

    [Fact]
    public void GenericInstanceAsAttributeTypeArgumentFails()
    {
        // An attribute's typeof() argument is stored as a type name in the attribute's blob, not as a TypeSpec.
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class TypeAttribute : System.Attribute
                {
                    public TypeAttribute(System.Type type) { }
                }

                public class Tagged
                {
                    [Type(typeof(System.Action<int>))]
                    public void Run()
                    {
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(12,", "attribute [Probe.TypeAttribute] on 'Probe.Tagged.Run' names the generic instance 'System.Action`1<System.Int32>' in a typeof() argument", "declare a non-generic delegate");
    }

    [Fact]
    public void MultidimensionalArrayFailsAtItsLine()
    {
        // reference/nanoframework-api.md §8: multidimensional arrays are not supported; int[,] compiles against nano's mscorlib.
        (int exitCode, string output) = BuildGateOver("""
            namespace Probe
            {
                public class Grid
                {
                    public int Corner()
                    {
                        int[,] cells = new int[2, 3];
                        return cells.Length;
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(7,", "the multidimensional array 'System.Int32[0...,0...]'", "a jagged array (int[][])");
    }

    [Fact]
    public void NullDataRowArgumentFails()
    {
        // reference/nanoframework-api.md §12: a null [DataRow] argument makes the metadata processor fail the build.
        // A bare null is already a nullable warning (an error here); null! is what silences it.
        (int exitCode, string output) = BuildGateOverWithTestFramework("""
            using nanoFramework.TestFramework;
            namespace Probe
            {
                [TestClass]
                public class Rows
                {
                    [TestMethod]
                    [DataRow("a", null!)]
                    public static void Pair(string first, string second)
                    {
                        Assert.IsNotNull(first);
                    }
                }
            }
            """);

        AssertRefused(exitCode, output, "Probe.cs(10,", "[DataRow] on 'Probe.Rows.Pair' passes null as its argument 2", "its own test method");
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
        return Build(
            Path.Combine(Repository.Root, "build", "gate", "HeartRateStreamer.Core.Gate.csproj"),
            $"-p:NanoProjectDirectory={_scratch}/",
            $"-p:ArtifactsPath={Path.Combine(_scratch, "artifacts")}");
    }

    /// <summary>
    /// The probe as a gate project of its own (build/NanoGate.props, the repository's settings) that references a
    /// nano library standing for a package's prebuilt assembly: compiled against nano's mscorlib like a gate project,
    /// but not read by the checker, as the gate never reads a reference. Its members name Action&lt;int&gt;.
    /// </summary>
    private (int ExitCode, string Output) BuildGateOverWithLibrary(string source)
    {
        string library = WriteProject("Library", """
            namespace Library
            {
                public static class Registry
                {
                    public static System.Action<int>? Current;

                    public static System.Action<int>? Handler() { return Current; }

                    public static void Take(System.Action<int>? handler) { Current = handler; }
                }
            }
            """, "", "<Target Name=\"NanoGateRefusesGenerics\" />");
        return Build(WriteProject("Probe", source, $"<ProjectReference Include=\"{library}\" />", ""));
    }

    /// <summary>The probe as a gate project of its own that references the nanoFramework.TestFramework shim's gate project,
    /// built into the scratch folder too (a global ArtifactsPath): not into the repository's artifacts, which other test
    /// runs read meanwhile.</summary>
    private (int ExitCode, string Output) BuildGateOverWithTestFramework(string source) =>
        Build(WriteProject("Probe", source, $"<ProjectReference Include=\"{Path.Combine(Repository.Root, "build", "gate", "TestFramework.Gate.csproj")}\" />", ""),
            $"-p:ArtifactsPath={Path.Combine(_scratch, "artifacts")}");

    private string WriteProject(string name, string source, string items, string targets)
    {
        // The repository's settings, with the scratch build's output kept in the scratch folder.
        File.WriteAllText(Path.Combine(_scratch, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{Path.Combine(Repository.Root, "Directory.Build.props")}" />
              <PropertyGroup><ArtifactsPath>{Path.Combine(_scratch, "artifacts")}</ArtifactsPath></PropertyGroup>
            </Project>
            """);
        string folder = Path.Combine(_scratch, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".cs"), source);
        string project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><NanoProjectDirectory>{folder}/</NanoProjectDirectory></PropertyGroup>
              <Import Project="{Path.Combine(Repository.Root, "build", "NanoGate.props")}" />
              <ItemGroup>{items}</ItemGroup>
              {targets}
            </Project>
            """);
        return project;
    }

    private static (int ExitCode, string Output) Build(string project, params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (string argument in new[] { "build", project, "-nologo", "-v:q", "-nodeReuse:false" }.Concat(properties))
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
