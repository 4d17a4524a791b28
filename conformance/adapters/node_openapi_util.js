#!/usr/bin/env node
// Conformance adapter for @alicloud/openapi-util (Node): rpc-sign-v1 and acs3-sign.
//
// Speaks the JSON-lines protocol of conformance/SPEC.md. The SDK exposes only final values: the V1
// signature (getRPCSignature) and the V3 Authorization (getAuthorization), so the output holds
// `signature` (and `authorization` for V3); the runner compares the keys an adapter gives.
// Each V3 algorithm is the SDK's own; for ACS3-RSA-SHA256 the SDK takes the key only as PKCS#8
// (it wraps anything else in `PRIVATE KEY` armour), so a PKCS#1 PEM is converted first.
// Unsupported: other suites; repeated names (the SDK takes objects); a path other than "/".
// Run with NODE_PATH pointing at a node_modules that holds the SDK.
const crypto = require('crypto');
const readline = require('readline');
const OpenApiUtil = require('@alicloud/openapi-util').default;

function unique(pairs) {
  return new Set(pairs.map((p) => p[0])).size === pairs.length;
}

const suites = {
  'rpc-sign-v1': (input) => {
    if (!unique(input.params)) return null;
    const params = Object.fromEntries(input.params);
    return { signature: OpenApiUtil.getRPCSignature(params, input.method, input.access_key_secret) };
  },
  'acs3-sign': (input) => {
    if (!unique(input.query) || !unique(input.headers) || (input.path || '/') !== '/') return null;
    const request = {
      method: input.method, pathname: '/', query: Object.fromEntries(input.query),
      headers: Object.fromEntries(input.headers),
    };
    const algorithm = input.algorithm || 'ACS3-HMAC-SHA256';
    const payload = OpenApiUtil.hexEncode(OpenApiUtil.hash(Buffer.from(input.body || '', 'utf8'), algorithm));
    let secret = input.access_key_secret;
    if (algorithm === 'ACS3-RSA-SHA256' && secret.includes('-----BEGIN RSA PRIVATE KEY-----')) {
      secret = crypto.createPrivateKey(secret).export({ type: 'pkcs8', format: 'pem' }).trim();
    }
    const auth = OpenApiUtil.getAuthorization(request, algorithm, payload, input.access_key_id, secret);
    return { authorization: auth, signature: auth.split('Signature=').pop() };
  },
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  const run = suites[request.suite];
  const output = run ? run(request.input) : null;
  process.stdout.write(JSON.stringify(output === null ? { unsupported: true } : { output }) + '\n');
});
