namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>An overwrite of a new plot whose row the cluster is still inserting (<see cref="SaverAccess.HeldForInsert"/>:
/// an earlier /clientresp answered 503 at its deadline while the database was slow, and its insert goes on). Replacing it
/// now would write the row first, and the earlier insert would then find its number taken and drop the plot, with what
/// had streamed into it; the message says to try again.</summary>
public sealed class PlotStillStoringException(string message) : Exception(message);
