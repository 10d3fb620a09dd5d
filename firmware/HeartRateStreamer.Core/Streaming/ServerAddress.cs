using System;

namespace HeartRateStreamer.Streaming
{
    /// <summary>Where a stream server listens: host, TCP port and whether the connection uses TLS.</summary>
    public sealed class ServerAddress
    {
        /// <summary>The port HTTP uses when an address names none (RFC 9110 §4.2.1).</summary>
        public const int DefaultHttpPort = 80;

        /// <summary>The port HTTPS uses when an address names none (RFC 9110 §4.2.2).</summary>
        public const int DefaultHttpsPort = 443;

        /// <summary>Creates an address; the host must be a plain name or IP address, the port 1..65535.</summary>
        public ServerAddress(string host, int port, bool useTls)
        {
            if (host == null || host.Length == 0)
            {
                throw new ArgumentException("The server host is empty; give a name such as stream.example.org or an IP address.");
            }

            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c <= ' ' || c > '~' || c == '/' || c == '@' || c == '?' || c == '#')
                {
                    throw new ArgumentException("The server host '" + host + "' contains a character a host name cannot have; give only the name or IP address.");
                }
            }

            if (port < 1 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), "The server port must be between 1 and 65535.");
            }

            Host = host;
            Port = port;
            UseTls = useTls;
        }

        /// <summary>
        /// The host name or IP address. <see cref="Parse"/> gives only DNS names and IPv4 addresses; an address built
        /// directly may hold an IPv6 address (without brackets), which <see cref="ToString"/> brackets.
        /// </summary>
        public string Host { get; }

        /// <summary>The TCP port.</summary>
        public int Port { get; }

        /// <summary>True for https (TLS), false for plain http.</summary>
        public bool UseTls { get; }

        /// <summary>True when <see cref="Port"/> is the scheme's default, so the Host header carries no port.</summary>
        public bool IsDefaultPort => Port == (UseTls ? DefaultHttpsPort : DefaultHttpPort);

        /// <summary>
        /// Parses "http://host[:port][/]", "https://host[:port][/]" or "host[:port]" (plain http), where host is a DNS
        /// name or an IPv4 address. An IPv6 literal ("http://[::1]:8080") is refused: the device's HTTP client
        /// (HttpWebRequest: "Only IPv4 or Dns host names allowed") and its IPv4 socket transport cannot reach one, so
        /// it is better named when the address is read than found when every connection fails.
        /// Throws <see cref="ArgumentException"/> saying what is wrong.
        /// </summary>
        public static ServerAddress Parse(string address)
        {
            if (address == null || address.Trim().Length == 0)
            {
                throw new ArgumentException("The server address is empty; give one such as http://192.168.1.20:8080.");
            }

            // user:password@host (RFC 3986 §3.2.1): the stream protocol authenticates by token, and the address is
            // logged, so the credentials are neither used nor repeated. Checked first, on the whole address: every later
            // refusal quotes it, and a password holding '/' would end the authority early and pass for a path. An '@'
            // anywhere else is refused by those checks anyway (no path, and none in a scheme, host or port).
            if (address.IndexOf('@') >= 0)
            {
                throw new ArgumentException("The server address has a user name or password before '@'; the streams need none (they carry their tokens), and"
                    + " plot creation takes server.user and server.apiKey. Give only scheme, host and port, such as http://192.168.1.20:8080.");
            }

            // An address is plain ASCII (a DNS name or an IPv4 address, a scheme and a port), and beyond ASCII the two
            // runtimes trim differently (the device removes U+200B and U+FEFF, .NET U+0085, U+1680, U+2028, U+2029, U+202F
            // and U+205F), so an address pasted with one of them would be taken on one and refused on the other. Checked
            // after the '@': the character is named by its code, which in a password would be a character of it.
            for (int i = 0; i < address.Length; i++)
            {
                char c = address[i];
                if (c > '~' || (c < ' ' && (c < '\t' || c > '\r')))
                {
                    throw new ArgumentException("The server address holds the character U+" + ((int)c).ToString("X4") + " as character " + (i + 1).ToString()
                        + " of " + address.Length.ToString() + "; a server address is plain ASCII (a DNS name or an IPv4 address). Invisible characters"
                        + " such as a byte order mark or a zero-width space often come along when an address is pasted: type it again.");
                }
            }

            string rest = address.Trim();
            bool useTls = false;
            int schemeEnd = rest.IndexOf("://");
            if (schemeEnd >= 0)
            {
                string scheme = rest.Substring(0, schemeEnd).ToLower();
                if (scheme == "https")
                {
                    useTls = true;
                }
                else if (scheme != "http")
                {
                    throw new ArgumentException("The server address '" + address + "' uses the scheme '" + scheme + "'; the stream protocol runs over http or https.");
                }

                rest = rest.Substring(schemeEnd + 3);
            }

            int pathStart = rest.IndexOf('/');
            if (pathStart >= 0)
            {
                if (pathStart != rest.Length - 1)
                {
                    throw new ArgumentException("The server address '" + address + "' has a path; streams always post to '/', so give only scheme, host and port.");
                }

                rest = rest.Substring(0, pathStart);
            }

            // A bracket opens an IPv6 literal (RFC 3986 §3.2.2); two colons are one written without brackets (fe80::1).
            int portSeparator = rest.IndexOf(':');
            if ((rest.Length > 0 && rest[0] == '[') || (portSeparator >= 0 && rest.IndexOf(':', portSeparator + 1) >= 0))
            {
                throw IPv6Refused(address);
            }

            string host = portSeparator >= 0 ? rest.Substring(0, portSeparator) : rest;
            int port = useTls ? DefaultHttpsPort : DefaultHttpPort;
            if (portSeparator >= 0)
            {
                string portText = rest.Substring(portSeparator + 1);
                if (!int.TryParse(portText, out port) || port < 1 || port > 65535)
                {
                    throw new ArgumentException("The server address '" + address + "' has the port '" + portText + "'; a port is a number from 1 to 65535.");
                }
            }

            return new ServerAddress(host, port, useTls);
        }

        private static ArgumentException IPv6Refused(string address)
        {
            return new ArgumentException("The server address '" + address + "' names an IPv6 address; the device reaches servers over IPv4 only"
                + " (its HTTP client allows only IPv4 or DNS host names). Use an IPv4 address such as http://192.168.1.20:8080 or a DNS name.");
        }

        /// <summary>The Host header's value (RFC 9110 §7.2): the host, with its port unless that is the scheme's default.</summary>
        public string HostField => IsDefaultPort ? BracketedHost : BracketedHost + ":" + Port.ToString();

        /// <summary>The address as "http://host:port".</summary>
        public override string ToString()
        {
            return (UseTls ? "https://" : "http://") + BracketedHost + ":" + Port.ToString();
        }

        // An IPv6 literal goes in brackets wherever a port may follow it (RFC 3986 §3.2.2).
        private string BracketedHost => Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host;
    }
}
