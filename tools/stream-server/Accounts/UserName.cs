namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>User names appear in plot URLs (/~USER/N), so they are limited to URL-safe characters.</summary>
public static class UserName
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    public static void Validate(string name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"User name '{name}' must be 1 to {MaxLength} letters, digits, '-', '_' or '.'.");
        }
    }
}
