using System.Text.RegularExpressions;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>What a message may show of an address it was given that holds a password (--store, --urls, --public-url), read or not.</summary>
public static partial class Redacted
{
    /// <summary>
    /// <paramref name="address"/> with its passwords as '***': what stands between the first ':' after the scheme and the
    /// last '@' (a password may hold an '@'; a user before the ':' stays, as URLs write it), whatever the rest's form
    /// ("postgres:/u:PW@h" too), and the value of a password= (pwd=, psw=) setting (a query, or a key=value connection string).
    /// </summary>
    public static string Address(string address)
    {
        int at = address.LastIndexOf('@');
        int scheme = address.IndexOf("://", StringComparison.Ordinal);
        int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        int colon = at < 0 ? -1 : address.IndexOf(':', start, at - start);
        string shown = colon < 0 ? address : address[..(colon + 1)] + "***" + address[at..];
        return PasswordSetting().Replace(shown, "${name}***");
    }

    // Npgsql's aliases too (Pwd, Psw), and a quoted value whole (Password="a;b").
    [GeneratedRegex(@"(?<name>\b(?:password|pwd|psw)\s*=\s*)(?:""[^""]*""?|'[^']*'?|[^;&\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();
}
