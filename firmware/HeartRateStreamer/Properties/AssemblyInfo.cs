using System.Reflection;

[assembly: AssemblyTitle("HeartRateStreamer")]
[assembly: AssemblyDescription("ESP32 heart-rate monitor that streams pulse, heart rate and SpO2 with the Plotly streaming protocol.")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
