using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Startup
{
    /// <summary>
    /// Keeps the device on the network after start-up. The Wi-Fi stack reconnects on its own after a drop (automatic
    /// reconnection), and the streams reconnect to the server once it has; this policy covers the case where it does
    /// not: after <see cref="ReconnectAfterMilliseconds"/> offline it asks for an explicit reconnection, and again at
    /// that interval for as long as the network is missing. It never asks for a reboot: the device measures offline,
    /// and a reboot would stop that to do what the reconnection already does. Pure: the caller says whether the device
    /// has an address, at any cadence, and the monotonic clock measures the rest.
    /// </summary>
    public sealed class NetworkRecoveryPolicy
    {
        /// <summary>Default: automatic reconnection normally succeeds within seconds, so a minute means it is stuck.</summary>
        public const int DefaultReconnectAfterMilliseconds = 60000;

        private readonly IClock _clock;
        private long _offlineSinceMilliseconds = -1;
        private long _lastAttemptMilliseconds;

        /// <summary>Creates the policy with the defaults.</summary>
        public NetworkRecoveryPolicy(IClock clock)
            : this(clock, DefaultReconnectAfterMilliseconds)
        {
        }

        /// <summary>Creates the policy, asking for a reconnection every <paramref name="reconnectAfterMilliseconds"/> offline.</summary>
        public NetworkRecoveryPolicy(IClock clock, int reconnectAfterMilliseconds)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock), "Pass the monotonic clock that measures how long the device has been offline.");
            if (reconnectAfterMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(reconnectAfterMilliseconds), "Reconnect after at least 1 ms offline.");
            }

            ReconnectAfterMilliseconds = reconnectAfterMilliseconds;
        }

        /// <summary>Offline time before (and between) explicit reconnections.</summary>
        public int ReconnectAfterMilliseconds { get; }

        /// <summary>How long the device has been offline at the last check; 0 while connected.</summary>
        public long OfflineMilliseconds { get; private set; }

        /// <summary>Takes the current state (true: the device has an address) and returns what to do now.</summary>
        public NetworkRecoveryAction Check(bool isConnected)
        {
            long now = _clock.Milliseconds;
            if (isConnected)
            {
                _offlineSinceMilliseconds = -1;
                OfflineMilliseconds = 0;
                return NetworkRecoveryAction.None;
            }

            if (_offlineSinceMilliseconds < 0)
            {
                _offlineSinceMilliseconds = now;
                _lastAttemptMilliseconds = now;
            }

            OfflineMilliseconds = now - _offlineSinceMilliseconds;
            if (now - _lastAttemptMilliseconds >= ReconnectAfterMilliseconds)
            {
                _lastAttemptMilliseconds = now;
                return NetworkRecoveryAction.Reconnect;
            }

            return NetworkRecoveryAction.None;
        }
    }
}
