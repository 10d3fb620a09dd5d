namespace HeartRateStreamer.StreamServer.Values;

/// <summary>The rules for a dotted attribute path ("title.text"), a relayout or restyle key, the same
/// for streams and owners: non-empty parts, at most <see cref="ValueLimits.MaxPathParts"/> of them,
/// and never a part that reaches JavaScript's object machinery in the viewers' browsers.</summary>
public static class AttributePath
{
    private static readonly HashSet<string> s_forbiddenParts = new(StringComparer.Ordinal) { "__proto__", "constructor", "prototype" };

    /// <summary>True for an object key that must appear nowhere in a value: setting it in a browser
    /// (viewer.js, plotly.js) would change every object's prototype.</summary>
    public static bool IsForbiddenKey(string key) => s_forbiddenParts.Contains(key);

    /// <summary>Null when <paramref name="path"/> is a usable path, else what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        if (path.Length is 0 or > ValueLimits.MaxPathLength)
        {
            return $"'{Shown(path)}' is not an attribute path like \"title.text\": it must have 1 to {ValueLimits.MaxPathLength} characters";
        }

        string[] parts = path.Split('.');
        if (parts.Length > ValueLimits.MaxPathParts)
        {
            return $"'{Shown(path)}' has {parts.Length} parts; an attribute path has at most {ValueLimits.MaxPathParts}";
        }

        if (parts.Any(string.IsNullOrEmpty))
        {
            return $"'{Shown(path)}' is not an attribute path like \"title.text\": it has an empty part";
        }

        return parts.FirstOrDefault(IsForbiddenKey) is string forbidden
            ? $"'{Shown(path)}' contains '{forbidden}', which is not allowed in a path (it would change every object in the viewers' browsers)"
            : null;
    }

    /// <summary>A key or path as quoted in an error message or log line: short, control characters
    /// (ESC, CR, LF) replaced, whatever was sent.</summary>
    public static string Shown(string text)
    {
        string shown = text.Length <= 60 ? text : text[..60] + "…";
        return string.Create(shown.Length, shown, (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
