#!/usr/bin/env node
// The report card's Node SDK: @alicloud/pop-core, with its default settings, through the
// scenarios of report_card.py (which writes the card); prints one JSON line per scenario.
// Usage: NODE_PATH=.../node_modules report_card_node.js http://127.0.0.1:PORT
const RPCClient = require('@alicloud/pop-core').RPCClient;

const URL = process.argv[2].replace(/\/$/, '');
const KEY = 'LTAI5tEmulatorKeyId0001';
const SECRET = 'EmulatorSecret0123456789abcdefgh';
const INSTANCE = 'i-emu0stopped000000001';
const STARTING = 'i-card0starting000001';
const SCENARIOS = {
  throttled: { kind: 'error', status: 400, code: 'Throttling.User', retry_after_seconds: 2 },
  unavailable: { kind: 'error', status: 503, code: 'ServiceUnavailable' },
  dropped: { kind: 'drop' },
  dropped_after_commit: { kind: 'drop_after_commit' },
  starting: null,
};

const control = require('./control.js')(URL);

async function judge(caller, instance) {
  const journal = await control('GET', 'journal');
  const present = (await control('GET', 'state')).instances.some((i) => i.instance_id === instance);
  const kinds = [...new Set((await control('GET', 'report')).findings.map((f) => f.kind).filter((k) => k !== 'lint'))].sort();
  const retried = journal.length > 1;
  const has = (k) => kinds.includes(k);
  return {
    sent: journal.length,
    token: retried ? (has('client_token_changed') || has('missing_client_token') ? 'changed' : 'kept') : '-',
    nonce: retried ? (has('nonce_reused') ? 'reused' : 'fresh') : '-',
    wait: retried ? (has('retried_too_soon') ? 'too soon' : 'honoured') : '-',
    caller,
    instance: present ? 'still there' : 'released',
    findings: kinds.join(', ') || 'none',
  };
}

async function main() {
  for (const [scenario, fault] of Object.entries(SCENARIOS)) {
    await control('POST', 'reset');
    let instance = INSTANCE;
    if (fault) {
      await control('POST', 'faults', { ...fault, action: 'DeleteInstances', times: 1 });
    } else {
      const at = new Date(Date.now() + 3000).toISOString().replace(/\.\d+Z$/, 'Z');
      await control('PUT', `instances/${STARTING}`, { status: 'Starting', next: { status: 'Stopped', at } });
      instance = STARTING;
    }
    const client = new RPCClient({ accessKeyId: KEY, accessKeySecret: SECRET, endpoint: URL, apiVersion: '2014-05-26' });
    let caller = 'success';
    try {
      await client.request('DeleteInstances', { RegionId: 'cn-hangzhou', 'InstanceId.1': instance, ClientToken: `card-${instance}` }, { method: 'POST' });
    } catch (e) {
      caller = e.code && !e.code.startsWith('E') ? e.code : `client error ${e.code || e.name}`;
    }
    console.log(JSON.stringify({ sdk: '@alicloud/pop-core 1.8.0 (V1)', scenario, cells: await judge(caller, instance) }));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
