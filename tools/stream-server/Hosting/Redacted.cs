using System.Text.RegularExpressions;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>What a message may show of an address it was given that holds a password (--store, --urls, --public-url,
/// --cluster), read or not.</summary>
public static partial class Redacted
{
    /// <summary>
    /// <paramref name="address"/> with its passwords as '***': what stands between the first ':' after the scheme and the
    /// last '@' (a password may hold an '@'; a user before the ':' stays, as URLs write it), whatever the rest's form
    /// ("postgres:/u:PW@h" too), and the value of a password= (pwd=, psw=) setting (a query, or a key=value connection string).
    /// With <paramref name="userToo"/> all that stands before the '@' (Redis: redis-cli reads a lone NAME@ as a password).
    /// </summary>
    public static string Address(string address, bool userToo = false)
    {
        int at = address.LastIndexOf('@');
        if (at >= 0)
        {
            int scheme = address.IndexOf("://", StringComparison.Ordinal);
            int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
            int hidden = userToo ? start : address.IndexOf(':', start, at - start) + 1; // 0: no password before the '@'
            if (userToo || hidden > 0)
            {
                address = address[..hidden] + "***" + address[at..];
            }
        }

        return PasswordSetting().Replace(address, "${name}***");
    }

    // Npgsql's aliases too (Pwd, Psw), and a quoted value whole (Password="a;b").
    [GeneratedRegex(@"(?<name>\b(?:password|pwd|psw)\s*=\s*)(?:""[^""]*""?|'[^']*'?|[^;&\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();
}
