// reviews-view.test.mjs: the Reviews view on the demo against a worker of the
// test's own running the same reviews op: negatives / total, the counts and
// latest rates per category, the rate chart (a canvas) and the table; the
// appeals export; "Classify with AI" against the mock provider
// (tests/mock/llm-server.mjs: batches of 40 with the submit_labels tool
// forced, nothing sent before the preview is confirmed, a wrong key worded);
// the empty state; zh-CN labels. Screenshots build/screenshots/reviews-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, newPage, shotPath, workerOps } from './helpers.mjs';
import { startMockLlm } from '../mock/llm-server.mjs';

const DRAWN = '#reviews[data-state=drawn]';
const CATS = ['logistics', 'product_quality', 'other'];
const pct = (v) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v);
let site, browser, mock, ref;

before(async () => {
  [site, browser, mock] = await Promise.all([startSite(), launchBrowser(), startMockLlm()]);
  const page = await newPage(browser, site);
  await page.goto(site.url);
  [ref] = await workerOps(page, [['reviews', { grain: 'week' }]]);
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

async function open(hash, ready, opts = {}) {
  const page = await newPage(browser, site, { width: 1280, height: 900, ...opts });
  if (opts.storage) await page.addInitScript((kv) => { for (const [k, v] of Object.entries(kv)) localStorage.setItem(k, v); }, opts.storage);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector(ready, { timeout: 60000 });
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return page;
}

/* The mock's own categories (its script in the contract): what the page must show after classifying. */
function mockCategory(text) {
  const s = text.toLowerCase();
  if (/deliver|ship|courier|快递|物流/.test(s)) return 'logistics';
  if (/broke|defect|质量|坏/.test(s)) return 'product_quality';
  return 'other';
}

test('the demo has a reviews table with negatives in every category', () => {
  assert.ok(ref.total > 1000 && ref.negatives > 100, `${ref.negatives} / ${ref.total}`);
  for (const c of CATS) assert.ok(ref.counts[c] > 0, c);
  assert.ok(ref.periods.length > 40, 'a year of weeks');
  assert.ok(ref.appeals.length > 0);
});

test('the view shows negatives / total, each category\'s count and latest rate, the chart and the table as the op computes them', async () => {
  const page = await open('#demo&view=reviews', DRAWN);
  const neg = await page.$eval('#reviews [data-reviews=negatives]', (c) => ({ count: c.dataset.count, total: c.dataset.total,
    value: c.querySelector('.kpi-value').textContent, foot: c.querySelector('.kpi-foot').textContent }));
  assert.equal(neg.count, String(ref.negatives));
  assert.equal(neg.total, String(ref.total));
  assert.equal(neg.value, `${ref.negatives.toLocaleString('en')} / ${ref.total.toLocaleString('en')}`);
  assert.ok(neg.foot.startsWith(`${pct(ref.negatives / ref.total)} of all reviews`), neg.foot);
  assert.ok(neg.foot.endsWith(`Negative: a rating of ${ref.negative_rule.at_most} or less (the highest is ${ref.negative_rule.max_rating})`), neg.foot);
  const last = ref.periods.length - 1;
  for (const c of CATS) {
    const card = await page.$eval(`#reviews [data-category=${c}]`, (x) => ({ count: x.dataset.count, rate: x.dataset.rate, text: x.textContent }));
    assert.equal(card.count, String(ref.counts[c]), c);
    assert.equal(card.rate, String(ref.rate[c][last]), c);
    assert.ok(card.text.includes(pct(ref.rate[c][last])), `${c} shows its latest rate: ${card.text}`);
    assert.ok(card.text.includes(pct(ref.counts[c] / ref.negatives)), `${c} shows its share of the negatives: ${card.text}`);
  }
  // the chart: a canvas, one line per category, the op's rates (a week without reviews is a gap)
  assert.ok(await page.$('#reviews [data-chart=reviews-rate] canvas'), 'the chart is drawn');
  const chart = await page.$eval('#reviews [data-chart=reviews-rate]', (p) => p.chart);
  assert.deepEqual(chart.periods, ref.periods);
  for (const c of CATS) assert.deepEqual(chart.rate[c], ref.rate[c].map((v, i) => (ref.reviews[i] > 0 ? v : null)), c);
  assert.equal(await page.$$eval('#reviews .u-legend .u-series', (s) => s.length), 4, 'x and three categories');
  // the table: the op's items, newest first, 100 at a time, texts as text with the evidence marked
  const rows = await page.$$eval('#reviews [data-reviews=table] tbody tr', (rs) => rs.map((r) => ({
    row: Number(r.dataset.row), category: r.dataset.category, source: r.dataset.source,
    text: r.querySelector('.reviews-text').textContent, mark: r.querySelector('.reviews-text mark')?.textContent ?? null })));
  assert.equal(rows.length, Math.min(100, ref.items.length));
  rows.forEach((r, i) => {
    const want = ref.items[i];
    assert.deepEqual([r.row, r.category, r.source, r.text], [want.row, want.category, 'rules', want.text]);
    if (want.evidence && want.text.includes(want.evidence)) assert.equal(r.mark, want.evidence, `row ${r.row}`);
  });
  assert.ok(rows.some((r) => r.mark), 'some evidence is marked');
  await page.selectOption('#reviews [data-reviews=filter]', 'logistics');
  const shown = await page.$$eval('#reviews [data-reviews=table] tbody tr', (rs) => rs.map((r) => r.dataset.category));
  assert.equal(shown.length, Math.min(100, ref.counts.logistics));
  assert.ok(shown.every((c) => c === 'logistics'));
  await page.selectOption('#reviews [data-reviews=filter]', '');
  // without a key: the way to set one up, no AI button
  assert.equal(await page.isVisible('#reviews [data-reviews=ai-classify]'), false);
  assert.equal(await page.textContent('#reviews [data-reviews=ai-setup]'), 'Set up a key in the Assistant');
  await page.screenshot({ path: shotPath('reviews-en.png'), fullPage: true });
  await page.click('#reviews [data-reviews=ai-setup]');
  await page.waitForFunction(() => document.body.dataset.view === 'assistant');
  assert.match(await page.evaluate(() => location.hash), /view=assistant/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Export appeals downloads the op\'s appeal records as appeals-YYYY-MM-DD.json', async () => {
  const page = await open('#demo&view=reviews', DRAWN);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#reviews [data-reviews=export]')]);
  const today = await page.evaluate(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-'); });
  assert.equal(download.suggestedFilename(), `appeals-${today}.json`);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const appeals = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.deepEqual(appeals, ref.appeals);
  for (const a of appeals) {
    for (const k of ['order_id', 'category', 'reason', 'evidence']) assert.ok(k in a, `${k} in ${JSON.stringify(a)}`);
    assert.equal(a.category, 'logistics', 'only logistics complaints are appealable');
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/* A page of the demo's Reviews view with a key for the mock (remembered, as the Assistant's form saves it). */
function withKey(key) {
  return open('#demo&view=reviews', DRAWN, { allow: [mock.url], storage: {
    'lodestar.ai.config': JSON.stringify({ provider: 'anthropic', baseUrl: mock.url, model: 'mock-model' }),
    'lodestar.ai.key.anthropic': key } });
}

test('Classify with AI shows what it will send, then sends batches of 40 with submit_labels forced; the table shows source llm', async () => {
  mock.reset();
  const page = await withKey('sk-test-reviews');
  await page.click('#reviews [data-reviews=ai-classify]');
  await page.waitForSelector('#reviews [data-reviews=ai-preview]:not([hidden])');
  const texts = await page.$$eval('#reviews [data-reviews=ai-texts] li', (li) => li.map((x) => x.textContent));
  assert.deepEqual(texts, ref.items.map((x) => x.text));
  assert.match(await page.textContent('#reviews [data-reviews=ai-preview]'), new RegExp(`${ref.items.length.toLocaleString('en')} review texts`));
  assert.equal(mock.requests.length, 0, 'nothing is sent before the preview is confirmed');
  await page.screenshot({ path: shotPath('reviews-ai-preview.png') });
  await page.click('#reviews [data-reviews=ai-confirm]');
  await page.waitForSelector('#reviews [data-reviews=ai][data-state=done]', { timeout: 60000 });
  await page.waitForSelector(DRAWN);
  const batches = Math.ceil(ref.items.length / 40);
  assert.equal(mock.requests.length, batches);
  const sent = [];
  for (const r of mock.requests) {
    assert.equal(r.path, '/v1/messages');
    assert.equal(r.headers['x-api-key'], 'sk-test-reviews');
    assert.deepEqual(r.body.tools.map((x) => x.name), ['submit_labels']);
    assert.deepEqual(r.body.tool_choice, { type: 'tool', name: 'submit_labels' });
    const reviews = JSON.parse(r.body.messages[0].content[0].text).reviews;
    assert.ok(reviews.length > 0 && reviews.length <= 40);
    sent.push(...reviews);
  }
  assert.deepEqual(sent.map((x) => x.row), ref.items.map((x) => x.row), 'every negative review once, in the table\'s order');
  // the op ran again with the mock's labels: every row from the llm, in the mock's category, its evidence marked
  const [want] = await workerOps(page, [['reviews', { grain: 'week', labels: sent.map((x) => ({
    row: x.row, category: mockCategory(x.text), reason: 'mock', evidence: [...x.text].slice(0, 20).join('') })) }]]);
  const rows = await page.$$eval('#reviews [data-reviews=table] tbody tr', (rs) => rs.map((r) => ({ row: Number(r.dataset.row),
    category: r.dataset.category, source: r.dataset.source, reason: r.querySelector('.reviews-reason').textContent })));
  assert.equal(rows.length, Math.min(100, ref.items.length));
  rows.forEach((r, i) => assert.deepEqual(r, { row: want.items[i].row, category: want.items[i].category, source: 'llm', reason: 'mock' }));
  for (const c of CATS) assert.equal(await page.$eval(`#reviews [data-category=${c}]`, (x) => x.dataset.count), String(want.counts[c]), c);
  assert.match(await page.textContent('#reviews [data-reviews=ai-status]'), new RegExp(`${ref.items.length.toLocaleString('en')} reviews labelled`));
  assert.ok(await page.$('#reviews [data-reviews=table] .reviews-source.is-llm'));
  await page.screenshot({ path: shotPath('reviews-ai.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a wrong key stops the run with the provider error worded, and the rules\' categories stay', async () => {
  mock.reset();
  const page = await withKey('sk-wrong');
  page.problems.length = 0;
  await page.click('#reviews [data-reviews=ai-classify]');
  await page.click('#reviews [data-reviews=ai-confirm]');
  await page.waitForSelector('#reviews [data-reviews=ai][data-state=error]', { timeout: 60000 });
  assert.equal(mock.requests.length, 1, 'the first refusal ends the run');
  const status = await page.textContent('#reviews [data-reviews=ai-status]');
  assert.match(status, /^Stopped: .+\(0 reviews labelled before that\)\.$/);
  assert.doesNotMatch(status, /sk-wrong/);
  assert.deepEqual(await page.$$eval('#reviews [data-reviews=table] tbody tr', (rs) => [...new Set(rs.map((r) => r.dataset.source))]), ['rules']);
  await page.context().close();
});

test('Stop ends the run after the batch under way: the labels got so far are applied, the rest keep the rules', async () => {
  mock.reset();
  const page = await withKey('sk-test-stop');
  await page.click('#reviews [data-reviews=ai-classify]');
  mock.hold(1); // the first batch is answered, the second waits: Stop lands while it is under way
  await page.click('#reviews [data-reviews=ai-confirm]');
  await page.waitForSelector('#reviews [data-reviews=ai-progress][data-batch="1"]', { timeout: 60000 });
  await page.click('#reviews [data-reviews=ai-stop]');
  mock.release();
  await page.waitForSelector('#reviews [data-reviews=ai][data-state=done]', { timeout: 60000 });
  await page.waitForSelector(DRAWN);
  const sent = mock.requests.length;
  assert.ok(sent >= 1 && sent < Math.ceil(ref.items.length / 40), `stopped after ${sent} requests`);
  const status = await page.textContent('#reviews [data-reviews=ai-status]');
  const m = /^Stopped; ([\d,]+) reviews were labelled before that\.$/.exec(status);
  assert.ok(m, status);
  const labelled = Number(m[1].replace(/,/g, ''));
  assert.ok(labelled >= 40 && labelled % 40 === 0 && labelled < ref.items.length, `${labelled} labelled`);
  // the newest rows went first, so the table's first rows are the llm's, the rest the rules'
  const sources = await page.$$eval('#reviews [data-reviews=table] tbody tr', (rs) => rs.map((r) => r.dataset.source));
  assert.deepEqual(sources, ref.items.slice(0, sources.length).map((_, i) => (i < labelled ? 'llm' : 'rules')));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without a reviews dataset the view says what it needs and offers the demo', async () => {
  const page = await open('#view=reviews', '#reviews[data-state=empty]');
  const text = await page.textContent('#reviews .revenue-empty');
  assert.match(text, /review text and a rating column/);
  assert.match(text, /order id and a product id are optional/);
  assert.match(text, /The demo has a reviews table/);
  await page.click('#reviews .revenue-empty .btn-primary');
  await page.waitForSelector(DRAWN, { timeout: 60000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('zh-CN: the view\'s labels in Chinese', async () => {
  const page = await open('#demo&view=reviews', DRAWN, { locale: 'zh-CN' });
  assert.equal(await page.textContent('#reviews .view-title'), '评价');
  assert.equal(await page.$eval('#reviews [data-category=logistics] .kpi-label', (x) => x.textContent), '物流（可申诉）');
  assert.equal(await page.$eval('#reviews [data-category=product_quality] .kpi-label', (x) => x.textContent), '产品质量');
  assert.equal(await page.textContent('#reviews [data-reviews=export]'), '导出申诉记录（JSON）');
  assert.equal(await page.textContent('#reviews [data-reviews=ai-setup]'), '在助手中设置密钥');
  assert.equal(await page.textContent('#reviews [data-card=reviews-rate] .card-title'), '各类差评率');
  const heads = await page.$$eval('#reviews [data-reviews=table] thead th', (th) => th.map((x) => x.textContent));
  assert.deepEqual(heads, ['日期', '评分', '分类', '来源', '评价（已标出依据）', '订单', '理由']);
  assert.match(await page.textContent('#reviews [data-reviews=table] tbody tr .reviews-badge'), /物流|产品质量|其他/);
  await page.screenshot({ path: shotPath('reviews-zh-CN.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
