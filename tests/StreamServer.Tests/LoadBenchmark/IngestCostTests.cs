using HeartRateStreamer.StreamServer.LoadBenchmark;

namespace HeartRateStreamer.StreamServer.Tests.LoadBenchmark;

/// <summary>`--ingest-cost` measures the work of a stream the server takes, never a refusal: its token once fell
/// below StreamToken.MinLength and every round measured a 404 (3 ns and 26 B per object) without a word.</summary>
public sealed class IngestCostTests
{
    [Fact]
    public void ARunStreamsEveryObjectIntoThePlotAndIsAnsweredHealthy()
    {
        IngestCost.Run(objects: 2_000, rounds: 1); // throws when an answer is not a 200 with every object received
    }

    [Fact]
    public void ARefusedStreamStopsTheRunWithTheAnswerInsteadOfFigures()
    {
        const string refused = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 70\r\nConnection: close\r\n\r\n"
            + "{\"status\":404,\"message\":\"unknown token\",\"received\":0,\"dropped\":0,\"heartbeats\":0}";

        var refusal = Assert.Throws<InvalidOperationException>(() => IngestCost.ExpectHealthy(refused, 2_000));

        Assert.Contains("HTTP/1.1 404 Not Found", refusal.Message);
        Assert.Contains("0 of 2000 objects received", refusal.Message);
        Assert.Contains("no figures", refusal.Message);
    }

    [Fact]
    public void AHealthyAnswerThatLostObjectsIsRefusedToo()
    {
        const string partial = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
            + "{\"status\":200,\"message\":\"healthy endpoint disconnect\",\"received\":1999,\"dropped\":0,\"heartbeats\":0}";

        Assert.Throws<InvalidOperationException>(() => IngestCost.ExpectHealthy(partial, 2_000));
    }
}
