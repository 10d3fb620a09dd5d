using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HeartRateStreamer.Build.GateCheck;

/// <summary>
/// Fails the nano gate on what compiles against nanoFramework's mscorlib but its metadata processor (NFMDP) or
/// interpreter refuses: generic type and method definitions, any generic type, instance or parameter (mscorlib itself
/// declares Action&lt;T&gt;, Func&lt;...&gt;, EventHandler&lt;T&gt;) in a signature, field, local, instruction, referenced
/// member's signature or attribute's typeof() argument, multidimensional arrays, exception filters (catch ... when) and
/// null [DataRow] arguments. Reads only the gate assemblies given, never their references, and prints one MSBuild error
/// per finding at its source line (from the portable PDB) when it has one.
/// </summary>
public static class Program
{
    private const string Code = "NANOGATE1";

    private const string GenericInstanceAdvice =
        "nanoFramework's metadata processor refuses generic instances, mscorlib's Action<T>, Func<...> and EventHandler<T> included: "
        + "declare a non-generic delegate (e.g. 'public delegate void ValueHandler(int value);') or use a non-generic type (ArrayList, object)";

    // reference/nanoframework-api.md §8.
    private const string MultidimensionalArrayAdvice =
        "nanoFramework does not support multidimensional arrays: use a jagged array (int[][]) or one array indexed [row * columns + column]";

    // The member is another assembly's: the fix is in the choice of member, not in this code's declarations.
    private const string ReferencedMemberAdvice = "; nanoFramework cannot use a referenced member with it in its signature either: use a member without it";

    private const string DataRowAttribute = "nanoFramework.TestFramework.DataRowAttribute";

    public static int Main(string[] arguments)
    {
        if (arguments.Length == 0)
        {
            Console.Error.WriteLine("usage: NanoGateCheck <gate assembly.dll>...: checks each for what nanoFramework's metadata processor refuses");
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
            CheckAttributes(module.Assembly, module.Assembly.Name.Name, assemblyPath, findings);
            CheckAttributes(module, module.Name, assemblyPath, findings);
            foreach (TypeDefinition type in module.GetTypes())
            {
                CheckType(type, assemblyPath, findings);
            }
        }

        // The walk above reads every place C# puts a generic instance; the metadata tables are the backstop for a
        // TypeSpec or MethodSpec it missed, so nothing generic passes unnamed.
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

        CheckAttributes(type, type.FullName, typeLocation, findings);
        if (Refused(type.BaseType) is { } baseType)
        {
            findings.Add(Finding(typeLocation, $"'{type.FullName}' derives from", baseType));
        }

        foreach (InterfaceImplementation implementation in type.Interfaces)
        {
            if (Refused(implementation.InterfaceType) is { } refused)
            {
                findings.Add(Finding(typeLocation, $"'{type.FullName}' implements", refused));
            }
        }

        foreach (FieldDefinition field in type.Fields)
        {
            CheckAttributes(field, $"{type.FullName}.{field.Name}", typeLocation, findings);
            if (Refused(field.FieldType) is { } refused)
            {
                findings.Add(Finding(typeLocation, $"field '{type.FullName}.{field.Name}' is of", refused));
            }
        }

        foreach (PropertyDefinition property in type.Properties)
        {
            CheckAttributes(property, $"{type.FullName}.{property.Name}", typeLocation, findings);
        }

        foreach (EventDefinition @event in type.Events)
        {
            CheckAttributes(@event, $"{type.FullName}.{@event.Name}", typeLocation, findings);
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

        CheckAttributes(method, name, methodLocation, findings);
        CheckAttributes(method.MethodReturnType, name, methodLocation, findings);
        foreach (ParameterDefinition parameter in method.Parameters)
        {
            CheckAttributes(parameter, name, methodLocation, findings);
        }

        CheckDataRows(method, name, methodLocation, findings);
        if (RefusedInSignature(method) is { } inSignature)
        {
            findings.Add(Finding(methodLocation, $"the signature of '{name}' uses", inSignature));
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (VariableDefinition variable in method.Body.Variables)
        {
            if (Refused(variable.VariableType) is { } refused)
            {
                // A local has no line of its own in the PDB: its first store or address is where it is declared.
                Instruction? store = method.Body.Instructions.FirstOrDefault(instruction => StoredOrAddressed(method.Body, instruction) == variable);
                string location = (store != null ? LocationAt(method, store.Offset) : null) ?? methodLocation;
                findings.Add(Finding(location, $"'{name}' has a local of", refused));
            }
        }

        foreach (Instruction instruction in method.Body.Instructions)
        {
            string? finding = instruction.Operand switch
            {
                GenericInstanceMethod instance => $"'{name}' uses the generic instance '{instance.FullName}'; {GenericInstanceAdvice}",
                MethodReference reference when Refused(reference.DeclaringType) is { } refused => Describe($"'{name}' uses", refused),
                FieldReference reference when Refused(reference.DeclaringType) is { } refused => Describe($"'{name}' uses", refused),
                TypeReference reference when Refused(reference) is { } refused => Describe($"'{name}' uses", refused),
                // Another assembly's member: its definition is not read here, only the signature this assembly holds.
                MethodReference reference and not MethodDefinition when RefusedInSignature(reference) is { } refused =>
                    Describe($"'{name}' calls '{reference.DeclaringType.FullName}.{reference.Name}', whose signature uses", refused) + ReferencedMemberAdvice,
                FieldReference reference and not FieldDefinition when Refused(reference.FieldType) is { } refused =>
                    Describe($"'{name}' uses the field '{reference.DeclaringType.FullName}.{reference.Name}' of", refused) + ReferencedMemberAdvice,
                _ => null,
            };
            if (finding != null)
            {
                findings.Add($"{LocationAt(method, instruction.Offset) ?? methodLocation}: error {Code}: {finding}");
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

    /// <summary>typeof() arguments of attributes: the blob holds them as type names, so no TypeSpec row or instruction shows them.</summary>
    private static void CheckAttributes(ICustomAttributeProvider owner, string ownerName, string location, List<string> findings)
    {
        foreach (CustomAttribute attribute in owner.CustomAttributes)
        {
            IEnumerable<CustomAttributeArgument> arguments = attribute.ConstructorArguments
                .Concat(attribute.Fields.Select(named => named.Argument))
                .Concat(attribute.Properties.Select(named => named.Argument));
            foreach (TypeReference type in arguments.SelectMany(Values).OfType<TypeReference>())
            {
                if (Refused(type) is { } refused)
                {
                    findings.Add(Finding(location, $"attribute [{attribute.AttributeType.FullName}] on '{ownerName}' names", refused, " in a typeof() argument"));
                }
            }
        }
    }

    // reference/nanoframework-api.md §12: a null [DataRow] argument fails the metadata processor's build.
    private static void CheckDataRows(MethodDefinition method, string name, string location, List<string> findings)
    {
        foreach (CustomAttribute row in method.CustomAttributes.Where(attribute => attribute.AttributeType.FullName == DataRowAttribute))
        {
            if (row.ConstructorArguments is not [{ Value: CustomAttributeArgument[] rowArguments }])
            {
                findings.Add($"{location}: error {Code}: [DataRow] on '{name}' passes null as its arguments array: nanoFramework's metadata processor "
                    + "fails the build on it; pass the arguments themselves, or write a case without arguments as its own test method");
                continue;
            }

            for (int index = 0; index < rowArguments.Length; index++)
            {
                if (Unboxed(rowArguments[index]) == null)
                {
                    findings.Add($"{location}: error {Code}: [DataRow] on '{name}' passes null as its argument {index + 1}: nanoFramework's metadata processor "
                        + "fails the build on a null data row argument; pass a value of the parameter's type that the test maps to what it needs "
                        + "(e.g. \"\"), or write the null case as its own test method");
                }
            }
        }
    }

    // An argument of type object holds its value as a CustomAttributeArgument of the value's own type; an array, its elements.
    private static IEnumerable<object?> Values(CustomAttributeArgument argument) => argument.Value switch
    {
        CustomAttributeArgument[] elements => elements.SelectMany(Values),
        CustomAttributeArgument boxed => Values(boxed),
        var value => [value],
    };

    private static object? Unboxed(CustomAttributeArgument argument) =>
        argument.Value is CustomAttributeArgument boxed ? Unboxed(boxed) : argument.Value;

    /// <summary>What nanoFramework refuses in a type, or null: a generic type, instance or parameter, or a multidimensional array.</summary>
    private static TypeReference? Refused(TypeReference? type) => type switch
    {
        null => null,
        GenericInstanceType or GenericParameter => type,
        ArrayType { IsVector: false } => type,
        TypeSpecification specification => Refused(specification.ElementType),
        // An uninstantiated generic type, as typeof(Action<>) names it: C# names every generic type with its arity after '`'.
        _ when type.HasGenericParameters || type.Name.Contains('`') => type,
        _ => null,
    };

    private static TypeReference? RefusedInSignature(MethodReference method) =>
        Refused(method.ReturnType) ?? method.Parameters.Select(parameter => Refused(parameter.ParameterType)).FirstOrDefault(refused => refused != null);

    private static string Finding(string location, string subject, TypeReference refused, string detail = "") =>
        $"{location}: error {Code}: {Describe(subject, refused, detail)}";

    private static string Describe(string subject, TypeReference refused, string detail = "") => refused switch
    {
        ArrayType => $"{subject} the multidimensional array '{refused.FullName}'{detail}; {MultidimensionalArrayAdvice}",
        GenericInstanceType => $"{subject} the generic instance '{refused.FullName}'{detail}; {GenericInstanceAdvice}",
        GenericParameter => $"{subject} the generic parameter '{refused.FullName}'{detail}; {GenericInstanceAdvice}",
        _ => $"{subject} the generic type '{refused.FullName}'{detail}; {GenericInstanceAdvice}",
    };

    private static VariableDefinition? StoredOrAddressed(MethodBody body, Instruction instruction)
    {
        OpCode code = instruction.OpCode;
        int shortForm = code == OpCodes.Stloc_0 ? 0 : code == OpCodes.Stloc_1 ? 1 : code == OpCodes.Stloc_2 ? 2 : code == OpCodes.Stloc_3 ? 3 : -1;
        if (shortForm >= 0)
        {
            return body.Variables[shortForm];
        }

        return code == OpCodes.Stloc_S || code == OpCodes.Stloc || code == OpCodes.Ldloca_S || code == OpCodes.Ldloca
            ? instruction.Operand as VariableDefinition
            : null;
    }

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
