namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Each user's <see cref="UserReplayBudget"/>, made on first use; one instance per server.</summary>
public sealed class UserReplayBudgets
{
    private readonly Dictionary<string, UserReplayBudget> _budgets = new(StringComparer.Ordinal);
    private readonly long _limit;

    public UserReplayBudgets(long limit)
    {
        _limit = limit;
    }

    public UserReplayBudget Of(string user)
    {
        lock (_budgets)
        {
            if (!_budgets.TryGetValue(user, out UserReplayBudget? budget))
            {
                budget = new UserReplayBudget(_limit);
                _budgets.Add(user, budget);
            }

            return budget;
        }
    }
}
