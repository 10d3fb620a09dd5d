// Runs the unmodified npm plotly client's plot() and prints the /clientresp request it would send, as JSON, instead
// of sending it: https.request is replaced by a recorder before plotly is loaded. Input (stdin): {username, apiKey, data, graphOptions}.
'use strict';
const https = require('https');
let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const figure = JSON.parse(input);
  https.request = (options) => {
    const chunks = [];
    return {
      on() { return this; },
      write(data) { chunks.push(Buffer.from(data)); },
      end() {
        process.stdout.write(JSON.stringify({
          method: options.method,
          path: options.path,
          headers: options.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }));
      },
    };
  };
  const plotly = require('plotly')({ username: figure.username, apiKey: figure.apiKey, host: '127.0.0.1', port: 1 });
  plotly.plot(figure.data, figure.graphOptions, () => {});
});
