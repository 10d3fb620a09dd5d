using System.Reflection;

[assembly: AssemblyTitle("HeartRateStreamer.Simulation")]
[assembly: AssemblyDescription("Test doubles that behave like the real parts: synthetic PPG, a register-level MAX30102, a manual clock.")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyNativeVersion("0.0.0.0")]
