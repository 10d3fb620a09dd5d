using System.Reflection;

// The nanoFramework unit-test launcher loads the test assembly by the name "NFUnitTest".
[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Unit tests of HeartRateStreamer core and drivers, nanoFramework.TestFramework style.")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
