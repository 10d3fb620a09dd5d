namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Plotly's kwargs.fileopt values that this server supports.</summary>
public enum FileOption
{
    /// <summary>Always a new plot; a taken filename gets a " (n)" suffix.</summary>
    New,

    /// <summary>Replace the user's plot of the same filename (same URL), or create it.</summary>
    Overwrite,
}
