namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>How the loopback server treats one connection.</summary>
/// <param name="AnswerStatus">Answer this status right after the head (0: read the body until it ends, then answer 200).</param>
/// <param name="CloseAfterBodyBytes">Read this many body bytes, then drop the connection without a word (-1: never).</param>
public sealed record ServerBehavior(int AnswerStatus, int CloseAfterBodyBytes)
{
    /// <summary>Reads the whole body strictly and answers 200 when it ends.</summary>
    public static ServerBehavior Accept { get; } = new(0, -1);

    /// <summary>Answers <paramref name="status"/> as soon as the head has arrived, then closes.</summary>
    public static ServerBehavior AnswerAfterHead(int status) => new(status, -1);

    /// <summary>Drops the connection after <paramref name="bytes"/> bytes of body, in the middle of a chunk.</summary>
    public static ServerBehavior CloseMidChunk(int bytes) => new(0, bytes);
}
