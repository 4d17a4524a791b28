// Captures the URL and body @alicloud/pop-core would send, with a fixed clock and nonce, and
// without sending anything: its HTTP call is replaced before it happens. One JSON line in:
//   {"action", "params", "method", "key_id", "secret", "token"?, "timestamp", "nonce"}
// one JSON line out: {"url", "body"}. Run with NODE_PATH pointing at setup.sh's node_modules.
const readline = require('readline');
const popCoreDir = require('path').dirname(require.resolve('@alicloud/pop-core'));
const kitx = require(require.resolve('kitx', { paths: [popCoreDir] }));
const httpx = require(require.resolve('httpx', { paths: [popCoreDir] }));
const RPCClient = require('@alicloud/pop-core').RPCClient;

let captured = null;
httpx.request = async (url, opts) => {
  captured = { url, body: opts.data || null };
  throw new Error('captured');
};

const RealDate = Date;
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const r = JSON.parse(line);
  const fixed = new RealDate(r.timestamp).getTime();
  global.Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [fixed])); } static now() { return fixed; } };
  kitx.makeNonce = () => r.nonce;
  const client = new RPCClient({
    accessKeyId: r.key_id, accessKeySecret: r.secret, securityToken: r.token,
    endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com', apiVersion: '2014-05-26',
  });
  captured = null;
  try {
    await client.request(r.action, r.params, { method: r.method, formatParams: false });
  } catch (e) { /* the stubbed send throws once it has captured */ }
  global.Date = RealDate;
  process.stdout.write(JSON.stringify(captured) + '\n');
});
