namespace HeartRateStreamer.Device.Startup
{
    /// <summary>Called on the job's own thread when a <see cref="PlotCreation"/> has an answer or a failure.</summary>
    public delegate void PlotCreationDoneHandler(PlotCreation creation);
}
