namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>Waits for a condition that real I/O will make true, with a generous bound; never a
/// fixed sleep standing in for an assertion.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
