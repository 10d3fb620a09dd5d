using System;
using System.Threading;
using HeartRateStreamer.Buffers;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Buffers
{
    [TestClass]
    public class SampleRingBufferTests
    {
        // Only a guard against a test that would otherwise hang.
        private const int GuardMilliseconds = 60000;

        [TestMethod]
        public static void NewBufferIsEmpty()
        {
            var buffer = new SampleRingBuffer(4);

            Assert.AreEqual(0, buffer.Count);
            Assert.AreEqual(4, buffer.Capacity);
            Assert.IsFalse(buffer.TryRead(out _, out _, out _), "an empty buffer has nothing to read");
        }

        [TestMethod]
        public static void ReadsBackInOrderWithAllFields()
        {
            var buffer = new SampleRingBuffer(3);
            buffer.TryWrite(10, 100, 200);
            buffer.TryWrite(20, 101, 201);

            Assert.IsTrue(buffer.TryRead(out long time, out int infrared, out int red));
            Assert.AreEqual(10L, time);
            Assert.AreEqual(100, infrared);
            Assert.AreEqual(200, red);
            Assert.IsTrue(buffer.TryRead(out time, out infrared, out red));
            Assert.AreEqual(20L, time);
            Assert.AreEqual(101, infrared);
            Assert.AreEqual(201, red);
            Assert.AreEqual(0, buffer.Count);
        }

        [TestMethod]
        public static void WrapsAroundManyTimes()
        {
            var buffer = new SampleRingBuffer(3);
            int nextExpected = 0;
            for (int written = 0; written < 100; written++)
            {
                Assert.IsTrue(buffer.TryWrite(written, written, -written), "room for sample " + written);
                if (written % 2 == 1)
                {
                    // Read two for every two written, so the indices pass the end of the storage repeatedly.
                    for (int i = 0; i < 2; i++)
                    {
                        Assert.IsTrue(buffer.TryRead(out long time, out int infrared, out int red));
                        Assert.AreEqual((long)nextExpected, time);
                        Assert.AreEqual(nextExpected, infrared);
                        Assert.AreEqual(-nextExpected, red);
                        nextExpected++;
                    }
                }
            }

            Assert.AreEqual(100, nextExpected);
            Assert.AreEqual(0, buffer.DroppedCount);
        }

        [DataRow(1)]
        [DataRow(5)]
        [DataRow(32)]
        public static void FullBufferDropsNewestAndCountsIt(int capacity)
        {
            var buffer = new SampleRingBuffer(capacity);
            for (int i = 0; i < capacity; i++)
            {
                Assert.IsTrue(buffer.TryWrite(i, i, i));
            }

            Assert.IsFalse(buffer.TryWrite(999, 999, 999), "a full buffer refuses the new sample");
            Assert.IsFalse(buffer.TryWrite(1000, 1000, 1000));
            Assert.AreEqual(2, buffer.DroppedCount);
            Assert.AreEqual(capacity, buffer.Count);

            // The samples already held are untouched and still in order.
            for (int i = 0; i < capacity; i++)
            {
                Assert.IsTrue(buffer.TryRead(out long time, out _, out _));
                Assert.AreEqual((long)i, time);
            }

            // Room again after reading.
            Assert.IsTrue(buffer.TryWrite(5, 5, 5));
        }

        [TestMethod]
        public static void RefusesCapacityBelowOne()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new SampleRingBuffer(0));
        }

        [TestMethod]
        public static void ProducerAndConsumerThreadsLoseAndDuplicateNothing()
        {
            const int SampleCount = 200_000;
            var buffer = new SampleRingBuffer(64);
            int producedAccepted = 0;
            var producer = new TestThread("the producer", () =>
            {
                for (int i = 0; i < SampleCount; i++)
                {
                    // Retry until accepted, so every value is offered; drops are counted by the buffer.
                    while (!buffer.TryWrite(i, i, ~i))
                    {
                        Thread.Sleep(0); // yields the processor to the other thread; no time is waited for
                    }

                    producedAccepted++;
                }
            });

            producer.Start();
            int expected = 0;
            bool inOrder = true;

            // Bounded: a producer that threw (on the device that ends only its thread) or stopped leaves samples missing.
            // Generous for the interpreter, which is 70 to 150 times slower than .NET.
            DateTime deadline = DateTime.UtcNow.AddMilliseconds(GuardMilliseconds);
            while (expected < SampleCount && !(producer.IsFinished && buffer.Count == 0) && DateTime.UtcNow < deadline)
            {
                if (buffer.TryRead(out long time, out int infrared, out int red))
                {
                    inOrder &= time == expected && infrared == expected && red == ~expected;
                    expected++;
                }
                else
                {
                    Thread.Sleep(0); // yield only
                }
            }

            producer.JoinAndCheck(GuardMilliseconds);
            Assert.AreEqual(SampleCount, expected, "every sample was read");
            Assert.IsTrue(inOrder, "every sample arrives once, in order, with its own fields");
            Assert.AreEqual(SampleCount, producedAccepted);
            Assert.AreEqual(0, buffer.Count);
        }
    }
}
