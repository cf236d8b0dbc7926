// privacy-op.test.mjs: privacy masking through the wasm engine (ws.setSalt,
// ws.sql and ws.values with and without unmask, ws.maskedCsv, the
// assistant's run_sql tool), agreeing token for token with the native CLI
// given the same salt (docs/privacy.md).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine, cli, DATA } from './helpers.mjs';

const SALT = '000102030405060708090a0b0c0d0e0f';
const FILES = ['privacy_customers.csv', 'privacy_events.csv'].map((f) => join(DATA, 'fixtures', f));
let engine = null;
let ws = null;

async function loaded() {
  if (ws) return ws;
  engine = await loadEngine();
  ws = engine.newWorkspace();
  ws.setSalt(SALT);
  for (const f of FILES) await ws.load(f.split('/').pop(), readFileSync(f));
  return ws;
}
after(() => ws && ws.free());

const TOKEN = /^(email|phone|name|ip|card):[0-9a-f]{12}$/;

test('info_should_mark_the_personal_columns', async () => {
  const info = (await loaded()).info();
  const pii = (d) => Object.fromEntries(d.columns.filter((c) => c.pii).map((c) => [c.name, c.pii]));
  assert.deepEqual(pii(info.datasets[0]), { name: 'name', email: 'email', phone: 'phone', ip_address: 'ip', card_last4: 'card' });
  assert.deepEqual(pii(info.datasets[1]), { user_id: 'email' });
});

test('sql_should_give_the_same_tokens_as_the_cli', async () => {
  const q = 'SELECT customer_id, email, phone, card_last4 FROM privacy_customers ORDER BY customer_id';
  const res = (await loaded()).sql({ query: q });
  for (const row of res.rows) for (const cell of row.slice(1)) assert.match(cell, TOKEN);
  const text = cli('sql', '--salt', SALT, ...FILES, '--query', q);
  const lines = text.trim().split('\n').slice(2, -1).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(lines, res.rows);
  assert.ok(!/@/.test(text));
});

test('sql_should_join_on_tokens_and_unmask_only_when_asked', async () => {
  const w = await loaded();
  // events whose user is a customer: ann 2, bo 1, cy 2 (eve is none)
  const j = w.sql({ query: 'SELECT count(*) FROM privacy_events e JOIN privacy_customers c ON e.user_id = c.email' });
  assert.equal(j.rows[0][0], 5);
  assert.equal(w.sql({ query: "SELECT email FROM privacy_customers WHERE customer_id = 'c2'", unmask: true }).rows[0][0], 'bo@example.org');
  // the next query without unmask is masked again
  assert.match(w.sql({ query: "SELECT email FROM privacy_customers WHERE customer_id = 'c2'" }).rows[0][0], TOKEN);
});

test('values_should_be_tokens_unless_unmasked', async () => {
  const w = await loaded();
  const masked = w.values({ kind: 'customers', column: 'email' });
  assert.equal(masked.values.length, 4);
  for (const v of masked.values) assert.match(v, /^email:/);
  const raw = w.values({ kind: 'customers', column: 'email', unmask: true });
  assert.deepEqual(raw.values, ['ann@example.com', 'bo@example.org', 'cy@example.net', 'di@example.com']);
  assert.deepEqual(w.values({ kind: 'customers', column: 'plan' }).values, ['Basic', 'Pro', 'Team']);
});

test('the_assistants_sql_tool_should_never_unmask', async () => {
  const w = await loaded();
  const out = w.tool({ name: 'run_sql', args: { query: 'SELECT email, name FROM privacy_customers' }, unmask: true });
  const text = JSON.stringify(out);
  assert.ok(!text.includes('@example'), text);
  assert.ok(!text.includes('Ann Lee'), text);
  // list_datasets tells the model which columns hold tokens
  const cols = w.tool({ name: 'list_datasets', args: null }).datasets[1].columns;
  assert.deepEqual(cols.map((c) => c.pii ?? null), ['email', null, null, null]);
});

test('masked_csv_should_read_back_to_the_same_tokens', async () => {
  const w = await loaded();
  const csv = w.maskedCsv(0);
  assert.ok(!csv.includes('@') && !csv.includes('Ann Lee') && !csv.includes('192.0.2.10'), csv);
  assert.equal(csv.split('\n')[0], 'customer_id,name,email,phone,ip_address,plan,signup_at,mrr,card_last4');
  const before = w.sql({ query: 'SELECT email, name FROM privacy_customers ORDER BY customer_id' }).rows;
  // a recipient with another salt sees the same tokens: a token stays as it is
  const other = engine.newWorkspace();
  try {
    other.setSalt('ffeeddccbbaa99887766554433221100');
    await other.load('privacy_customers.csv', new TextEncoder().encode(csv));
    assert.deepEqual(other.sql({ query: 'SELECT email, name FROM privacy_customers ORDER BY customer_id' }).rows, before);
  } finally {
    other.free();
  }
});

test('a_bad_salt_should_be_refused', async () => {
  const w = await loaded();
  assert.throws(() => w.setSalt('xyz'), (e) => e.status === 'LS_EINVAL' && /32 hex digits/.test(e.message));
  assert.throws(() => w.maskedCsv(7), (e) => e.status === 'LS_EINVAL');
});
