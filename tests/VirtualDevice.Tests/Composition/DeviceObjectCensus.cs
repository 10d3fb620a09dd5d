using System.Reflection;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// The managed objects a device holds, counted by type: everything reachable from it through its fields, the board and
/// the sensor's simulation included, the stream server in the same process not (the device holds none of it). A board
/// left running has its small heap for good, so what this counts must settle, not grow with the faults it rides out.
/// </summary>
public static class DeviceObjectCensus
{
    /// <summary>Instances by type name (arrays as <c>Element[]</c>), and under <c>"[] elements"</c> the arrays' lengths summed.</summary>
    public static SortedDictionary<string, long> Count(object device)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance) { device };
        var queue = new Queue<object>([device]);
        while (queue.TryDequeue(out object? item))
        {
            Type type = item.GetType();
            string name = type.IsArray ? type.GetElementType()!.Name + "[]" : type.FullName ?? type.Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
            if (item is string)
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

            VisitFields(item);
        }

        return counts;

        // A struct's references (a HashSet's or a Dictionary's entries) are followed as the struct's owner's.
        void Visit(object? value)
        {
            if (value == null || IsOutside(value))
            {
                return;
            }

            if (value.GetType().IsValueType)
            {
                VisitFields(value);
            }
            else if (seen.Add(value))
            {
                queue.Enqueue(value);
            }
        }

        void VisitFields(object item)
        {
            for (Type? declaring = item.GetType(); declaring != null; declaring = declaring.BaseType)
            {
                foreach (FieldInfo field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!IsPlainValue(field.FieldType))
                    {
                        Visit(field.GetValue(item));
                    }
                }
            }
        }
    }

    // Numbers, enums and pointers hold no reference.
    private static bool IsPlainValue(Type type) => type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(decimal);

    // The test's own parts (its log of every line, its clock and threads), and the runtime's: sockets' internals (the
    // board's open sockets are counted by the board), threads, types and methods a delegate names.
    private static bool IsOutside(object value)
    {
        string space = value.GetType().Namespace ?? "";
        return value is SimulatedBoardRun or SimulatedTime or Thread or MemberInfo or Module or Assembly
            || space.StartsWith("System.Net", StringComparison.Ordinal) || space.StartsWith("System.Threading", StringComparison.Ordinal)
            || space.StartsWith("System.Reflection", StringComparison.Ordinal) || space.StartsWith("System.Runtime", StringComparison.Ordinal);
    }
}
