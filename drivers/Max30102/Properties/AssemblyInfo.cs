using System.Reflection;

[assembly: AssemblyTitle("Iot.Device.Max30102")]
[assembly: AssemblyDescription("Driver for the Maxim MAX30102 pulse oximeter and heart-rate sensor (I2C).")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyNativeVersion("0.0.0.0")]
