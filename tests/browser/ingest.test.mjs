// ingest.test.mjs: every kind of file the engine reads, dropped on the page,
// shows what it is and how it was read; the mapping panel changes roles and
// types and remembers the mapping by header; ragged rows can be fixed from the
// error; bad files fail alone; the time zone moves the DAU periods.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, kpi, shotPath, DATA } from './helpers.mjs';

const FX = join(DATA, 'fixtures');
let site, browser, dir;

/* A payments-like file of 200 rows whose amount column is text only because
 * of one cell ("oops", line 58), with a duplicate order id (line 121), a
 * negative amount (line 81) and a future date (line 151). */
function nearAmountCsv() {
  const rows = ['order_id,customer_id,amount,created_at,status'];
  for (let i = 1; i <= 200; i++) {
    const amount = i === 57 ? 'oops' : i === 80 ? '-3.00' : (i * 1.5).toFixed(2);
    const id = i === 120 ? 5 : i;
    const ts = i === 150 ? '2031-01-01 10:00' : `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}`;
    rows.push(`${id},c${i % 17},${amount},${ts},paid`);
  }
  return rows.join('\n') + '\n';
}

const FILES = {
  'near_amount.csv': nearAmountCsv(),
  // line 3 has 3 fields, line 4 has 5
  'ragged.csv': 'order_id,customer_id,amount,created_at\n1,c1,10.00,2026-01-02\n2,c2,12.50\n3,c3,7.25,2026-01-04,extra\n4,c4,5.00,2026-01-05\n',
  'zipped.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0x22, 0x61, 0x62, 0x63, 0]),
  'empty.csv': '',
  // two monthly files with one header, and another dataset beside them
  'orders_jan.csv': 'order_id,customer_id,amount,created_at,code\n1,c1,10.00,2026-01-02,7\n2,c2,12.50,2026-01-03,8\n',
  'orders_feb.csv': 'order_id,customer_id,amount,created_at,code\n3,c3,7.25,2026-02-04,9\n',
  'binary.csv': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]),
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lodestar-ingest-'));
  await Promise.all(Object.entries(FILES).map(([name, body]) => writeFile(join(dir, name), body)));
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(opts) {
  const page = await newPage(browser, site, opts);
  await page.goto(site.url);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  return page;
}

/* Wait until no load or engine call is under way. */
async function idle(page) {
  await page.waitForFunction(() => document.body.dataset.state !== 'loading' && !document.querySelector('.progress-item'));
}

async function upload(page, files) {
  await page.setInputFiles('#file-input', files);
  await idle(page);
}

/* Show dataset `name` in the data view and read what it says. */
async function dataset(page, name) {
  await page.click('#tab-data'); // the datasets, their mapping and quality: the Data tab
  await page.click(`#data .data-tab:has(.data-tab-name:text-is(${JSON.stringify(name)}))`);
  await page.waitForFunction((n) => document.getElementById('data').dataset.dataset === n, name);
  return page.$eval('#data', (root) => {
    const m = root.querySelector('.mapping');
    const q = (k) => root.querySelector(`.q-item[data-q="${k}"]`);
    return {
      kind: m.dataset.kind,
      format: m.dataset.format,
      kindShown: m.querySelector('select[name=kind]').selectedOptions[0].textContent,
      rows: Number(q('rows').dataset.count),
      source: q('source').querySelector('dd').textContent,
      encoding: q('encoding')?.querySelector('dd').textContent ?? null,
      dialect: q('dialect')?.querySelector('dd').textContent ?? null,
      reason: m.querySelector('.map-reason').textContent,
      counts: Object.fromEntries(Array.from(root.querySelectorAll('.q-item[data-count]'), (el) => [el.dataset.q, Number(el.dataset.count)])),
      columns: Array.from(m.querySelectorAll('tbody tr'), (tr) => ({
        name: tr.dataset.column, type: tr.dataset.type, role: tr.dataset.role,
        bad: tr.querySelector('.map-bad').textContent,
      })),
    };
  });
}

const column = (d, name) => d.columns.find((c) => c.name === name);

test('every format the engine reads shows its kind, format, rows and encoding', async () => {
  const page = await open();
  const names = ['orders_gbk.csv', 'excel_unicode.txt', 'semicolon_decimal_comma.csv', 'mixpanel_events.jsonl',
    'segment_events.jsonl', 'amplitude_events.jsonl', 'events_small.csv.gz', 'sniff_alipay_preamble.csv', 'dialect_tab.tsv', 'shop.sqlite'];
  await upload(page, names.map((n) => join(FX, n)));
  assert.deepEqual(await page.$$eval('.banner', (b) => b.map((x) => x.textContent)), []);
  assert.deepEqual(await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent)),
    [...names.slice(0, -1), 'customers', 'orders', 'refunds', 'oddities']);

  const gbk = await dataset(page, 'orders_gbk.csv');
  assert.deepEqual([gbk.kind, gbk.format, gbk.rows], ['payments', 'generic', 20]);
  assert.equal(gbk.kindShown, 'Payments');
  assert.equal(gbk.encoding, 'GB18030 — not valid UTF-8; reads as GB18030');
  assert.match(gbk.reason, /^Generic table read as Payments by its column names: Order id, Customer id, /);
  assert.deepEqual(column(gbk, '实付金额'), { name: '实付金额', type: 'float', role: 'amount', bad: '0' });

  const excel = await dataset(page, 'excel_unicode.txt');
  assert.deepEqual([excel.kind, excel.rows], ['unknown', 6]);
  assert.equal(excel.encoding, 'UTF-16LE (with BOM) — from its byte order mark');
  assert.match(excel.dialect, /delimiter TAB/);

  const semi = await dataset(page, 'semicolon_decimal_comma.csv');
  assert.equal(semi.rows, 7);
  assert.match(semi.dialect, /delimiter ;/);
  assert.match(semi.dialect, /semicolon-separated/);
  assert.equal(column(semi, 'Betrag').type, 'float');

  for (const [name, format] of [['mixpanel_events.jsonl', 'mixpanel_events'], ['segment_events.jsonl', 'segment_events'], ['amplitude_events.jsonl', 'amplitude_events']]) {
    const d = await dataset(page, name);
    assert.deepEqual([d.kind, d.format, d.rows, d.dialect], ['events', format, 30, null], name);
    assert.match(d.source, /^JSON Lines/);
  }

  const gz = await dataset(page, 'events_small.csv.gz');
  assert.deepEqual([gz.kind, gz.rows], ['events', 10]);
  assert.match(gz.source, /^CSV · gzip · /);

  const alipay = await dataset(page, 'sniff_alipay_preamble.csv');
  assert.deepEqual([alipay.kind, alipay.format, alipay.rows], ['payments', 'alipay_bill', 10]);
  assert.equal(alipay.counts.dropped, 6, 'the summary rows after the data are counted');
  assert.match(alipay.dialect, /lines skipped 4/);
  assert.match(alipay.dialect, /comma-separated, double quotes, 11 columns in \d+ rows; header \(column “.+” reads as .+ below it\); 4 preamble lines skipped; 6 summary rows after the data dropped$/);
  assert.match(alipay.reason, /^Alipay bill: matched \d+ of \d+ columns$/);

  assert.deepEqual((await dataset(page, 'dialect_tab.tsv')).kind, 'payments');

  const orders = await dataset(page, 'orders');
  assert.deepEqual([orders.kind, orders.rows, orders.encoding], ['payments', 30, null]);
  assert.match(orders.source, /^SQLite database/);
  assert.equal((await dataset(page, 'refunds')).rows, 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('why a file was read so is worded in the chosen language, not in the engine\'s English', async () => {
  const page = await open({ locale: 'zh-CN' });
  await upload(page, [join(FX, 'orders_gbk.csv'), join(FX, 'sniff_alipay_preamble.csv')]);
  const gbk = await dataset(page, 'orders_gbk.csv');
  assert.equal(gbk.encoding, 'GB18030 — 不是有效的 UTF-8，可按 GB18030 读取');
  assert.match(gbk.reason, /^通用表格，按列名识别为付款：订单号、客户 ID、/);
  const alipay = await dataset(page, 'sniff_alipay_preamble.csv');
  assert.match(alipay.dialect, /逗号分隔，双引号，11 列（抽样 \d+ 行）；有表头（其下方“.+”列为.+）；跳过开头 4 行说明；丢弃数据后的 6 行汇总$/);
  assert.match(alipay.reason, /^支付宝账单：匹配了 \d+ 列中的 \d+ 列$/);
  for (const text of [gbk.encoding, gbk.dialect, gbk.reason, alipay.dialect, alipay.reason]) {
    assert.doesNotMatch(text, /separated|quotes|header|matched|valid|column names/, text);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('read as its near type, change kind and roles, and the mapping is remembered after a reload', async () => {
  const file = join(dir, 'near_amount.csv');
  let page = await open();
  await upload(page, [file]);
  let d = await dataset(page, 'near_amount.csv');
  assert.equal(d.kind, 'customers', 'amount is text, so no payments yet');
  assert.equal(column(d, 'amount').type, 'string');
  assert.match(column(d, 'amount').bad, /1 not Number.*line 58.*Read as Number/);

  // One click reads the file again with amount as a number: 1 cell stays null.
  await page.click('.mapping tr[data-column=amount] [data-read-as]');
  await idle(page);
  d = await dataset(page, 'near_amount.csv');
  assert.equal(column(d, 'amount').type, 'float');
  assert.equal(d.kind, 'payments');
  assert.equal(d.counts.unparseable, 1);
  assert.equal(d.counts.negative, 1);
  assert.equal(d.counts.future, 1);
  assert.equal(d.counts.duplicates, 1);
  assert.equal(await page.$$eval('#datasets tbody tr', (trs) => trs.length), 1, 'read again, not appended');

  // A type chosen in the select: the file is read again with that override.
  await page.selectOption('.mapping select[name=type][data-column=status]', 'bool');
  await idle(page);
  d = await dataset(page, 'near_amount.csv');
  assert.equal(column(d, 'status').type, 'bool');
  assert.equal(d.counts.unparseable, 201, '"paid" is not a bool, on any of 200 rows; plus the amount cell');
  await page.selectOption('.mapping select[name=type][data-column=status]', 'string');
  await idle(page);

  // A mapping the engine refuses changes nothing and says why.
  await page.selectOption('.mapping select[name=role][data-column=amount]', '');
  await page.click('.mapping [data-action=apply]');
  await page.waitForSelector('.mapping[data-state=refused] .map-error:not([hidden])');
  assert.match(await page.textContent('.map-error'), /payments datasets need a column for amount/);
  await page.click('.mapping [data-action=undo]');

  // Order id for the order_id column, no status: applied and remembered.
  await page.selectOption('.mapping select[name=role][data-column=order_id]', 'order_id');
  await page.selectOption('.mapping select[name=role][data-column=status]', '');
  await page.click('.mapping [data-action=apply]');
  await page.waitForFunction(() => document.querySelector('.mapping tr[data-column=order_id]')?.dataset.role === 'order_id');
  await idle(page);
  const roles = (x) => Object.fromEntries(x.columns.map((c) => [c.name, c.role]));
  const mapped = roles(await dataset(page, 'near_amount.csv'));
  assert.deepEqual(mapped, { order_id: 'order_id', customer_id: 'customer_id', amount: 'amount', created_at: 'created', status: '' });

  // After a reload the same header gets the same types and mapping, at once.
  await page.reload();
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  await upload(page, [file]);
  d = await dataset(page, 'near_amount.csv');
  assert.equal(column(d, 'amount').type, 'float', 'the type chosen is remembered');
  assert.equal(d.kind, 'payments');
  assert.deepEqual(roles(d), mapped, 'the remembered roles are applied to the same header');
  assert.equal(await page.$$eval('.banner', (b) => b.length), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Another browser profile (a new context: its own storage) starts from detection.
  page = await open();
  await upload(page, [file]);
  assert.equal((await dataset(page, 'near_amount.csv')).kind, 'customers');
  await page.context().close();
});

test('a type changed on an appended dataset reads only its files again, in place', async () => {
  const page = await newPage(browser, site);
  // count the files the page asks the worker to read
  await page.addInitScript(() => {
    window.__loads = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && msg.type === 'loadFile') window.__loads.push(msg.args.file.name);
      return post.call(this, msg, ...rest);
    };
  });
  await page.goto(site.url);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  await upload(page, [join(dir, 'orders_jan.csv'), join(dir, 'orders_feb.csv'), join(dir, 'near_amount.csv')]);
  const names = () => page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[2].textContent]));
  const before = await names();
  assert.deepEqual(before.map((r) => r[0]), ['orders_jan.csv', 'near_amount.csv']);
  let d = await dataset(page, 'orders_jan.csv');
  assert.equal(d.rows, 3);
  assert.equal(column(d, 'code').type, 'int');
  await page.evaluate(() => { window.__loads = []; });
  await page.selectOption('.mapping select[name=type][data-column=code]', 'string');
  await idle(page);
  assert.deepEqual(await page.evaluate(() => window.__loads), ['orders_jan.csv', 'orders_feb.csv'],
    'only the dataset\'s own files are read again');
  d = await dataset(page, 'orders_jan.csv');
  assert.equal(column(d, 'code').type, 'string');
  assert.equal(d.rows, 3, 'both monthly files, once each');
  assert.deepEqual(await names(), before, 'the other dataset and the order stay');
  await page.context().close();
});

test('ragged rows fail with the line; the banner pads and cuts them, counted in the report', async () => {
  const page = await open();
  await upload(page, [join(FX, 'orders_gbk.csv'), join(dir, 'ragged.csv')]);
  const banner = await page.waitForSelector('.banner');
  assert.match(await banner.textContent(), /ragged\.csv: line 3, column \d+: expected 4 fields, found 3/);
  assert.equal(await page.textContent('.banner [data-retry]'), 'Pad short rows and cut long ones');
  await page.click('.banner [data-retry]');
  await idle(page);
  assert.equal(await page.$$eval('.banner', (b) => b.length), 0);
  const d = await dataset(page, 'ragged.csv');
  assert.equal(d.rows, 4);
  assert.equal(d.counts.padded, 1);
  assert.equal(d.counts.truncated, 1);
  assert.match(await page.textContent('.q-item[data-q=padded] dd'), /1\s*line 3/);
  assert.match(await page.textContent('.q-item[data-q=truncated] dd'), /1\s*line 4/);
  assert.equal((await dataset(page, 'orders_gbk.csv')).rows, 20, 'the earlier dataset stays');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('bad files each show the engine message and leave the loaded datasets', async () => {
  const page = await open();
  await upload(page, [join(FX, 'orders_gbk.csv')]);
  const cases = [
    ['zipped.csv', /zipped\.csv: not a CSV file: a zip archive/],
    ['empty.csv', /empty\.csv: empty file/],
    ['binary.csv', /binary\.csv: not a CSV file: binary data/],
    ['malformed.csv', /malformed\.csv: line 3/],
  ];
  for (const [name, want] of cases) {
    await upload(page, [name === 'malformed.csv' ? join(DATA, name) : join(dir, name)]);
    const text = await page.textContent('.banner:last-child .banner-message');
    assert.match(text, want);
    assert.equal(await page.$$eval('.banner:last-child [data-retry]', (b) => b.length), 0, `${name}: nothing to retry`);
    assert.deepEqual(await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent)), ['orders_gbk.csv']);
  }
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a load shows MB/s and rows, and cancelling it keeps what was loaded', async () => {
  const page = await open();
  await upload(page, [join(FX, 'orders_gbk.csv')]);
  await page.evaluate(() => {
    // 300 MB: still loading when the cancel comes, at a few hundred MB/s (a 90 MB file no longer was)
    const million = 'u1,view,2026-03-01T09:00:00Z\n'.repeat(1_000_000);
    const big = new File(['user_id,event,timestamp\n', ...Array(10).fill(million)], 'big.csv');
    const dt = new DataTransfer();
    dt.items.add(big);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => Number(document.querySelector('.progress-item')?.dataset.rows) > 0);
  assert.match(await page.textContent('.progress-item .progress-stats'), /^[\d.,]+ MB\/s · [\d,]+ rows$/);
  assert.match(await page.textContent('.progress-item .progress-pct'), /^\d+%$/);
  await page.locator('#dropzone').screenshot({ path: shotPath('progress-en-1280.png') });
  await page.click('.progress-item [data-cancel]');
  await idle(page);
  assert.deepEqual(await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent)), ['orders_gbk.csv']);
  assert.equal(await page.$$eval('.banner', (b) => b.length), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the time zone picker moves the DAU periods and is remembered', async () => {
  const page = await open({ timezoneId: 'UTC' });
  assert.equal(await page.inputValue('#tz-select'), 'UTC');
  await upload(page, [join(DATA, 'events_small.csv')]);
  await page.waitForSelector('[data-chart=active_users][data-periods]');
  assert.equal((await kpi(page, 'dau')).period, '2026-03-10');
  assert.equal(await page.getAttribute('[data-chart=active_users]', 'data-periods'), '2026-03-01 2026-03-10');

  await page.selectOption('#tz-select', 'Asia/Tokyo');
  await page.waitForFunction(() => document.querySelector('[data-metric=dau]').dataset.period === '2026-03-11');
  await idle(page);
  assert.equal(await page.getAttribute('[data-chart=active_users]', 'data-periods'), '2026-03-01 2026-03-11');
  assert.equal(await page.getAttribute('[data-tz]', 'data-tz'), 'Asia/Tokyo');

  await page.reload();
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  assert.equal(await page.inputValue('#tz-select'), 'Asia/Tokyo');
  await upload(page, [join(DATA, 'events_small.csv')]);
  assert.equal((await kpi(page, 'dau')).period, '2026-03-11');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the browser zone is the default when the engine knows it', async () => {
  const page = await open({ timezoneId: 'Asia/Taipei' });
  assert.equal(await page.inputValue('#tz-select'), 'Asia/Taipei');
  assert.equal(await page.getAttribute('[data-tz]', 'data-tz'), 'Asia/Taipei');
  await page.context().close();
  const other = await open({ timezoneId: 'Africa/Nairobi' });
  assert.equal(await other.inputValue('#tz-select'), 'UTC');
  await other.context().close();
});

test('screenshots: the mapping panel and quality report, English and 简体中文, wide and narrow', async () => {
  for (const [locale, tag] of [['en-US', 'en'], ['zh-CN', 'zh-CN']]) {
    for (const width of [1280, 390]) {
      const page = await open({ locale, width, height: 2400 }); // tall: the whole view in one shot
      await upload(page, [join(FX, 'orders_gbk.csv'), join(dir, 'near_amount.csv')]);
      await dataset(page, 'near_amount.csv');
      await page.click('.mapping tr[data-column=amount] [data-read-as]'); // payments: every check has something
      await idle(page);
      await dataset(page, 'near_amount.csv');
      await page.locator('#data').screenshot({ path: shotPath(`data-${tag}-${width}.png`) });
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  }
});
