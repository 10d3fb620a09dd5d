// Runs the real npm plotly client (1.0.6, unmodified) against the test server: creates a plot
// over HTTPS (/clientresp), then streams COUNT points over plain HTTP, one every INTERVAL ms.
// Prints one JSON line per step. The server's certificate is trusted via NODE_EXTRA_CA_CERTS.
'use strict';
const Plotly = require('plotly');

const [restPort, streamPort, user, key, token, count, intervalMs] = process.argv.slice(2);
const plotly = Plotly({ username: user, apiKey: key, host: '127.0.0.1', port: Number(restPort) });
const data = [{ x: [], y: [], type: 'scatter', mode: 'lines', stream: { token: token, maxpoints: 200 } }];

plotly.plot(data, { filename: 'npm client', fileopt: 'overwrite' }, (plotError, answer) => {
  if (plotError) {
    console.log(JSON.stringify({ step: 'plot', error: plotError.message }));
    process.exit(1);
  }
  console.log(JSON.stringify({ step: 'plot', answer: answer }));

  const stream = plotly.stream({ token: token, port: Number(streamPort) }, (streamError, result) => {
    console.log(JSON.stringify({ step: 'stream', error: streamError ? streamError.message : null, result: result }));
    process.exit(streamError ? 1 : 0);
  });
  let sent = 0;
  const timer = setInterval(() => {
    sent += 1;
    stream.write(JSON.stringify({ x: sent, y: sent * sent }) + '\n');
    if (sent === Number(count)) {
      clearInterval(timer);
      stream.write('\n');
      stream.end();
    }
  }, Number(intervalMs));
});
