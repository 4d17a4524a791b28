// Signs with the official Node SDK, one JSON line in, one JSON line out:
//   {"method": "GET", "secret": "...", "params": {name: value}}  ->  {"signature": "..."}
// Run with NODE_PATH pointing at the node_modules of setup.sh.
const readline = require('readline');
const OpenApiUtil = require('@alicloud/openapi-util').default;

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const req = JSON.parse(line);
  let out;
  try {
    out = { signature: OpenApiUtil.getRPCSignature(req.params, req.method, req.secret) };
  } catch (e) {
    out = { error: String(e) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
