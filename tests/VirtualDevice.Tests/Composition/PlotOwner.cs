using System.Net.Http.Headers;
using System.Text;
using HeartRateStreamer.StreamServer.Hosting;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>What the owner of the device's plot (the demo account a test device streams with) does to it from a browser.</summary>
public static class PlotOwner
{
    /// <summary>Deletes the plot at <paramref name="plotUrl"/> as its owner, whose key is <paramref name="key"/>: the server answers 200.</summary>
    public static async Task DeleteAsync(string plotUrl, string key)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var delete = new HttpRequestMessage(HttpMethod.Delete, plotUrl);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{StreamServerHost.DemoUser}:{key}")));
        using HttpResponseMessage answer = await http.SendAsync(delete);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
    }
}
