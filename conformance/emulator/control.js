// The emulator's control API from Node (the SDK checks' one client of it): control(url) gives
// `(method, what, body) => Promise<parsed JSON or null>` for `${url}/_emulator/${what}`.
const http = require('http');

module.exports = function control(url) {
  return (method, what, body) => new Promise((resolve, reject) => {
    const data = body === undefined ? null : JSON.stringify(body);
    const headers = data ? { 'content-type': 'application/json' } : {};
    const req = http.request(`${url}/_emulator/${what}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve(text ? JSON.parse(text) : null));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
};
