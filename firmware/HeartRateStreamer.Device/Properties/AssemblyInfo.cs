using System.Reflection;

[assembly: AssemblyTitle("HeartRateStreamer.Device")]
[assembly: AssemblyDescription("The heart-rate streamer's composition: start-up, sensor, estimator, streams, loops and supervision, on any platform.")]
[assembly: AssemblyProduct("HeartRateStreamer")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyNativeVersion("0.0.0.0")]
