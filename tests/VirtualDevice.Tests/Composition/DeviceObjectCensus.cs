using System.Reflection;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The managed objects a device holds, counted by type: everything reachable from it through its fields, the board and
/// the sensor's simulation included, the stream server in the same process not (the device holds none of it). Static
/// fields are not walked: every test in the process shares them (xUnit runs test classes side by side), so another
/// test's first use of a cache would read as this device's growth. The runtime's objects it reaches (sockets,
/// TLS streams, tasks, cancellation sources, timers, threads) are counted but not followed: a connect that left one
/// behind shows, their internals do not. A board left running has its small heap for good, so what this counts must
/// settle, not grow with the faults it rides out.
/// </summary>
public static class DeviceObjectCensus
{
    /// <summary>Instances by type name (arrays as <c>Element[]</c>), and under <c>"[] elements"</c> the arrays' lengths summed.</summary>
    public static SortedDictionary<string, long> Count(object device)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<object>();
        Visit(device);
        while (queue.TryDequeue(out object? item))
        {
            Type type = item.GetType();
            if (item is string || IsOutside(item))
            {
                continue;
            }

            if (item is Array array)
            {
                counts["[] elements"] = counts.GetValueOrDefault("[] elements") + array.Length;
                if (!IsPlainValue(type.GetElementType()!))
                {
                    foreach (object? element in array)
                    {
                        Visit(element);
                    }
                }

                continue;
            }

            VisitFields(type, item);
        }

        return counts;

        // Each object counted once; a struct is no object of its own: its references (a HashSet's or a Dictionary's
        // entries, a CancellationToken's source) are followed as its owner's.
        void Visit(object? value)
        {
            if (value == null)
            {
                return;
            }

            Type type = value.GetType();
            if (type.IsValueType)
            {
                VisitFields(type, value);
            }
            else if (seen.Add(value))
            {
                string name = type.IsArray ? type.GetElementType()!.Name + "[]" : type.FullName ?? type.Name;
                counts[name] = counts.GetValueOrDefault(name) + 1;
                queue.Enqueue(value);
            }
        }

        void VisitFields(Type type, object item)
        {
            for (Type? declaring = type; declaring != null; declaring = declaring.BaseType)
            {
                foreach (FieldInfo field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsLiteral && !IsPlainValue(field.FieldType))
                    {
                        Visit(field.GetValue(item));
                    }
                }
            }
        }
    }

    // Numbers, enums and pointers hold no reference.
    private static bool IsPlainValue(Type type) => type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(decimal);

    // Counted, not followed: the test's own parts (its log of every line, its clock and threads), the runtime's
    // objects, whose internals (a socket's buffers, a task's continuations, a type's caches) are not the device's.
    private static bool IsOutside(object value)
    {
        if (value is Array)
        {
            return false;
        }

        string space = value.GetType().Namespace ?? "";
        return value is SimulatedBoardRun or SimulatedTime or Thread or MemberInfo or Module or Assembly
            || space.StartsWith("System.Net", StringComparison.Ordinal) || space.StartsWith("System.Threading", StringComparison.Ordinal)
            || space.StartsWith("System.Reflection", StringComparison.Ordinal) || space.StartsWith("System.Runtime", StringComparison.Ordinal);
    }
}
