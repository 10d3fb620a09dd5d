namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Whether the write-behind saver may write a plot (<see cref="Plot.SaverAccess"/>). Only cluster mode holds one
/// back: there a new plot's row is made by /clientresp's plain INSERT (<see cref="IPlotCluster.StoreAsync"/>), which
/// takes a row already under its number for another plot's. The saver runs on its own clock; had it written the row
/// first, the INSERT would find it and refuse the plot as numbered twice.</summary>
public enum SaverAccess
{
    /// <summary>Saved as usual.</summary>
    Open,

    /// <summary>A new plot whose INSERT is under way: the saver keeps its changes marked and writes them once it is open.</summary>
    HeldForInsert,

    /// <summary>The store refused it (its number is another plot's there), or its owner deleted it: nothing of it is ever written.</summary>
    Dropped,
}
