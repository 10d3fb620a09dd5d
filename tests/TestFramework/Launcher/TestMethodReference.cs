using System;
using System.Reflection;

namespace nanoFramework.TestFramework.Launcher
{
    /// <summary>
    /// What the launcher remembers about a test, setup or cleanup method instead of its <see cref="MethodInfo"/>:
    /// its name, its position in <c>Type.GetMethods()</c>, whether it is static and its parameter types (by name).
    /// On the nanoFramework interpreter a MethodInfo kept across garbage collections can answer
    /// <c>GetParameters()</c> with another method's parameters or crash the interpreter (reference/nanoframework-api.md
    /// §12), and a test run collects garbage between every two tests. So everything is read once, right after
    /// <c>GetMethods()</c>, and <see cref="Find"/> asks for a fresh MethodInfo right before each invocation.
    /// </summary>
    public sealed class TestMethodReference
    {
        private readonly string[] _parameterTypeNames;

        /// <summary>Reads what the launcher needs from <paramref name="method"/> at once; the MethodInfo is not kept.</summary>
        public TestMethodReference(Type declaringType, MethodInfo method, int index)
        {
            DeclaringType = declaringType;
            Name = method.Name;
            Index = index;
            IsStatic = method.IsStatic;
            _parameterTypeNames = ReadParameterTypeNames(method);
        }

        public Type DeclaringType { get; }

        public string Name { get; }

        /// <summary>The method's position in <c>DeclaringType.GetMethods()</c> (metadata order, stable on the interpreter).</summary>
        public int Index { get; }

        public bool IsStatic { get; }

        public int ParameterCount => _parameterTypeNames.Length;

        /// <summary>The full name of the parameter type at <paramref name="position"/>, as read when the plan was made.</summary>
        public string ParameterTypeName(int position) => _parameterTypeNames[position];

        /// <summary>
        /// A fresh MethodInfo for this method, to be invoked at once and not kept: the one at <see cref="Index"/> if its
        /// name and parameter types still match, else the first that matches (an overload moved); null if none does.
        /// </summary>
        public MethodInfo? Find()
        {
            MethodInfo[] methods = DeclaringType.GetMethods();
            if (Index < methods.Length && Matches(methods[Index]))
            {
                return methods[Index];
            }

            for (int i = 0; i < methods.Length; i++)
            {
                if (Matches(methods[i]))
                {
                    return methods[i];
                }
            }

            return null;
        }

        private static string[] ReadParameterTypeNames(MethodInfo method)
        {
            ParameterInfo[] parameters = method.GetParameters();
            string[] names = new string[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                names[i] = parameters[i].ParameterType.FullName ?? parameters[i].ParameterType.Name;
            }

            return names;
        }

        private bool Matches(MethodInfo method)
        {
            if (method.Name != Name || method.DeclaringType != DeclaringType)
            {
                return false;
            }

            string[] parameterTypeNames = ReadParameterTypeNames(method);
            if (parameterTypeNames.Length != _parameterTypeNames.Length)
            {
                return false;
            }

            for (int i = 0; i < parameterTypeNames.Length; i++)
            {
                if (parameterTypeNames[i] != _parameterTypeNames[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
