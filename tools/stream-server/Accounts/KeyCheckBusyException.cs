namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>A key that could not be checked: every slot of <see cref="KeyDerivations"/> stayed taken for its wait. The
/// request is answered 503 with Retry-After (<see cref="KeyGuessLimitMiddleware"/>); its key was neither right nor wrong.</summary>
public sealed class KeyCheckBusyException(int capacity)
    : Exception($"the server is busy checking other keys ({capacity} at once, the most it takes); this key was not checked: send the request again in a second");
