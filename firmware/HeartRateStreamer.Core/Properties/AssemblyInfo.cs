using System.Reflection;

[assembly: AssemblyTitle("HeartRateStreamer.Core")]
[assembly: AssemblyDescription("Ports, sampling, signal processing and the Plotly stream protocol, shared by the ESP32 firmware and the PC tools.")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyNativeVersion("0.0.0.0")]
