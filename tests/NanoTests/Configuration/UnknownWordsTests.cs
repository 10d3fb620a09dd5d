using HeartRateStreamer.Configuration;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Configuration
{
    /// <summary>
    /// How the PC tools name the words of their command line they do not know (<see cref="UnknownWords"/>): an option
    /// without the value joined to it, and nothing of any other word, which may be a password, a token or a key.
    /// </summary>
    [TestClass]
    public class UnknownWordsTests
    {
        [DataRow("--prot", "--prot")]
        [DataRow("--prot=/dev/ttyUSB0", "--prot=...")]
        [DataRow("--prot:COM3", "--prot:...")]
        [DataRow("--usr=demo:SECRETKEY123", "--usr=...")]
        [DataRow("--prot=", "--prot=...")]
        [DataRow("-p=x", "-p=...")]
        public static void AnOptionIsNamedWithoutItsJoinedValue(string token, string shown)
        {
            Assert.AreEqual(shown, UnknownWords.Shown(token));
        }

        [DataRow("demo:SECRETKEY123")]
        [DataRow("postgres://u:PASSWORD@host/db")]
        [DataRow("hunter2")]
        [DataRow("")]
        public static void AWordThatIsNoOptionIsNotShown(string token)
        {
            Assert.IsNull(UnknownWords.Shown(token), token);
        }

        [DataRow(1, "1 word is neither an option nor an option's value; not shown, in case of a password or a token.")]
        [DataRow(3, "3 words are neither an option nor an option's value; not shown, in case of a password or a token.")]
        public static void UnshownWordsAreCounted(int count, string sentence)
        {
            Assert.AreEqual(sentence, UnknownWords.Unshown(count, "a password or a token"));
        }
    }
}
