#!/usr/bin/env node
// @alicloud/pop-core against `ecs-conformance serve`, through its own public API (RPCClient,
// signature V1; GET and POST with a form body). Checks the code and status its users see and the
// state afterwards through the control API; prints one line per check; exits 1 on a failure.
// Usage: NODE_PATH=.../node_modules sdk_node.js http://127.0.0.1:PORT
const RPCClient = require('@alicloud/pop-core').RPCClient;

const URL = process.argv[2].replace(/\/$/, '');
const KEY = 'LTAI5tEmulatorKeyId0001';
const SECRET = 'EmulatorSecret0123456789abcdefgh';
const REGION = 'cn-hangzhou';

const control = require('./control.js')(URL);

async function instances() {
  return new Set((await control('GET', 'state')).instances.map((i) => i.instance_id));
}

function check(what, got, want) {
  const same = JSON.stringify(got) === JSON.stringify(want);
  console.log(`${same ? 'ok  ' : 'FAIL'} @alicloud/pop-core ${what}: ${JSON.stringify(got)}${same ? '' : ` (want ${JSON.stringify(want)})`}`);
  if (!same) process.exit(1);
}

async function call(method, action, params, secret = SECRET) {
  const client = new RPCClient({ accessKeyId: KEY, accessKeySecret: secret, endpoint: URL, apiVersion: '2014-05-26' });
  try {
    await client.request(action, params, { method, timeout: 10000 });
    return ['ok', 200];
  } catch (e) {
    const status = e.entry && e.entry.response ? e.entry.response.statusCode : null;
    return [e.code || e.name, status];
  }
}

async function main() {
  for (const method of ['GET', 'POST']) {
    const one = (id, extra = {}) => Object.assign({ InstanceId: id, RegionId: REGION }, extra);
    await control('POST', 'reset');
    check(`${method} stopped instance released`, await call(method, 'DeleteInstance', one('i-emu0stopped000000002')), ['ok', 200]);
    const journal = await control('GET', 'journal');
    check(`${method} signature version`, journal[journal.length - 1].signature_version, '1.0');
    check(`${method} state after release`, (await instances()).has('i-emu0stopped000000002'), false);
    check(`${method} protected`, await call(method, 'DeleteInstance', one('i-emu0protected0000001')), ['InvalidOperation.DeletionProtection', 403]);
    check(`${method} running without Force`, await call(method, 'DeleteInstance', one('i-emu0running000000001')), ['IncorrectInstanceStatus', 403]);
    check(`${method} dry run`, await call(method, 'DeleteInstance', one('i-emu0running000000001', { Force: true, DryRun: true })), ['DryRunOperation', 400]);
    check(`${method} running with Force`, await call(method, 'DeleteInstance', one('i-emu0running000000001', { Force: true })), ['ok', 200]);
    check(`${method} expired subscription`, await call(method, 'DeleteInstance', one('i-emu0expired000000001')), ['ChargeTypeViolation', 403]);
    check(`${method} expired, TerminateSubscription`, await call(method, 'DeleteInstance', one('i-emu0expired000000001', { TerminateSubscription: true })), ['ok', 200]);
    check(`${method} not found`, await call(method, 'DeleteInstance', one('i-emu0missing00000001')), ['InvalidInstanceId.NotFound', 404]);
    await control('POST', 'faults', { action: '*', kind: 'error', status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' });
    check(`${method} throttled (a fault)`, await call(method, 'DeleteInstance', one('i-emu0stopped000000001')), ['Throttling.User', 400]);
    check(`${method} state after throttling`, (await instances()).has('i-emu0stopped000000001'), true);
    const batch = { RegionId: REGION, 'InstanceId.1': 'i-emu0stopped000000001', ClientToken: `node-${method}` };
    check(`${method} batch with ClientToken`, await call(method, 'DeleteInstances', batch), ['ok', 200]);
    check(`${method} same ClientToken again`, await call(method, 'DeleteInstances', batch), ['ok', 200]);
    check(`${method} same ClientToken, other ids`, await call(method, 'DeleteInstances', Object.assign({}, batch, { 'InstanceId.1': 'i-emu0beijing000000001' })), ['IdempotentParameterMismatch', 400]);
    check(`${method} wrong secret`, await call(method, 'DeleteInstance', one('i-emu0stopped000000002'), 'not-the-secret'), ['SignatureDoesNotMatch', 400]);
    await control('POST', 'faults', { action: '*', kind: 'gateway', status: 502 });
    console.log(`note @alicloud/pop-core ${method} a 502 gateway page surfaces as ${JSON.stringify(await call(method, 'DeleteInstance', one('i-emu0stopped000000002')))}`);
    await control('POST', 'reset');
    await control('POST', 'faults', { action: '*', kind: 'error', status: 503, code: 'ServiceUnavailable', message: 'busy' });
    await call(method, 'DeleteInstance', one('i-emu0stopped000000002'));
    console.log(`note @alicloud/pop-core ${method} after one 503: ${(await control('GET', 'journal')).length} request(s) sent (no retry of its own)`);
  }
  console.log('node SDK: every check passed');
}

main().catch((e) => { console.error(e); process.exit(1); });
