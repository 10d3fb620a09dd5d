namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// What a Plotly stream server means by each status it answers with. The texts are those of the
    /// <c>statusmsgs.json</c> table shipped in the npm <c>plotly</c> client, the best public record of them, and for
    /// the two codes Plotly's table lacks (413, 429), the HeartRateStreamer stream server's own words.
    /// </summary>
    public static class PlotlyStatus
    {
        /// <summary>
        /// The token is not registered (yet, or any more): the stream tries again with its back-off, and a device with an
        /// account makes its plot again when the refusal lasts.
        /// </summary>
        public const int UnknownToken = 404;

        /// <summary>
        /// True for the answers a server gives only to a token it knows: the stream's end (200), its silence (408), its
        /// data (413, 422) or the token's connection limit (423). Others say nothing about the token: a 429 counts
        /// guesses of unknown tokens from the whole address, a 5xx is the server's own trouble.
        /// </summary>
        public static bool KnowsToken(int statusCode)
        {
            return statusCode == 200 || statusCode == 408 || statusCode == 413 || statusCode == 422 || statusCode == 423;
        }

        /// <summary>The server's meaning of <paramref name="statusCode"/>, or an empty string for a code it does not use.</summary>
        public static string Describe(int statusCode)
        {
            switch (statusCode)
            {
                case 200: return "healthy endpoint disconnect";
                case 308: return "stream had ended";
                case 400: return "invalid or malformed request syntax";
                case 403: return "stream token no longer associated with this plot";
                case 404: return "streamtoken not registered or valid";
                case 405: return "bad request method: use POST for streaming";
                case 406: return "bad request header: missing 'plotly-streamtoken'";
                case 408: return "timeout on active data";
                case 413: return "line too long: stream newline separated JSON objects of sane size";
                case 422: return "json parse error: please stream newline seperated JSON";
                case 423: return "connection limit associated with this token has been reached";
                case 429: return "too many unknown stream tokens from this address: try again after Retry-After seconds";
                case 449: return "stream content has changed, reloading clients";
                case 500: return "internal server error";
                case 503: return "internal database error";
                case 520: return "error in request stream";
                default: return "";
            }
        }
    }
}
