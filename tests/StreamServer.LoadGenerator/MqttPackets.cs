using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Formatter.V3;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>MQTT 3.1.1 packets encoded and decoded by MQTTnet's own formatter; the generator moves them
/// over the same plain sockets as the Plotly devices, so both references cost the generator alike
/// (an MQTTnet client per device would add two tasks and a dispatcher each to the generator's side).
/// Not thread-safe: one instance per thread.</summary>
public sealed class MqttPackets
{
    /// <summary>The packet type in the high nibble of the fixed header (MQTT 3.1.1 §2.2.1).</summary>
    public const int PublishType = 3;

    private readonly MqttV3PacketFormatter _formatter = new(new MqttBufferWriter(4096, 65535), MqttProtocolVersion.V311);

    public byte[] Connect(string clientId, TimeSpan keepAlive) =>
        Encode(new MqttConnectPacket { ClientId = clientId, CleanSession = true, KeepAlivePeriod = (ushort)keepAlive.TotalSeconds });

    public byte[] Subscribe(string topic) =>
        Encode(new MqttSubscribePacket { PacketIdentifier = 1, TopicFilters = [new MqttTopicFilter { Topic = topic, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce }] });

    public byte[] Publish(string topic, ReadOnlySpan<byte> payload) =>
        Encode(new MqttPublishPacket { Topic = topic, PayloadSegment = new ArraySegment<byte>(payload.ToArray()), QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce });

    public byte[] PingRequest() => Encode(new MqttPingReqPacket());

    public byte[] Disconnect() => Encode(new MqttDisconnectPacket());

    public MqttPacket Decode(byte fixedHeader, ArraySegment<byte> body) => _formatter.Decode(new ReceivedMqttPacket(fixedHeader, body, body.Count + 2));

    private byte[] Encode(MqttPacket packet) => _formatter.Encode(packet).ToArray();
}
