using HeartRateStreamer.StreamServer.Hosting;

// The command line: parse, start, print where everything is, run until Ctrl+C / SIGTERM.
StreamServerOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

StreamServerHost server;
try
{
    server = await StreamServerHost.StartAsync(options);
}
catch (IOException exception)
{
    Console.Error.WriteLine($"Could not listen: {exception.Message.TrimEnd('.')}. Choose other ports with --urls and --https-port.");
    return 1;
}

await using StreamServerHost running = server;
Console.WriteLine($"Stream server on {server.HttpBaseUrl} (streams: POST / with plotly-streamtoken; viewers: /~USER/N)");
if (server.HttpsBaseUrl is not null)
{
    Console.WriteLine($"HTTPS (for /clientresp) on {server.HttpsBaseUrl}, self-signed certificate: {server.CertificatePath}");
}

Console.WriteLine($"Data: {server.DatabasePath}");
if (server.Users.TryGetValue(StreamServerHost.DemoUser, out string? demoKey))
{
    // Printed once here for the operator; the key never goes to a log or a page.
    Console.WriteLine($"User '{StreamServerHost.DemoUser}', API key: {demoKey}");
}

Console.WriteLine($"Users: {string.Join(", ", server.Users.Keys)}. Press Ctrl+C to stop.");
await server.WaitForShutdownAsync();
return 0;
