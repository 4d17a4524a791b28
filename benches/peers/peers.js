// Times @alicloud/openapi-util signing the two bench requests and checks its signatures equal
// ours, V1 and V3 with each algorithm. Usage: NODE_PATH=... node peers.js OURS_ONE OURS_HUNDRED
// OURS_V3_ONE OURS_V3_HUNDRED OURS_SM3_ONE OURS_SM3_HUNDRED OURS_RSA_ONE OURS_RSA_HUNDRED RSA_KEY_PEM
const OpenApiUtil = require('@alicloud/openapi-util').default;

const common = {
  Format: 'JSON', Timestamp: '2026-11-23T08:30:00Z', SignatureNonce: '6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f',
  SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', AccessKeyId: 'LTAI5tExampleKeyId', Version: '2014-05-26',
};
const one = Object.assign({ Action: 'DeleteInstance', InstanceId: 'i-bp1g6zv0ce8oghu7k2zz', RegionId: 'cn-hangzhou', Force: 'true' }, common);
const hundred = Object.assign({ Action: 'DeleteInstances', RegionId: 'cn-hangzhou' }, common);
for (let n = 1; n <= 100; n++) hundred[`InstanceId.${n}`] = `i-bp1g6zv0ce8oghu7k${String(n).padStart(3, '0')}z`;

const secret = 'ExampleSecret0123456789abcdefgh';
[['delete_instance', one, process.argv[2], 20000], ['delete_instances_100', hundred, process.argv[3], 2000]].forEach(([name, params, ours, number]) => {
  const sig = OpenApiUtil.getRPCSignature(params, 'GET', secret);
  if (sig !== ours) throw new Error(`@alicloud/openapi-util signs ${name} as ${sig}, we as ${ours}`);
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < number; i++) OpenApiUtil.getRPCSignature(params, 'GET', secret);
    runs.push(Number(process.hrtime.bigint() - t) / number / 1000);
  }
  runs.sort((a, b) => a - b);
  console.log(`@alicloud/openapi-util\t${name}\tsignature (equal to ours)\t${runs[3].toFixed(2)} us`);
});

// Signature V3: getAuthorization over the same requests, headers as we send them, with each
// algorithm (the RSA key as the Node util takes it: PKCS#8).
const crypto = require('crypto');
const pkcs8 = crypto.createPrivateKey(require('fs').readFileSync(process.argv[10]))
  .export({ type: 'pkcs8', format: 'pem' }).trim();
const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const emptySm3 = crypto.createHash('sm3').update('').digest('hex');
[
  ['ACS3-HMAC-SHA256', 'x-acs-content-sha256', emptySha256, secret, 'V3', 4, 1],
  ['ACS3-HMAC-SM3', 'x-acs-content-sm3', emptySm3, secret, 'V3 SM3', 6, 1],
  ['ACS3-RSA-SHA256', 'x-acs-content-sha256', emptySha256, pkcs8, 'V3 RSA', 8, 20],
].forEach(([algorithm, bodyHeader, empty, key, label, arg, slower]) => {
[['delete_instance', one, process.argv[arg], 20000 / slower], ['delete_instances_100', hundred, process.argv[arg + 1], 2000 / slower]].forEach(([name, params, ours, number]) => {
  const query = {};
  for (const [k, v] of Object.entries(params)) if (!(k in common) && k !== 'Action') query[k] = v;
  const request = {
    method: 'POST', pathname: '/', query,
    headers: {
      host: 'ecs.cn-hangzhou.aliyuncs.com', 'x-acs-action': params.Action, 'x-acs-version': '2014-05-26',
      'x-acs-date': common.Timestamp, 'x-acs-signature-nonce': common.SignatureNonce, [bodyHeader]: empty,
    },
  };
  const sign = () => OpenApiUtil.getAuthorization(request, algorithm, empty, 'LTAI5tExampleKeyId', key);
  if (sign() !== ours) throw new Error(`@alicloud/openapi-util ${label} signs ${name} as ${sign()}, we as ${ours}`);
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < number; i++) sign();
    runs.push(Number(process.hrtime.bigint() - t) / number / 1000);
  }
  runs.sort((a, b) => a - b);
  console.log(`@alicloud/openapi-util\t${name}\t${label} Authorization (equal to ours)\t${runs[3].toFixed(2)} us`);
});
});
