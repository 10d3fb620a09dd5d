using System.Text;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HeartRateStreamer.StreamServer.Tests.Hosting;

/// <summary>Issue 13: "`--user NAME:KEY` shows in the process list". Keys can come from a file or the environment instead.</summary>
public sealed class UserKeySourceTests
{
    private const string Key = "file-key-0123456789";

    [Fact]
    public async Task AUsersFileKeepsTheKeyOutOfTheProcessList()
    {
        string data = TestServer.NewDataDirectory();
        string users = Path.Combine(data, "users");
        await File.WriteAllTextAsync(users, $"# stream server users\ncarol:{Key}\n\n");
        await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--users-file", users]);
        try
        {
            string commandLine = (await File.ReadAllTextAsync($"/proc/{server.Pid}/cmdline")).Replace('\0', ' ');
            Assert.Contains("--users-file", commandLine);
            Assert.DoesNotContain(Key, commandLine);

            using var http = new HttpClient { BaseAddress = server.BaseUrl };
            string form = $$"""un=carol&key={{Key}}&args=[{"y":[]}]&kwargs={"filename":"from a file"}""";
            string reply = await (await http.PostAsync("/clientresp", new ByteArrayContent(Encoding.UTF8.GetBytes(form)))).Content.ReadAsStringAsync();
            Assert.Contains("\"error\":\"\"", reply);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AKeyThatPlotlysUnencodingClientsWouldChangeIsWarnedAboutWithoutShowingIt()
    {
        // Accepted (a client that URL-encodes logs in with it), but Plotly's npm and Arduino clients send the key raw.
        const string Changed = "ampersand&key-0123456789";
        string data = TestServer.NewDataDirectory();
        await using ServerProcess server = await ServerProcess.StartAsync(["--data", data, "--user", $"frank:{Changed}", "--user", $"grace:{Key}"]);
        try
        {
            string output = server.Output;
            Assert.Contains("The key of user 'frank' holds '&', which ends the form field when a client sends it unencoded, as Plotly's npm and Arduino clients do", output);
            Assert.Contains("Give that user a key from `openssl rand -hex 10`", output);
            Assert.DoesNotContain("'grace'", output);
            Assert.DoesNotContain(Changed, output);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("ampersand&key-0123456789", "holds '&', which ends the form field")]
    [InlineData("percent%41key-0123456789", "holds '%' and two hex digits, which read as one URL-encoded character")]
    [InlineData("[bracket-key-0123456789", "starts with '[', which reads as the start of a JSON value")]
    [InlineData("{brace-key-0123456789", "starts with '{', which reads as the start of a JSON value")]
    [InlineData("percent%zzkey-0123456789", null)]
    [InlineData("plus+and~tilde-0123456789", null)]
    [InlineData("a1b2c3d4e5f6a7b8c9d0", null)]
    public void KeysThatArriveChangedFromAnUnencodingClientAreNamed(string key, string? problem)
    {
        Assert.Equal(problem, ApiKey.UnencodedFormProblem(key));
    }

    [Fact]
    public void TheEnvironmentVariableGivesUsersToo()
    {
        StreamServerOptions options = StreamServerCommand.Parse([], Environment((StreamServerCommand.UsersVariable, $"dave:{Key}  erin:{Key}-2\n")))!;

        Assert.Equal(Key, options.Users["dave"]);
        Assert.Equal(Key + "-2", options.Users["erin"]);
    }

    [Fact]
    public void AMalformedEntryIsReportedWithoutItsContent()
    {
        // The environment's problem, said alone (no usage) with how the variable is written.
        StartupException refused = Assert.Throws<StartupException>(() => StreamServerCommand.Parse([], Environment((StreamServerCommand.UsersVariable, "secret-key-without-a-name"))));

        Assert.Equal($"A user entry in {StreamServerCommand.UsersVariable} is not NAME:KEY: write NAME:KEY entries separated by spaces.", refused.Message);
        Assert.DoesNotContain("secret-key", refused.Message);
    }

    // The environment as ASP.NET Core configuration sees it: one key per variable.
    private static IConfiguration Environment(params (string Name, string Value)[] variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(variables.Select(variable => KeyValuePair.Create(variable.Name, (string?)variable.Value))).Build();
}
