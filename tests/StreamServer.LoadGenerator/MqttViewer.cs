using System.Buffers.Binary;
using System.Net.Sockets;
using MQTTnet.Packets;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>A subscriber to one device's topic on Mosquitto: every PUBLISH it gets carries one object.
/// PUBLISH bodies are read by hand (topic length, topic, payload at QoS 0: MQTT 3.1.1 §3.3.2) as the
/// SSE viewer reads its frames; the SUBACK goes through MQTTnet.</summary>
public sealed class MqttViewer : ViewerConnection
{
    private readonly MqttFrameReader _frames = new();
    private readonly Action<byte, ArraySegment<byte>> _onPacket;

    private MqttViewer(Device device, Socket socket, LatencyHistogram latencies)
        : base(device, socket, latencies)
    {
        _onPacket = OnPacket;
    }

    public static async Task<MqttViewer> ConnectAsync(Device device, int number, int port, TimeSpan keepAlive, LatencyHistogram latencies, CancellationToken cancellationToken)
    {
        Socket socket = await MqttDevice.ConnectClientAsync($"viewer-{device.Index}-{number}", port, keepAlive, cancellationToken);
        await socket.SendAsync(new MqttPackets().Subscribe(device.Token), cancellationToken);
        return new MqttViewer(device, socket, latencies);
    }

    protected override void Feed(ReadOnlySpan<byte> data) => _frames.Feed(data, _onPacket);

    private void OnPacket(byte header, ArraySegment<byte> body)
    {
        if (header >> 4 == MqttPackets.PublishType)
        {
            int topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
            PointValues.ForEachX<ViewerConnection>(body.AsSpan(2 + topicLength), this, s_received);
        }
        else if (new MqttPackets().Decode(header, body) is MqttSubAckPacket)
        {
            Subscribed.TrySetResult();
        }
    }
}
