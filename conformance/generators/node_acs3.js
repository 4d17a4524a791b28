// Signature V3 with the official Node SDK, one JSON line in, one out:
//   {"method", "pathname", "query", "headers", "payload", "key_id", "secret", "algorithm"?}
//     -> {"authorization"}
// `algorithm` defaults to ACS3-HMAC-SHA256; for ACS3-RSA-SHA256 `secret` is the private key, PEM.
// Run with NODE_PATH pointing at the node_modules of setup.sh.
const readline = require('readline');
const OpenApiUtil = require('@alicloud/openapi-util').default;

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const r = JSON.parse(line);
  const request = { method: r.method, pathname: r.pathname, query: r.query, headers: r.headers };
  const authorization = OpenApiUtil.getAuthorization(request, r.algorithm || 'ACS3-HMAC-SHA256', r.payload, r.key_id, r.secret);
  process.stdout.write(JSON.stringify({ authorization }) + '\n');
});
