// Reference contract: nanoFramework.System.Device.Adc 1.1.24
namespace System.Device.Adc
{
    public class AdcController : AdcControllerBase
    {
        public AdcController()
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public override int MaxValue
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public override AdcChannel OpenChannel(int channelNumber)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
