using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Collections.Generic;

namespace HeartRateStreamer.HotPath;

/// <summary>
/// Walks every method reachable from a set of entry points inside the given assemblies and reports each
/// instruction that allocates on nanoCLR's managed heap: newobj, newarr, box, calls into BCL members that
/// allocate (string building and formatting), and struct values, which nanoCLR keeps in heap blocks where .NET
/// keeps them on the stack (a struct constructed, or a local of a struct type, allocated when the method is
/// entered: nf-interpreter's Interpreter.cpp CEE_NEWOBJ and ExecutionEngine.cpp InitializeLocals). Code that only
/// runs on the way to a <c>throw</c> is an error path and may allocate (exception objects and their messages).
/// </summary>
public sealed class AllocationScanner
{
    // BCL members that allocate whenever they run; the device path must not call them.
    private static readonly string[] s_allocatingCalls =
    [
        "System.String System.String::Concat",
        "System.String System.String::Format",
        "System.String System.String::Substring",
        "System.String::Split",
        "::ToString(",
        "System.Linq.",
        "System.Collections.ArrayList::Add",
        "System.Collections.Hashtable::Add",
        "System.Collections.Hashtable::set_Item",
        "System.Delegate::Combine",
        "System.String::Trim",
        "System.String::Replace",
        "System.String::ToLower",
        "System.String::ToUpper",
        "System.String::Join",
        "System.String::ToCharArray",
        "System.Text.Encoding::GetBytes(System.String)",
        "System.Text.Encoding::GetString",
        "System.Text.StringBuilder::",
    ];

    // Struct types the device's paths may hold although nanoCLR puts them on the heap, each for a reason no code of ours
    // can remove: nanoFramework's I2C API takes only SpanByte views and returns an I2cTransferResult, so each transfer
    // costs a few small blocks; the MAX30102 driver makes two transfers per FIFO poll, never one per sample.
    private static readonly string[] s_structsTheApiImposes =
    [
        "System.SpanByte",
        "System.Device.I2c.I2cTransferResult",
    ];

    private readonly HashSet<string> _scannedAssemblies;
    private readonly List<AllocationFinding> _findings = [];
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<TypeDefinition> _allTypes;

    private readonly HashSet<string> _notSteadyState;

    /// <param name="assemblies">The assemblies whose IL is followed; calls into others are not (the BCL is judged by <see cref="s_allocatingCalls"/>).</param>
    /// <param name="notSteadyState">
    /// "Namespace.Type::Method" names that run once per connection or per failure, never per sample or frame;
    /// the walk does not enter them.
    /// </param>
    public AllocationScanner(IEnumerable<AssemblyDefinition> assemblies, params string[] notSteadyState)
    {
        _notSteadyState = notSteadyState.ToHashSet(StringComparer.Ordinal);
        AssemblyDefinition[] list = assemblies.ToArray();
        _scannedAssemblies = list.Select(assembly => assembly.Name.Name).ToHashSet(StringComparer.Ordinal);
        _allTypes = list.SelectMany(assembly => assembly.MainModule.GetTypes()).ToList();
    }

    /// <summary>Methods the walk reached (for the report and to prove the walk went somewhere).</summary>
    public IReadOnlyCollection<string> VisitedMethods => _visited;

    public IReadOnlyList<AllocationFinding> Scan(MethodDefinition entryPoint)
    {
        Visit(entryPoint, entryPoint.FullName);
        return _findings;
    }

    private void Visit(MethodDefinition method, string chain)
    {
        if (!method.HasBody || !_visited.Add(method.FullName))
        {
            return;
        }

        foreach (VariableDefinition local in method.Body.Variables.Where(local => IsHeapStruct(local.VariableType)))
        {
            _findings.Add(new AllocationFinding(method.FullName, -1, "local " + local.VariableType.FullName + " (a heap block on nanoCLR)", chain));
        }

        Collection<Instruction> instructions = method.Body.Instructions;
        HashSet<Instruction> blockStarts = BlockStarts(method.Body);
        for (int index = 0; index < instructions.Count; index++)
        {
            Instruction instruction = instructions[index];
            if (LeadsOnlyToThrow(instructions, index, blockStarts) || InExceptionHandler(method.Body, instruction))
            {
                continue;
            }

            OpCode opCode = instruction.OpCode;
            if ((opCode == OpCodes.Newobj && !ConstructsImposedStruct(instruction)) || opCode == OpCodes.Newarr || opCode == OpCodes.Box)
            {
                Report(method, instruction, chain);
            }
            else if (instruction.Operand is MethodReference callee && (opCode == OpCodes.Call || opCode == OpCodes.Callvirt))
            {
                string calleeName = callee.FullName;
                if (s_allocatingCalls.Any(calleeName.Contains))
                {
                    Report(method, instruction, chain);
                    continue;
                }

                foreach (MethodDefinition target in Targets(callee).Where(target => !_notSteadyState.Contains(target.DeclaringType.FullName + "::" + target.Name)))
                {
                    Visit(target, chain + " → " + target.DeclaringType.Name + "." + target.Name);
                }
            }
        }
    }

    private void Report(MethodDefinition method, Instruction instruction, string chain) =>
        _findings.Add(new AllocationFinding(method.FullName, instruction.Offset, instruction.ToString(), chain));

    // The method bodies a call may run: the callee itself when it is ours, plus every override or interface
    // implementation in the scanned assemblies when the call is virtual.
    private IEnumerable<MethodDefinition> Targets(MethodReference callee)
    {
        if (!_scannedAssemblies.Contains(callee.DeclaringType.Scope is ModuleDefinition module ? module.Assembly.Name.Name : callee.DeclaringType.Scope.Name))
        {
            yield break;
        }

        MethodDefinition? definition = callee.Resolve();
        if (definition == null)
        {
            yield break;
        }

        yield return definition;
        if (!definition.IsVirtual && !definition.IsAbstract)
        {
            yield break;
        }

        foreach (TypeDefinition type in _allTypes)
        {
            foreach (MethodDefinition candidate in type.Methods)
            {
                if (candidate.FullName != definition.FullName && candidate.Name == definition.Name && Implements(candidate, definition))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static bool Implements(MethodDefinition candidate, MethodDefinition baseMethod)
    {
        if (candidate.Parameters.Count != baseMethod.Parameters.Count)
        {
            return false;
        }

        TypeDefinition declaring = baseMethod.DeclaringType;
        for (TypeDefinition? type = candidate.DeclaringType; type != null; type = type.BaseType?.Resolve())
        {
            // Compared by name: one assembly may be loaded twice, once directly and once through a reference.
            if (type.FullName == declaring.FullName || type.Interfaces.Any(implemented => implemented.InterfaceType.FullName == declaring.FullName))
            {
                return true;
            }
        }

        return false;
    }

    // True when straight-line execution from this instruction reaches a throw before any branch, return or block start.
    private static bool LeadsOnlyToThrow(Collection<Instruction> instructions, int index, HashSet<Instruction> blockStarts)
    {
        for (int next = index; next < instructions.Count; next++)
        {
            Instruction instruction = instructions[next];
            if (next > index && blockStarts.Contains(instruction))
            {
                return false;
            }

            FlowControl flow = instruction.OpCode.FlowControl;
            if (flow == FlowControl.Throw)
            {
                return true;
            }

            if (flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return)
            {
                return false;
            }
        }

        return false;
    }

    // newobj of a struct allocates on nanoCLR like any other, unless the struct is one the API imposes.
    private static bool ConstructsImposedStruct(Instruction instruction) =>
        instruction.Operand is MethodReference constructor && s_structsTheApiImposes.Contains(constructor.DeclaringType.FullName);

    // A struct that is not a number, a bool, a char or an enum (those live in the evaluation stack's own slots).
    private static bool IsHeapStruct(TypeReference type) =>
        type.IsValueType && !type.IsPrimitive && type.Resolve()?.IsEnum != true && !s_structsTheApiImposes.Contains(type.FullName);

    // Catch and filter blocks run only after something failed.
    private static bool InExceptionHandler(MethodBody body, Instruction instruction) =>
        body.ExceptionHandlers.Any(handler =>
            handler.HandlerType is ExceptionHandlerType.Catch or ExceptionHandlerType.Filter
            && instruction.Offset >= handler.HandlerStart.Offset
            && (handler.HandlerEnd == null || instruction.Offset < handler.HandlerEnd.Offset));

    private static HashSet<Instruction> BlockStarts(MethodBody body)
    {
        var starts = new HashSet<Instruction>();
        foreach (Instruction instruction in body.Instructions)
        {
            switch (instruction.Operand)
            {
                case Instruction target:
                    starts.Add(target);
                    break;
                case Instruction[] targets:
                    starts.UnionWith(targets);
                    break;
            }
        }

        foreach (ExceptionHandler handler in body.ExceptionHandlers)
        {
            starts.Add(handler.HandlerStart);
            starts.Add(handler.TryStart);
        }

        return starts;
    }
}
