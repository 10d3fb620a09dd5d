using Microsoft.Playwright;

namespace HeartRateStreamer.BrowserTesting;

/// <summary>
/// What the browser tests saw, for a person to look at: each test saves its pages at its end as PNGs in
/// artifacts/screenshots/ of the checkout (where the build puts everything it makes), overwritten by the next run.
/// </summary>
public static class Screenshots
{
    /// <summary>The folder: artifacts/screenshots beside the build output this test runs from.</summary>
    public static string Directory
    {
        get
        {
            // The tests run from artifacts/bin/PROJECT/CONFIGURATION/ (UseArtifactsOutput in Directory.Build.props).
            for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (folder.Name == "artifacts")
                {
                    return Path.Combine(folder.FullName, "screenshots");
                }
            }

            return Path.Combine(AppContext.BaseDirectory, "screenshots");
        }
    }

    /// <summary>Saves what <paramref name="page"/> shows as NAME.png; returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        string path = Path.Combine(Directory, name + ".png");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}
