using System;
using System.Device.I2c;
using System.IO;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The register-bus port on the ESP32: one nanoFramework <see cref="I2cDevice"/>. The caller's arrays are wrapped in
    /// <see cref="SpanByte"/> views (no copies), and a transfer that is not complete becomes an <see cref="IOException"/>
    /// naming the bus status, because I2cDevice reports failures only in its result.
    /// <para>
    /// Not free of allocation on the device: nanoCLR keeps every struct value (the two SpanByte views, the
    /// <see cref="I2cTransferResult"/>) in a small heap block, a few hundred bytes of garbage per transfer that .NET keeps
    /// on the stack. The API offers no other way, so the driver makes few transfers: two per FIFO poll, each reading a
    /// batch of samples, never one per sample.
    /// </para>
    /// </summary>
    public sealed class I2cRegisterBus : IRegisterBus, IDisposable
    {
        private readonly I2cDevice _device;
        private readonly int _busId;
        private readonly int _deviceAddress;

        /// <summary>Opens <paramref name="deviceAddress"/> on I2C bus <paramref name="busId"/> (1 = I2C1) at 400 kHz fast mode.</summary>
        public I2cRegisterBus(int busId, int deviceAddress)
        {
            _busId = busId;
            _deviceAddress = deviceAddress;
            _device = new I2cDevice(new I2cConnectionSettings(busId, deviceAddress, I2cBusSpeed.FastMode));
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int count)
        {
            I2cTransferResult result = _device.Write(new SpanByte(buffer, 0, count));
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                throw Failure("write", result, count);
            }
        }

        /// <inheritdoc />
        public void WriteRead(byte[] write, int writeCount, byte[] read, int readCount)
        {
            I2cTransferResult result = _device.WriteRead(new SpanByte(write, 0, writeCount), new SpanByte(read, 0, readCount));
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                throw Failure("write-read", result, writeCount + readCount);
            }
        }

        /// <summary>Releases the I2C device.</summary>
        public void Dispose()
        {
            _device.Dispose();
        }

        private IOException Failure(string operation, I2cTransferResult result, int expectedBytes)
        {
            return new IOException(
                "I2C " + operation + " to device 0x" + _deviceAddress.ToString("X2") + " on bus " + _busId + " failed: "
                + StatusName(result.Status) + " (" + result.BytesTransferred + " of " + expectedBytes + " bytes transferred).");
        }

        private static string StatusName(I2cTransferStatus status)
        {
            // Enum names are not kept on nanoFramework (ToString gives the number), so name them here.
            switch (status)
            {
                case I2cTransferStatus.ClockStretchTimeout: return "ClockStretchTimeout";
                case I2cTransferStatus.PartialTransfer: return "PartialTransfer";
                case I2cTransferStatus.SlaveAddressNotAcknowledged: return "SlaveAddressNotAcknowledged (nothing answered at this address: check wiring and power)";
                case I2cTransferStatus.UnknownError: return "UnknownError";
                default: return "status " + (int)status;
            }
        }
    }
}
