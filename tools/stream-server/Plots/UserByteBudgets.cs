namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Each user's <see cref="UserByteBudget"/> of one kind, made on first use.</summary>
public sealed class UserByteBudgets
{
    private readonly Dictionary<string, UserByteBudget> _budgets = new(StringComparer.Ordinal);
    private readonly long _limit;

    public UserByteBudgets(long limit)
    {
        _limit = limit;
    }

    public UserByteBudget Of(string user)
    {
        lock (_budgets)
        {
            if (!_budgets.TryGetValue(user, out UserByteBudget? budget))
            {
                budget = new UserByteBudget(_limit);
                _budgets.Add(user, budget);
            }

            return budget;
        }
    }
}
