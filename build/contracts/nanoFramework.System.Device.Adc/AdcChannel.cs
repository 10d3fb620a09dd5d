// Reference contract: nanoFramework.System.Device.Adc 1.1.24
namespace System.Device.Adc
{
    public class AdcChannel : AdcChannelBase, IDisposable
    {
        internal AdcChannel(AdcController controller, int channelNumber)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public override int ReadValue()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public void Dispose()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
