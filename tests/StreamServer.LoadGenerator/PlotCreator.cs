using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>Makes each device's plot once, as the firmware does at start-up (POST /clientresp with the
/// token in its trace), and remembers its share link in a file the next steps reuse, so a step of
/// 10,000 streams does not wait for 10,000 plot creations again.</summary>
public static class PlotCreator
{
    public static string Token(int index) => $"load-stream-{index:D5}"; // at least the server's 10 characters

    /// <summary>A cluster's other nodes learn of a new plot from a Redis notice and a PostgreSQL read
    /// (tools/stream-server/Cluster/README.md, "Tokens and plots"); until then a device there gets 404. A second is
    /// far more than those two round trips on loopback.</summary>
    private static readonly TimeSpan s_clusterCatchUp = TimeSpan.FromSeconds(1);

    /// <summary>The plot path (share link) of devices 0..count-1, made on <paramref name="port"/>; with
    /// <paramref name="otherNodes"/>, devices go to other nodes of a cluster too, so they are given time to learn of new plots.</summary>
    public static async Task<string[]> EnsureAsync(int port, bool otherNodes, int count, string user, string key, string file, CancellationToken cancellationToken)
    {
        var known = File.Exists(file)
            ? File.ReadLines(file).Select(line => line.Split(' ')).ToDictionary(parts => parts[0], parts => parts[1])
            : new Dictionary<string, string>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        string[] paths = new string[count];
        var missing = Enumerable.Range(0, count).Where(i => !known.ContainsKey(Token(i))).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            string form = $"platform=load&un={user}&key={key}&args=[{{\"x\":[],\"y\":[],\"stream\":{{\"token\":\"{Token(i)}\",\"maxpoints\":500}}}}]"
                + $"&kwargs={{\"filename\":\"load {i}\",\"fileopt\":\"overwrite\"}}";
            using HttpResponseMessage created = await http.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)), ct);
            JsonObject reply = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
            string url = (string?)reply["url"] ?? "";
            paths[i] = url.Length > 0 ? new Uri(url).AbsolutePath : throw new InvalidOperationException($"plot {i} was not created: {reply["error"]}");
        });

        File.AppendAllLines(file, missing.Select(i => $"{Token(i)} {paths[i]}"));
        if (otherNodes && missing.Count > 0)
        {
            await Task.Delay(s_clusterCatchUp, cancellationToken);
        }

        for (int i = 0; i < count; i++)
        {
            paths[i] ??= known[Token(i)];
        }

        return paths;
    }
}
