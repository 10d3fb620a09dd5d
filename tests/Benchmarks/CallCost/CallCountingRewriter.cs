using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace HeartRateStreamer.Benchmarks.CallCost;

/// <summary>
/// Rewrites a copy of one of our assemblies so that it counts, as it runs, every entry into each of its methods and
/// every call it makes into the runtime's libraries (locks, maths, threading): the calls a nanoFramework interpreter
/// pays for one by one, where .NET's JIT inlines most of them away. The counts go to a <c>long[]</c> in a class added
/// to the assembly (<see cref="CounterTypeName"/>.<see cref="CounterFieldName"/>), one slot per name in
/// <see cref="Rewrite"/>'s result.
/// </summary>
public static class CallCountingRewriter
{
    /// <summary>The class added to each rewritten assembly.</summary>
    public const string CounterTypeName = "HeartRateStreamer.CallCounting.Counts";

    /// <summary>Its static field: the counts, to be set to an array of the names' length before the code runs.</summary>
    public const string CounterFieldName = "Slots";

    /// <summary>
    /// Writes the counting copy of <paramref name="sourcePath"/> to <paramref name="targetPath"/>; returns what each slot counts:
    /// "Namespace.Type::Method" for entries into our methods, "runtime Type::Method in Caller::Method" for calls into the libraries.
    /// </summary>
    public static IReadOnlyList<string> Rewrite(string sourcePath, string targetPath)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(sourcePath)!);
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(sourcePath, new ReaderParameters { AssemblyResolver = resolver });
        ModuleDefinition module = assembly.MainModule;

        var counts = new TypeDefinition("HeartRateStreamer.CallCounting", "Counts",
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class, module.TypeSystem.Object);
        var slots = new FieldDefinition(CounterFieldName, FieldAttributes.Public | FieldAttributes.Static, new ArrayType(module.TypeSystem.Int64));
        counts.Fields.Add(slots);
        MethodReference increment = module.ImportReference(typeof(Interlocked).GetMethod(nameof(Interlocked.Increment), [typeof(long).MakeByRefType()]));

        var names = new List<string>();
        var runtimeSlots = new Dictionary<string, int>();
        foreach (TypeDefinition type in module.GetTypes().ToArray())
        {
            foreach (MethodDefinition method in type.Methods.Where(method => method.HasBody))
            {
                // Long branch forms while instructions are added (a short branch may no longer reach), short ones after.
                method.Body.SimplifyMacros();
                ILProcessor il = method.Body.GetILProcessor();
                foreach (Instruction call in method.Body.Instructions.Where(IsRuntimeCall).ToArray())
                {
                    var target = (MethodReference)call.Operand;
                    string callee = "runtime " + target.DeclaringType.Name + "::" + target.Name + " in " + type.Name + "::" + method.Name;
                    if (!runtimeSlots.TryGetValue(callee, out int slot))
                    {
                        slot = names.Count;
                        runtimeSlots.Add(callee, slot);
                        names.Add(callee);
                    }

                    CountBefore(il, StartOfCall(call), slots, slot, increment);
                }

                names.Add(type.FullName + "::" + method.Name);
                CountBefore(il, method.Body.Instructions[0], slots, names.Count - 1, increment);
                method.Body.OptimizeMacros();
            }
        }

        module.Types.Add(counts);
        assembly.Write(targetPath);
        return names;
    }

    // A call into an assembly that is not ours: the runtime's libraries.
    private static bool IsRuntimeCall(Instruction instruction)
    {
        return (instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj)
            && instruction.Operand is MethodReference callee
            && callee.DeclaringType.Scope is AssemblyNameReference scope
            && !scope.Name.StartsWith("HeartRateStreamer", StringComparison.Ordinal)
            && !scope.Name.StartsWith("Iot.Device", StringComparison.Ordinal);
    }

    // A prefixed call (constrained., tail., readonly.) starts at its prefix, which must stay next to it.
    private static Instruction StartOfCall(Instruction call)
    {
        Instruction start = call;
        while (start.Previous != null && start.Previous.OpCode.OpCodeType == OpCodeType.Prefix)
        {
            start = start.Previous;
        }

        return start;
    }

    // Counts when the code reaches <paramref name="target"/>. The target instruction itself becomes the first of the
    // counting ones (and a copy of it follows them), so branches and exception handlers that led to it now count too.
    private static void CountBefore(ILProcessor il, Instruction target, FieldDefinition slots, int slot, MethodReference increment)
    {
        Instruction original = il.Create(OpCodes.Nop);
        original.OpCode = target.OpCode;
        original.Operand = target.Operand;
        target.OpCode = OpCodes.Ldsfld;
        target.Operand = slots;
        Instruction[] counting =
        [
            il.Create(OpCodes.Ldc_I4, slot),
            il.Create(OpCodes.Ldelema, slots.FieldType.GetElementType()),
            il.Create(OpCodes.Call, increment),
            il.Create(OpCodes.Pop),
            original,
        ];
        Instruction after = target;
        foreach (Instruction instruction in counting)
        {
            il.InsertAfter(after, instruction);
            after = instruction;
        }
    }
}
