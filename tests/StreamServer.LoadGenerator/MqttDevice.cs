using System.Net.Sockets;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>A device publishing to Mosquitto: the same JSON objects, one PUBLISH (QoS 0) per object on
/// the topic named by its token, PINGREQ as its heartbeat. QoS 0 has no acknowledgement, so what was
/// accepted is what was sent; losses show in the subscribers' deliveries.</summary>
public sealed class MqttDevice : Device
{
    [ThreadStatic]
    private static MqttPackets? t_packets;

    private readonly byte[] _heartbeat;

    private MqttDevice(int index, string token, Socket socket, int objects, byte[] heartbeat)
        : base(index, token, socket, objects)
    {
        _heartbeat = heartbeat;
    }

    private static MqttPackets Packets => t_packets ??= new MqttPackets();

    public static async Task<MqttDevice> ConnectAsync(int index, string token, int port, int objects, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        Socket socket = await ConnectClientAsync($"device-{index}", port, keepAlive, cancellationToken);
        return new MqttDevice(index, token, socket, objects, Packets.PingRequest());
    }

    /// <summary>A connection that Mosquitto accepted (CONNACK with return code 0).</summary>
    public static async Task<Socket> ConnectClientAsync(string clientId, int port, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        Socket socket = await LoopbackAddresses.ConnectAsync(port, cancellationToken);
        await socket.SendAsync(new MqttPackets().Connect(clientId, keepAlive), cancellationToken);
        byte[] connAck = new byte[4];
        int have = 0;
        while (have < connAck.Length)
        {
            int read = await socket.ReceiveAsync(connAck.AsMemory(have), cancellationToken);
            have += read > 0 ? read : throw new IOException($"{clientId}: Mosquitto closed the connection before CONNACK");
        }

        var reply = (MqttConnAckPacket)new MqttPackets().Decode(connAck[0], new ArraySegment<byte>(connAck, 2, 2));
        return reply.ReturnCode == MqttConnectReturnCode.ConnectionAccepted ? socket
            : throw new IOException($"{clientId}: Mosquitto refused the connection: {reply.ReturnCode}");
    }

    protected override byte[] Heartbeat => _heartbeat;

    protected override int Frame(ReadOnlySpan<byte> json, byte[] buffer)
    {
        byte[] packet = Packets.Publish(Token, json);
        packet.CopyTo(buffer, 0);
        return packet.Length;
    }

    public override async Task<DeviceAnswer> EndAsync(CancellationToken cancellationToken)
    {
        using (Socket)
        {
            await Socket.SendAsync(Packets.Disconnect(), cancellationToken);
            return new DeviceAnswer(true, 0, Sent, 0, HeartbeatsSent);
        }
    }
}
