using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace HeartRateStreamer.Tests.Bridge;

/// <summary>
/// Nano tests must not vanish from `dotnet test` unnoticed (a class that lost [TestClass], a discovery that skips one):
/// CI would still say 0 failed. The cases xUnit gets from NanoTestAssembly.Run's discoverer are compared with the
/// [TestMethod] methods and [DataRow] rows declared in NFUnitTest.dll, read from its metadata, not through reflection
/// or the nano launcher.
/// </summary>
public class NanoDiscoveryTests
{
    [Fact]
    public void EveryDeclaredNanoTestIsDiscovered()
    {
        string[] declared = DeclaredCaseIds(Path.Combine(AppContext.BaseDirectory, "NFUnitTest.dll"));
        string[] discovered = DiscoveredCaseIds();

        Assert.True(declared.Length > 0, "NFUnitTest.dll declares no [TestMethod]: is it the nano test assembly?");
        string[] missing = declared.Except(discovered).ToArray();
        string[] unexpected = discovered.Except(declared).ToArray();
        Assert.True(
            missing.Length == 0 && unexpected.Length == 0,
            $"{declared.Length} nano cases declared, {discovered.Length} discovered. Not discovered (a class without [TestClass], "
            + $"a method that is not public?): {string.Join(", ", missing)}. Discovered but not declared: {string.Join(", ", unexpected)}");
    }

    // What NanoTestAssembly.Run's attribute makes xUnit discover: the discoverer it names, as xUnit finds it.
    private static string[] DiscoveredCaseIds()
    {
        MethodInfo run = typeof(NanoTestAssembly).GetMethod(nameof(NanoTestAssembly.Run))!;
        CustomAttributeData fact = run.CustomAttributes.Single(attribute => typeof(FactAttribute).IsAssignableFrom(attribute.AttributeType));
        CustomAttributeData discovererName = fact.AttributeType.CustomAttributes.Single(attribute => attribute.AttributeType == typeof(XunitTestCaseDiscovererAttribute));
        Type discovererType = Type.GetType($"{discovererName.ConstructorArguments[0].Value}, {discovererName.ConstructorArguments[1].Value}", throwOnError: true)!;
        var discoverer = (IXunitTestCaseDiscoverer)Activator.CreateInstance(discovererType, new NullMessageSink())!;

        var testClass = new TestClass(
            new TestCollection(new TestAssembly(Reflector.Wrap(typeof(NanoTestAssembly).Assembly)), null, "nano"),
            Reflector.Wrap(typeof(NanoTestAssembly)));
        var testMethod = new TestMethod(testClass, Reflector.Wrap(run));
        return discoverer.Discover(new DiscoveryOptions(), testMethod, Reflector.Wrap(fact))
            .Select(testCase => ((NanoXunitTestCase)testCase).CaseId)
            .ToArray();
    }

    // The launcher's ids (TestCase.Id): "Namespace.Class.Method" for a [TestMethod] without rows, "...Method#row" per [DataRow].
    private static string[] DeclaredCaseIds(string assemblyPath)
    {
        using FileStream stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var ids = new List<string>();
        foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(typeHandle);
            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                MethodDefinition method = reader.GetMethodDefinition(methodHandle);
                bool isTestMethod = false;
                int rows = 0;
                foreach (CustomAttributeHandle attributeHandle in method.GetCustomAttributes())
                {
                    string attribute = AttributeTypeName(reader, reader.GetCustomAttribute(attributeHandle));
                    isTestMethod |= attribute == "nanoFramework.TestFramework.TestMethodAttribute";
                    rows += attribute == "nanoFramework.TestFramework.DataRowAttribute" ? 1 : 0;
                }

                string id = FullName(reader, type) + "." + reader.GetString(method.Name);
                if (rows > 0)
                {
                    ids.AddRange(Enumerable.Range(0, rows).Select(row => id + "#" + row));
                }
                else if (isTestMethod)
                {
                    ids.Add(id);
                }
            }
        }

        return ids.ToArray();
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind == HandleKind.MethodDefinition)
        {
            return FullName(reader, reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType()));
        }

        EntityHandle parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return "";
        }

        TypeReference type = reader.GetTypeReference((TypeReferenceHandle)parent);
        return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
    }

    // As Type.FullName: nested types joined with '+'.
    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        TypeDefinitionHandle outer = type.GetDeclaringType();
        string name = reader.GetString(type.Name);
        if (!outer.IsNil)
        {
            return FullName(reader, reader.GetTypeDefinition(outer)) + "+" + name;
        }

        return type.Namespace.IsNil ? name : reader.GetString(type.Namespace) + "." + name;
    }

    private sealed class DiscoveryOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;

        public void SetValue<TValue>(string name, TValue value)
        {
        }
    }
}
