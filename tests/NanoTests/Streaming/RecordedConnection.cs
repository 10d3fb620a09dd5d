using System;
using System.Collections;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>Everything one connection of a <see cref="RecordingTransport"/> carried, with the clock time of each send.</summary>
    public class RecordedConnection
    {
        private readonly ArrayList _sendTimes = new ArrayList();
        private readonly ArrayList _sendEnds = new ArrayList();
        private byte[] _bytes = new byte[4096];
        private int _count;

        /// <summary>Creates the record of a connection opened at <paramref name="openedAtMilliseconds"/>.</summary>
        public RecordedConnection(long openedAtMilliseconds)
        {
            OpenedAtMilliseconds = openedAtMilliseconds;
        }

        /// <summary>When the connection opened.</summary>
        public long OpenedAtMilliseconds { get; }

        /// <summary>All bytes sent.</summary>
        public byte[] Bytes => _bytes;

        /// <summary>How many bytes were sent.</summary>
        public int Count => _count;

        /// <summary>All bytes sent, as text.</summary>
        public string Text => TestText.Ascii(_bytes, 0, _count);

        /// <summary>Sends made.</summary>
        public int SendCount => _sendTimes.Count;

        /// <summary>Clock time of send <paramref name="index"/>.</summary>
        public long GetSendTime(int index)
        {
            return (long)_sendTimes[index]!;
        }

        /// <summary>The text of send <paramref name="index"/>.</summary>
        public string GetSendText(int index)
        {
            int start = index == 0 ? 0 : (int)_sendEnds[index - 1]!;
            return TestText.Ascii(_bytes, start, (int)_sendEnds[index]! - start);
        }

        /// <summary>Appends one send.</summary>
        public void Record(byte[] buffer, int offset, int count, long timeMilliseconds)
        {
            if (_count + count > _bytes.Length)
            {
                var larger = new byte[(_count + count) * 2];
                Array.Copy(_bytes, larger, _count);
                _bytes = larger;
            }

            Array.Copy(buffer, offset, _bytes, _count, count);
            _count += count;
            _sendTimes.Add(timeMilliseconds);
            _sendEnds.Add(_count);
        }
    }
}
