namespace HeartRateStreamer.HotPath;

/// <summary>One allocating instruction on a hot path, and the chain of calls that reaches it.</summary>
public sealed record AllocationFinding(string Method, int Offset, string Instruction, string CallChain)
{
    public override string ToString() => $"{Method} IL_{Offset:x4}: {Instruction}   (reached via {CallChain})";
}
