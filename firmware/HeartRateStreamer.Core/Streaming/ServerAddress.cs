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
                throw new ArgumentException("The server host is empty; give a name such as stream.example.org or an IP address.", nameof(host));
            }

            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c <= ' ' || c > '~' || c == '/' || c == '@' || c == '?' || c == '#')
                {
                    throw new ArgumentException("The server host '" + host + "' contains a character a host name cannot have; give only the name or IP address.", nameof(host));
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

        /// <summary>The host name or IP address (an IPv6 address without brackets).</summary>
        public string Host { get; }

        /// <summary>The TCP port.</summary>
        public int Port { get; }

        /// <summary>True for https (TLS), false for plain http.</summary>
        public bool UseTls { get; }

        /// <summary>True when <see cref="Port"/> is the scheme's default, so the Host header carries no port.</summary>
        public bool IsDefaultPort => Port == (UseTls ? DefaultHttpsPort : DefaultHttpPort);

        /// <summary>
        /// Parses "http://host[:port][/]", "https://host[:port][/]" or "host[:port]" (plain http). IPv6 addresses
        /// go in brackets: "http://[::1]:8080". Throws <see cref="ArgumentException"/> saying what is wrong.
        /// </summary>
        public static ServerAddress Parse(string address)
        {
            if (address == null || address.Trim().Length == 0)
            {
                throw new ArgumentException("The server address is empty; give one such as http://192.168.1.20:8080.", nameof(address));
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
                    throw new ArgumentException("The server address '" + address + "' uses the scheme '" + scheme + "'; the stream protocol runs over http or https.", nameof(address));
                }

                rest = rest.Substring(schemeEnd + 3);
            }

            int pathStart = rest.IndexOf('/');
            if (pathStart >= 0)
            {
                if (pathStart != rest.Length - 1)
                {
                    throw new ArgumentException("The server address '" + address + "' has a path; streams always post to '/', so give only scheme, host and port.", nameof(address));
                }

                rest = rest.Substring(0, pathStart);
            }

            string host = rest;
            int port = useTls ? DefaultHttpsPort : DefaultHttpPort;
            int portSeparator;
            if (rest.Length > 0 && rest[0] == '[')
            {
                int close = rest.IndexOf(']');
                if (close < 0)
                {
                    throw new ArgumentException("The server address '" + address + "' opens an IPv6 bracket '[' but never closes it.", nameof(address));
                }

                host = rest.Substring(1, close - 1);
                portSeparator = close + 1 < rest.Length ? close + 1 : -1;
                if (portSeparator >= 0 && rest[portSeparator] != ':')
                {
                    throw new ArgumentException("The server address '" + address + "' has text after the IPv6 address that is not ':port'.", nameof(address));
                }
            }
            else
            {
                portSeparator = rest.IndexOf(':');
                if (portSeparator >= 0)
                {
                    host = rest.Substring(0, portSeparator);
                }
            }

            if (portSeparator >= 0)
            {
                string portText = rest.Substring(portSeparator + 1);
                if (!int.TryParse(portText, out port) || port < 1 || port > 65535)
                {
                    throw new ArgumentException("The server address '" + address + "' has the port '" + portText + "'; a port is a number from 1 to 65535.", nameof(address));
                }
            }

            return new ServerAddress(host, port, useTls);
        }

        /// <summary>The address as "http://host:port".</summary>
        public override string ToString()
        {
            string host = Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host;
            return (UseTls ? "https://" : "http://") + host + ":" + Port.ToString();
        }
    }
}
