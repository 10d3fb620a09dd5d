using HeartRateStreamer.Supervision;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Supervision
{
    /// <summary>
    /// Boards bought together have consecutive MACs, so consecutive hardware seeds; each of their streams must still get
    /// a seed of its own, or two boards' streams reconnect in lockstep after a shared outage.
    /// </summary>
    [TestClass]
    public class JitterSeedTests
    {
        [DataRow(0)]
        [DataRow(17)]
        [DataRow(-1)]
        [DataRow(2147483600)]
        [DataRow(-2147483600)]
        [DataRow(1935862354)]
        public static void NeighbouringBoardsAndStreamsGetDifferentSeeds(int hardwareSeed)
        {
            // Hardware seeds h .. h + 3 (neighbouring MACs) and streams 1 .. 4: all 16 seeds differ, so in particular
            // board h's stream k + 1 and board h + 1's stream k (which hardware + index made equal).
            int[] seeds = new int[16];
            for (int board = 0; board < 4; board++)
            {
                for (int stream = 0; stream < 4; stream++)
                {
                    int seed = JitterSeed.For(hardwareSeed + board, stream + 1);
                    Assert.IsTrue(seed >= 0, "a seed is never negative");
                    seeds[board * 4 + stream] = seed;
                }
            }

            for (int i = 0; i < seeds.Length; i++)
            {
                for (int j = i + 1; j < seeds.Length; j++)
                {
                    Assert.AreNotEqual(seeds[i], seeds[j], "board +" + (i / 4).ToString() + " stream " + (i % 4 + 1).ToString()
                        + " and board +" + (j / 4).ToString() + " stream " + (j % 4 + 1).ToString() + " share a seed");
                }
            }
        }

        [TestMethod]
        public static void TheSameBoardAndStreamGetTheSameSeed()
        {
            Assert.AreEqual(JitterSeed.For(12345, 2), JitterSeed.For(12345, 2));
        }
    }
}
