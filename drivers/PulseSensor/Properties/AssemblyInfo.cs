using System.Reflection;

[assembly: AssemblyTitle("Iot.Device.PulseSensor")]
[assembly: AssemblyDescription("Driver for an analog pulse sensor read through an ADC channel.")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyNativeVersion("0.0.0.0")]
