using HeartRateStreamer.StreamServer.Hosting;

// The command line: parse, start, print where everything is, run until Ctrl+C / SIGTERM.
// Exit codes: Hosting/ExitCodes.cs; every start-up failure is one line on stderr.
StreamServerOptions? options;
try
{
    options = StreamServerCommand.Parse(args);
}
catch (ArgumentException exception)
{
    // The command line itself is wrong: the usage says what it takes.
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(StreamServerCommand.Usage);
    return ExitCodes.Usage;
}
catch (StartupException exception)
{
    // A file's or setting's problem (--users-file, appsettings.json): its message says what to do; the usage would bury it.
    Console.Error.WriteLine(exception.Message);
    return exception.ExitCode;
}

if (options is null)
{
    Console.WriteLine(StreamServerCommand.Usage);
    return ExitCodes.Ok;
}

StreamServerHost server;
try
{
    server = await StreamServerHost.StartAsync(options);
}
catch (StartupException exception)
{
    Console.Error.WriteLine(exception.Message);
    return exception.ExitCode;
}

await using StreamServerHost running = server;
// First: the demo user is stored by now, and a key not printed is lost (the database keeps only its hash).
if (server.Users.TryGetValue(StreamServerHost.DemoUser, out string? demoKey) && !options.Users.ContainsKey(StreamServerHost.DemoUser))
{
    // Shown once, when it is made: the key goes to no log or page.
    Console.WriteLine($"User '{StreamServerHost.DemoUser}' created, API key (shown only now, keep it): {demoKey}");
}
else if (server.DemoStoredElsewhere)
{
    Console.WriteLine($"User '{StreamServerHost.DemoUser}' was created by another node of the cluster as this one started: its key is the one "
        + "that node printed, which this node accepts too.");
}

// Viewers get the share link; /~USER/N serves only its owner (plot numbers are guessable, README "Share links").
// On every address (0.0.0.0) the bound address is no client's: localhost is shown, then the addresses for the network.
bool everyAddress = EveryAddress.Is(server.HttpBaseUrl);
Console.WriteLine($"Stream server on {(everyAddress ? EveryAddress.OnThisMachine(server.HttpBaseUrl) : server.HttpBaseUrl)} "
    + "(streams: POST / with plotly-streamtoken; viewers: /p/ID, the share link /clientresp answers; owners: /~USER/N)");
if (everyAddress)
{
    Console.WriteLine(EveryAddress.Reachable(server.HttpBaseUrl));
}

if (server.HttpsBaseUrl is not null)
{
    Uri https = server.HttpsBaseUrl;
    string on = EveryAddress.Is(https) ? $"{EveryAddress.OnThisMachine(https)} (every address, port {https.Port})" : https.ToString();
    Console.WriteLine($"HTTPS (for /clientresp) on {on}, self-signed certificate: {server.CertificatePath}");
}

Console.WriteLine($"Data: {server.StoreShown}");
if (server.Quarantined.Count > 0)
{
    Console.Error.WriteLine($"{server.Quarantined.Count} stored plot(s) or point(s) could not be loaded; they are kept in the quarantine tables of {server.StoreShown} (see the log above).");
}

Console.WriteLine($"Users: {string.Join(", ", server.UserNames)}. Press Ctrl+C to stop.");
if (server.UserNames.Contains(StreamServerHost.DemoUser) && !server.Users.ContainsKey(StreamServerHost.DemoUser) && !server.DemoStoredElsewhere)
{
    // The key is shown once, when it is made; the database keeps only its hash.
    Console.WriteLine($"Lost the '{StreamServerHost.DemoUser}' key? Start with --user {StreamServerHost.DemoUser}:NEWKEY to set a new one.");
}
await server.WaitForShutdownAsync();
return ExitCodes.Ok;
