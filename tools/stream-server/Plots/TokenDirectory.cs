using HeartRateStreamer.StreamServer.Accounts;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Stream tokens to their bindings, keyed by digest (<see cref="StreamToken.Digest"/>) and
/// confirmed with a constant-time compare. Callers serialize changes (PlotRegistry's lock);
/// lookups from ingest connections take a lock of their own.</summary>
public sealed class TokenDirectory
{
    private readonly Dictionary<string, StreamBinding> _bindings = new(StringComparer.Ordinal);
    private readonly int _throttleMilliseconds;

    public TokenDirectory(int throttleMilliseconds)
    {
        _throttleMilliseconds = throttleMilliseconds;
    }

    public StreamBinding? Find(string token)
    {
        string digest = StreamToken.Digest(token);
        lock (_bindings)
        {
            return _bindings.TryGetValue(digest, out StreamBinding? binding) && ApiKey.FixedTimeEquals(binding.Token, token) ? binding : null;
        }
    }

    /// <summary>The binding of the token with this digest (cluster mode: another node names a token by its digest only).</summary>
    public StreamBinding? FindByDigest(string digest)
    {
        lock (_bindings)
        {
            return _bindings.GetValueOrDefault(digest);
        }
    }

    public StreamBinding GetOrAdd(string token)
    {
        string digest = StreamToken.Digest(token);
        lock (_bindings)
        {
            if (!_bindings.TryGetValue(digest, out StreamBinding? binding))
            {
                binding = new StreamBinding(token, _throttleMilliseconds);
                _bindings.Add(digest, binding);
            }

            return binding;
        }
    }

    /// <summary>The token feeds nothing from now on, and is forgotten (a client that makes new tokens for every run would
    /// otherwise grow this directory for good). A connection still streaming with it is answered 403 at its next object.</summary>
    public void Unbind(StreamBinding binding)
    {
        lock (_bindings)
        {
            binding.Target = null;
            string digest = StreamToken.Digest(binding.Token);
            if (_bindings.GetValueOrDefault(digest) == binding)
            {
                _bindings.Remove(digest);
            }
        }
    }

    /// <summary>How many tokens are known.</summary>
    public int Count
    {
        get
        {
            lock (_bindings)
            {
                return _bindings.Count;
            }
        }
    }

    public IReadOnlyList<StreamBinding> BindingsOf(Plot plot)
    {
        lock (_bindings)
        {
            // Target is read once per binding: an overwrite may clear it at any moment.
            return _bindings.Values.Select(binding => (Binding: binding, Target: binding.Target))
                .Where(entry => entry.Target?.Plot == plot)
                .OrderBy(entry => entry.Target!.TraceIndices[0])
                .Select(entry => entry.Binding)
                .ToList();
        }
    }
}
