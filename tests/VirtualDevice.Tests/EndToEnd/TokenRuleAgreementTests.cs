using HeartRateStreamer.Configuration;
using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>The device refuses at configuration time exactly the tokens the server would refuse at /clientresp:
/// the two programs run on different runtimes, so each keeps the bound, and this pins that they say the same.</summary>
public sealed class TokenRuleAgreementTests
{
    [Fact]
    public void TheDeviceAndTheServerAcceptTheSameTokenLengths()
    {
        Assert.Equal(StreamToken.MinLength, ConfigurationReader.MinimumTokenLength);
        Assert.Equal(StreamToken.MaxLength, ConfigurationReader.MaximumTokenLength);
    }

    [Theory]
    [InlineData("ab3dk4FBDd")]
    [InlineData("tok1")]
    [InlineData("has a space")]
    public void ATokenTheDeviceAcceptsIsOneTheServerAccepts(string token)
    {
        var reader = new ConfigurationReader();
        reader.Apply(ConfigurationKeys.ServerUrl, "http://192.168.1.20:8080");
        reader.Apply(ConfigurationKeys.ServerPulseToken, token);
        reader.Finish();

        Assert.Equal(StreamToken.IsValid(token), !reader.HasFatalProblem);
    }
}
