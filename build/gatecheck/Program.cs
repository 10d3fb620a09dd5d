using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HeartRateStreamer.Build.GateCheck;

/// <summary>
/// Fails the nano gate on what compiles against nanoFramework's mscorlib but its metadata processor (NFMDP) refuses:
/// generic type and method definitions, any generic instance (mscorlib itself declares Action&lt;T&gt;, Func&lt;...&gt;,
/// EventHandler&lt;T&gt;) and exception filters (catch ... when). Reads only the gate assemblies given, never their
/// references, and prints one MSBuild error per finding at its source line (from the portable PDB) when it has one.
/// </summary>
public static class Program
{
    private const string Code = "NANOGATE1";

    private const string GenericInstanceAdvice =
        "nanoFramework's metadata processor refuses generic instances, mscorlib's Action<T>, Func<...> and EventHandler<T> included: "
        + "declare a non-generic delegate (e.g. 'public delegate void ValueHandler(int value);') or use a non-generic type (ArrayList, object)";

    public static int Main(string[] arguments)
    {
        if (arguments.Length == 0)
        {
            Console.Error.WriteLine("usage: NanoGateCheck <gate assembly.dll>...: checks each for generics and exception filters");
            return 2;
        }

        int findings = 0;
        foreach (string path in arguments)
        {
            foreach (string line in Check(path))
            {
                Console.WriteLine(line);
                findings++;
            }
        }

        return findings == 0 ? 0 : 1;
    }

    /// <summary>One "file(line,col): error NANOGATE1: ..." line per finding, in a stable order.</summary>
    public static IReadOnlyList<string> Check(string assemblyPath)
    {
        var findings = new List<string>();
        var parameters = new ReaderParameters
        {
            InMemory = true,
            ReadSymbols = true,
            SymbolReaderProvider = new DefaultSymbolReaderProvider(throwIfNoSymbol: false),
        };
        using (ModuleDefinition module = ModuleDefinition.ReadModule(assemblyPath, parameters))
        {
            foreach (TypeDefinition type in module.GetTypes())
            {
                CheckType(type, assemblyPath, findings);
            }
        }

        // The walk above reads every place C# puts a generic instance; the metadata tables are the backstop for one it
        // missed (e.g. typeof(List<int>) in an attribute argument), so nothing generic passes unnamed.
        if (findings.Count == 0)
        {
            int left = CountGenericRows(assemblyPath);
            if (left > 0)
            {
                findings.Add($"{assemblyPath}: error {Code}: the assembly's metadata holds {left} generic instance(s) "
                    + "(TypeSpec/MethodSpec) outside any method body or signature the gate reads; " + GenericInstanceAdvice);
            }
        }

        return findings.Distinct().ToList();
    }

    private static void CheckType(TypeDefinition type, string assemblyPath, List<string> findings)
    {
        string typeLocation = LocationOf(type) ?? assemblyPath;
        if (type.HasGenericParameters)
        {
            // Nested types of a generic type inherit its parameters; the outer type's finding names the fix.
            if (type.DeclaringType is not { HasGenericParameters: true })
            {
                string what = type.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal)
                    ? $"an anonymous type (new {{ ... }}) compiles to the generic class '{type.FullName}'"
                    : $"generic type '{type.FullName}'";
                findings.Add($"{typeLocation}: error {Code}: {what}: nanoFramework's metadata processor refuses generic types; "
                    + "write a class for the concrete type you need (or hold object and cast)");
            }

            return;
        }

        if (type.BaseType != null && ContainsGeneric(type.BaseType))
        {
            findings.Add($"{typeLocation}: error {Code}: '{type.FullName}' derives from the generic instance '{type.BaseType.FullName}'; {GenericInstanceAdvice}");
        }

        foreach (InterfaceImplementation implementation in type.Interfaces.Where(implementation => ContainsGeneric(implementation.InterfaceType)))
        {
            findings.Add($"{typeLocation}: error {Code}: '{type.FullName}' implements the generic instance '{implementation.InterfaceType.FullName}'; {GenericInstanceAdvice}");
        }

        foreach (FieldDefinition field in type.Fields.Where(field => ContainsGeneric(field.FieldType)))
        {
            findings.Add($"{typeLocation}: error {Code}: field '{type.FullName}.{field.Name}' has the generic type '{field.FieldType.FullName}'; {GenericInstanceAdvice}");
        }

        foreach (MethodDefinition method in type.Methods)
        {
            CheckMethod(method, typeLocation, findings);
        }
    }

    private static void CheckMethod(MethodDefinition method, string typeLocation, List<string> findings)
    {
        string name = $"{method.DeclaringType.FullName}.{method.Name}";
        string methodLocation = FirstLocation(method) ?? typeLocation;
        if (method.HasGenericParameters)
        {
            findings.Add($"{methodLocation}: error {Code}: generic method '{name}<{string.Join(", ", method.GenericParameters.Select(parameter => parameter.Name))}>': "
                + "nanoFramework's metadata processor refuses generic methods; write one overload per type you need (or take object)");
            return;
        }

        if (ContainsGeneric(method.ReturnType) || method.Parameters.Any(parameter => ContainsGeneric(parameter.ParameterType)))
        {
            findings.Add($"{methodLocation}: error {Code}: the signature of '{name}' uses a generic instance; {GenericInstanceAdvice}");
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (VariableDefinition variable in method.Body.Variables.Where(variable => ContainsGeneric(variable.VariableType)))
        {
            findings.Add($"{methodLocation}: error {Code}: '{name}' has a local of the generic type '{variable.VariableType.FullName}'; {GenericInstanceAdvice}");
        }

        foreach (Instruction instruction in method.Body.Instructions)
        {
            string? generic = instruction.Operand switch
            {
                GenericInstanceMethod instance => instance.FullName,
                MethodReference reference when ContainsGeneric(reference.DeclaringType) => reference.DeclaringType.FullName,
                FieldReference reference when ContainsGeneric(reference.DeclaringType) => reference.DeclaringType.FullName,
                TypeReference reference when ContainsGeneric(reference) => reference.FullName,
                _ => null,
            };
            if (generic != null)
            {
                string location = LocationAt(method, instruction.Offset) ?? methodLocation;
                findings.Add($"{location}: error {Code}: '{name}' uses the generic instance '{generic}'; {GenericInstanceAdvice}");
            }
        }

        foreach (ExceptionHandler handler in method.Body.ExceptionHandlers.Where(handler => handler.HandlerType == ExceptionHandlerType.Filter))
        {
            // The filter block opens with hidden code (the type test); its first visible point is the 'when' clause.
            SequencePoint? when = method.DebugInformation.SequencePoints
                .FirstOrDefault(point => !point.IsHidden && point.Offset >= handler.FilterStart.Offset && point.Offset < handler.HandlerStart.Offset);
            string location = when != null ? Format(when) : LocationAt(method, handler.FilterStart.Offset) ?? methodLocation;
            findings.Add($"{location}: error {Code}: exception filter (catch ... when) in '{name}': nanoFramework's metadata processor refuses filters; "
                + "catch the exception type and test the condition inside the catch block ('throw;' when it does not hold)");
        }
    }

    private static bool ContainsGeneric(TypeReference type) => type switch
    {
        GenericInstanceType => true,
        GenericParameter => true,
        TypeSpecification specification => ContainsGeneric(specification.ElementType),
        _ => false,
    };

    private static string? LocationAt(MethodDefinition method, int offset)
    {
        SequencePoint? point = method.DebugInformation.SequencePoints.LastOrDefault(candidate => candidate.Offset <= offset && !candidate.IsHidden);
        return point == null ? null : Format(point);
    }

    private static string? FirstLocation(MethodDefinition method)
    {
        SequencePoint? point = method.DebugInformation.SequencePoints.FirstOrDefault(candidate => !candidate.IsHidden);
        return point == null ? null : Format(point);
    }

    // A type has no location of its own in a PDB: its earliest method line stands for it.
    private static string? LocationOf(TypeDefinition type)
    {
        SequencePoint? first = type.Methods
            .SelectMany(method => method.DebugInformation.SequencePoints)
            .Where(point => !point.IsHidden)
            .OrderBy(point => point.StartLine)
            .FirstOrDefault();
        return first == null ? null : Format(first);
    }

    private static string Format(SequencePoint point) => $"{point.Document.Url}({point.StartLine},{point.StartColumn})";

    private static int CountGenericRows(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        System.Reflection.Metadata.MetadataReader reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        int count = reader.GetTableRowCount(TableIndex.MethodSpec);
        int typeSpecs = reader.GetTableRowCount(TableIndex.TypeSpec);
        for (int row = 1; row <= typeSpecs; row++)
        {
            System.Reflection.Metadata.TypeSpecification specification = reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            if (IsGenericSignature(reader.GetBlobReader(specification.Signature)))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsGenericSignature(System.Reflection.Metadata.BlobReader signature)
    {
        while (true)
        {
            System.Reflection.Metadata.SignatureTypeCode code = signature.ReadSignatureTypeCode();
            switch (code)
            {
                case System.Reflection.Metadata.SignatureTypeCode.GenericTypeInstance:
                case System.Reflection.Metadata.SignatureTypeCode.GenericTypeParameter:
                case System.Reflection.Metadata.SignatureTypeCode.GenericMethodParameter:
                    return true;
                case System.Reflection.Metadata.SignatureTypeCode.SZArray:
                case System.Reflection.Metadata.SignatureTypeCode.Array:
                case System.Reflection.Metadata.SignatureTypeCode.Pointer:
                case System.Reflection.Metadata.SignatureTypeCode.ByReference:
                    continue;
                case System.Reflection.Metadata.SignatureTypeCode.RequiredModifier:
                case System.Reflection.Metadata.SignatureTypeCode.OptionalModifier:
                    signature.ReadTypeHandle();
                    continue;
                default:
                    return false;
            }
        }
    }
}
