using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Writes test output to the console; the host bridge attaches it to the test case that wrote it.</summary>
    public static class OutputHelper
    {
        public static void Write(string message) => Console.Write(message);

        public static void WriteLine(string message) => Console.WriteLine(message);
    }
}
