using System;
using System.Collections;
using System.IO;
using HeartRateStreamer.Ports;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// A register bus that knows in advance every transfer a driver must make, byte for byte, in order: each write,
    /// each write-read with the bytes it answers, and the transfers that must fail. Anything else is a mismatch:
    /// it is recorded, thrown at the caller, and reported again by <see cref="VerifyAllTransfersHappened"/>, which also
    /// fails when an expected transfer never came.
    /// </summary>
    internal sealed class ScriptedRegisterBus : IRegisterBus
    {
        private readonly ArrayList _script = new ArrayList();
        private int _nextIndex;
        private string _firstMismatch = string.Empty;

        /// <summary>Transfers the driver attempted, matching or not.</summary>
        public int TransferCount { get; private set; }

        /// <summary>Transfers still expected.</summary>
        public int RemainingCount => _script.Count - _nextIndex;

        /// <summary>The first unexpected transfer, described; empty while everything matched.</summary>
        public string FirstMismatch => _firstMismatch;

        public void ExpectWrite(params byte[] written)
        {
            _script.Add(new ScriptedTransfer(false, written, new byte[0], string.Empty));
        }

        public void ExpectWriteRead(byte[] written, params byte[] response)
        {
            _script.Add(new ScriptedTransfer(true, written, response, string.Empty));
        }

        public void ExpectWriteFailure(string message, params byte[] written)
        {
            _script.Add(new ScriptedTransfer(false, written, new byte[0], message));
        }

        public void ExpectWriteReadFailure(byte[] written, int readCount, string message)
        {
            _script.Add(new ScriptedTransfer(true, written, new byte[readCount], message));
        }

        public void Write(byte[] buffer, int count)
        {
            ScriptedTransfer expected = Take("Write(" + Describe(buffer, count) + ")");
            if (expected.IsWriteRead || !SameBytes(expected.Written, buffer, count))
            {
                Mismatch("Write(" + Describe(buffer, count) + ")", expected);
            }

            FailIfScripted(expected);
        }

        public void WriteRead(byte[] write, int writeCount, byte[] read, int readCount)
        {
            string actual = "WriteRead(" + Describe(write, writeCount) + " -> " + readCount + " bytes)";
            ScriptedTransfer expected = Take(actual);
            if (!expected.IsWriteRead || !SameBytes(expected.Written, write, writeCount) || expected.Response.Length != readCount)
            {
                Mismatch(actual, expected);
            }

            FailIfScripted(expected);
            for (int index = 0; index < readCount; index++)
            {
                read[index] = expected.Response[index];
            }
        }

        /// <summary>Fails the test if a transfer did not match or an expected one is still outstanding.</summary>
        public void VerifyAllTransfersHappened()
        {
            Assert.AreEqual(string.Empty, _firstMismatch, "every transfer matches the script");
            string missing = RemainingCount == 0 ? string.Empty : "next expected: " + DescribeExpected((ScriptedTransfer)_script[_nextIndex]!);
            Assert.AreEqual(0, RemainingCount, "every scripted transfer happened; " + missing);
        }

        internal static string Describe(byte[] bytes, int count)
        {
            string text = string.Empty;
            for (int index = 0; index < count; index++)
            {
                text += (index == 0 ? "0x" : " 0x") + bytes[index].ToString("X2");
            }

            return text;
        }

        private ScriptedTransfer Take(string actual)
        {
            TransferCount++;
            if (_nextIndex >= _script.Count)
            {
                string message = "Unexpected transfer after the script ended: " + actual;
                Record(message);
                throw new InvalidOperationException(message);
            }

            return (ScriptedTransfer)_script[_nextIndex++]!;
        }

        private void Mismatch(string actual, ScriptedTransfer expected)
        {
            string message = "Transfer " + _nextIndex + " was " + actual + " but the script expected " + DescribeExpected(expected);
            Record(message);
            throw new InvalidOperationException(message);
        }

        private void Record(string message)
        {
            if (_firstMismatch.Length == 0)
            {
                _firstMismatch = message;
            }
        }

        private static void FailIfScripted(ScriptedTransfer expected)
        {
            if (expected.FailureMessage.Length > 0)
            {
                throw new IOException(expected.FailureMessage);
            }
        }

        private static string DescribeExpected(ScriptedTransfer transfer)
        {
            return transfer.IsWriteRead
                ? "WriteRead(" + Describe(transfer.Written, transfer.Written.Length) + " -> " + transfer.Response.Length + " bytes)"
                : "Write(" + Describe(transfer.Written, transfer.Written.Length) + ")";
        }

        private static bool SameBytes(byte[] expected, byte[] actual, int actualCount)
        {
            if (actual == null || expected.Length != actualCount)
            {
                return false;
            }

            for (int index = 0; index < actualCount; index++)
            {
                if (expected[index] != actual[index])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
