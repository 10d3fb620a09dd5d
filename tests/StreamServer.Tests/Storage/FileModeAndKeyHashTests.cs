using System.Text;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Issue 13, item 7 (storage): the data folder is 0700 and the database files 0600; keys are stored as
/// hashes, and the plain keys of an older database are hashed (and overwritten in the file) at start-up.</summary>
public sealed class FileModeAndKeyHashTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _parent = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Fact]
    public async Task TheDataFolderIsMade0700AndTheDatabaseFiles0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        string data = Path.Combine(_parent, "new-folder");
        await using TestServer server = await TestServer.StartAsync(dataDirectory: data);
        await server.CreatePlotAsync("modes-stream-token");

        Assert.Equal(Folder, File.GetUnixFileMode(data));
        foreach (string file in Directory.GetFiles(data, StreamServerHost.DatabaseFileName + "*"))
        {
            Assert.Equal(PrivateFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task AnExistingWorldReadableFolderAndDatabaseAreMadePrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        await (await TestServer.StartAsync(dataDirectory: _parent)).DisposeAsync();
        const UnixFileMode Everyone = UnixFileMode.OtherRead | UnixFileMode.GroupRead;
        File.SetUnixFileMode(_parent, Folder | Everyone | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        File.SetUnixFileMode(StoredDatabase.PathIn(_parent), PrivateFile | Everyone);

        await using TestServer server = await TestServer.StartAsync(dataDirectory: _parent);
        Assert.Equal(Folder, File.GetUnixFileMode(_parent));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(StoredDatabase.PathIn(_parent)));
    }

    [Fact]
    public async Task KeysAreStoredAsHashesOnly()
    {
        await using (TestServer server = await TestServer.StartAsync(dataDirectory: _parent))
        {
            await server.CreatePlotAsync("hashed-stream-token");
        }

        string stored = (string)StoredDatabase.Scalar(_parent, $"SELECT key_hash FROM users WHERE name = '{TestServer.Alice}'")!;
        Assert.StartsWith(ApiKeyHash.Scheme + "$", stored, StringComparison.Ordinal);
        Assert.True(ApiKeyHash.Verify(stored, TestServer.AliceKey));
        Assert.False(ApiKeyHash.Verify(stored, TestServer.BobKey));
        AssertNoFileContains(_parent, TestServer.AliceKey);
    }

    [Fact]
    public async Task PlainKeysOfAnOlderDatabaseAreHashedAtStartUpAndStillLogIn()
    {
        const string OldKey = "old-plain-key-123456";
        // The schema of the server before key hashing and plot versions.
        StoredDatabase.Execute(_parent, $$$"""
            CREATE TABLE users (name TEXT PRIMARY KEY, api_key TEXT NOT NULL);
            CREATE TABLE plots (owner TEXT NOT NULL, number INTEGER NOT NULL, filename TEXT NOT NULL, data_json TEXT NOT NULL, layout_json TEXT NOT NULL, PRIMARY KEY (owner, number));
            INSERT INTO users VALUES ('carol', '{{{OldKey}}}');
            INSERT INTO plots VALUES ('carol', 0, 'old plot', '[{"x":[1,2,3],"y":[4,5,6],"stream":{"token":"oldtoken-stream-token","maxpoints":50}}]', '{}');
            """);

        await using (TestServer server = await TestServer.StartAsync(o => o.Users.Clear(), _parent))
        {
            Assert.Equal([1, 2, 3], (await server.FirstTraceAsync("/~carol/0", "carol", OldKey))["x"]!.AsArray().Select(x => (int)x!));
            await server.CreatePlotAsync("newtoken-stream-token", "new plot", user: "carol", key: OldKey);
            Assert.Equal(401, (int)(await server.Http.PostAsync("/clientresp", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["un"] = "carol", ["key"] = "wrong-key-123456789", ["args"] = "[{\"x\":[1],\"y\":[1]}]", ["kwargs"] = "{\"filename\":\"f\"}",
            }))).StatusCode);
        }

        Assert.StartsWith(ApiKeyHash.Scheme + "$", (string)StoredDatabase.Scalar(_parent, "SELECT key_hash FROM users WHERE name = 'carol'")!, StringComparison.Ordinal);
        AssertNoFileContains(_parent, OldKey);
    }

    private static void AssertNoFileContains(string folder, string key)
    {
        byte[] needle = Encoding.UTF8.GetBytes(key);
        foreach (string file in Directory.GetFiles(folder))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} holds the key in plain text");
        }
    }
}
