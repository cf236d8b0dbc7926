// alerts-view.test.mjs: the monitoring parts of the page on the demo (a worker
// of the test's own runs the same default rules as the reference): the
// Overview's health panel (colours, reasons, the link to Alerts), the Alerts
// view's incidents, the rules editor's validation (beside the field and the
// line), the entity table's filters (shop_scores.csv, hand-checked),
// "Download report" as HTML and Markdown (the Reports view, linked from
// Alerts), and screenshots of Overview and
// Alerts at 1280x900 in English and Chinese (build/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, shotPath, DATA } from './helpers.mjs';
import { workerOps } from './product-helpers.mjs';

const HEALTH = '#health[data-state=drawn]';
const ALERTS = '#alerts[data-state=drawn]';
const COLORS = { red: 'rgb(240, 68, 56)', amber: 'rgb(247, 144, 9)', green: 'rgb(18, 183, 106)', grey: 'rgb(208, 213, 221)' };
const SHOP_RULES = JSON.stringify({ rules: [{ id: 'shop-score', type: 'entity', dataset: 'entity_scores', entity: 'shop_id',
  at: 'latest', rank_by: 'score', conditions: [{ if: 'score < 3.5', severity: 'P0' }, { if: 'score >= 3.5 and score < 3.6', severity: 'P2' }] }] }, null, 2);
let site, browser, ref;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await newPage(browser, site);
  await page.goto(site.url);
  [ref] = await workerOps(page, [['monitor', {}]]);
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(hash, ready, opts) {
  const page = await newPage(browser, site, { width: 1280, height: 900, ...opts });
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector(ready, { timeout: 60000 });
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return page;
}

test('the Overview health panel shows each rule\'s metric in its colour, with a reason, linking to Alerts', async () => {
  const page = await open('#demo&range=all', HEALTH);
  const rows = await page.$$eval('#health .health-row', (rs) => rs.map((r) => ({
    metric: r.dataset.metric, status: r.dataset.status, rule: r.dataset.rule,
    color: getComputedStyle(r.querySelector('.health-dot')).backgroundColor,
    reason: r.querySelector('.health-reason').textContent })));
  const want = ref.health.map((h) => ({ metric: h.metric, status: h.status, rule: h.rule }));
  assert.ok(want.length >= 5, 'the demo judges several metrics');
  assert.deepEqual(rows.map(({ metric, status, rule }) => ({ metric, status, rule })).sort((a, b) => a.rule.localeCompare(b.rule)),
    want.sort((a, b) => a.rule.localeCompare(b.rule)));
  for (const r of rows) {
    assert.equal(r.color, COLORS[r.status], `${r.rule} is ${r.status}`);
    assert.ok(r.reason.length > 5 && !/\{\w+\}/.test(r.reason), `${r.rule} has a worded reason: ${r.reason}`);
  }
  // the ltv-cac rule (below 3): the demo's LTV:CAC of the judged month is far above 3, so green and "over the floor"
  const ltv = rows.find((r) => r.rule === 'ltv-cac');
  assert.equal(ltv.status, 'green');
  assert.match(ltv.reason, /over the 3× floor/);
  await page.click('#health .health-row');
  await page.waitForSelector(ALERTS, { timeout: 60000 });
  assert.equal(await page.evaluate(() => document.body.dataset.view), 'alerts');
  assert.match(await page.evaluate(() => location.hash), /view=alerts/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Alerts view lists the firing alerts and the incidents, ongoing first, all on demand', async () => {
  const page = await open('#demo&view=alerts&range=all', ALERTS);
  const firing = await page.$$eval('#alerts [data-alerts=firing] .alerts-item', (li) => li.map((x) => [x.dataset.rule, x.dataset.severity]));
  assert.deepEqual(firing, ref.alerts.map((a) => [a.rule, a.severity]));
  const rows = () => page.$$eval('#alerts [data-alerts=incidents] tbody tr', (rs) => rs.map((r) => ({
    rule: r.dataset.rule, ongoing: r.dataset.ongoing === 'true', suppressed: r.dataset.suppressed === 'true',
    note: !!r.querySelector('.alerts-suppressed') })));
  assert.ok(ref.incidents.length > 10, 'the demo has many incidents');
  let shown = await rows();
  assert.equal(shown.length, 10);
  const ongoing = ref.incidents.filter((i) => i.ongoing).length;
  assert.ok(shown.slice(0, ongoing).every((r) => r.ongoing) && shown.slice(ongoing).every((r) => !r.ongoing), 'ongoing first');
  assert.ok(shown.every((r) => r.note === r.suppressed), 'a suppressed incident says so');
  const expanded = () => page.$eval('#alerts [data-alerts=incidents-all]', (b) => b.getAttribute('aria-expanded'));
  assert.equal(await expanded(), 'false');
  await page.click('#alerts [data-alerts=incidents-all]');
  assert.equal(await expanded(), 'true');
  shown = await rows();
  assert.equal(shown.length, ref.incidents.length);
  assert.equal(shown.filter((r) => r.suppressed).length, ref.incidents.filter((i) => i.suppressed).length);
  // the chart draws the chosen rule's series with its fired points
  const chart = await page.$eval('#alerts [data-chart=rule]', (c) => c.chart);
  const rule = ref.rules.find((r) => r.id === chart.rule);
  assert.deepEqual(chart.periods, rule.series.period);
  assert.equal(chart.fired, rule.series.fired.filter(Boolean).length);
  assert.ok(await page.$('#alerts [data-chart=rule] canvas'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the rules editor shows the engine\'s error beside the field and beside the line', async () => {
  const page = await open('#demo&view=alerts&range=all', ALERTS);
  const card = '#alerts [data-card=rules]';
  // form: the first rule (task-success, a threshold) without its value
  await page.fill(`${card} fieldset[data-index="0"] input[data-field=value]`, '');
  await page.click(`${card} [data-rules=save]`);
  await page.waitForSelector(`${card}[data-state=invalid]`);
  const beside = await page.$eval(`${card} fieldset[data-index="0"] [data-error=value]`, (e) => e.textContent);
  assert.equal(beside, 'rules[0] (id "task-success"): missing "value"');
  // text: an unknown op on the third rule; the gutter marks the line where that rule starts
  await page.click(`${card} [data-rules-tab=text]`);
  const text = await page.$eval(`${card} [data-rules=text]`, (a) => a.value);
  const doc = JSON.parse(text);
  doc.rules[0].value = 0.95;
  doc.rules[2].op = 'drop';
  const bad = JSON.stringify(doc, null, 2);
  await page.fill(`${card} [data-rules=text]`, bad);
  await page.click(`${card} [data-rules=save]`);
  await page.waitForFunction((c) => /unknown op/.test(document.querySelector(`${c} [data-rules=error]`).textContent), card);
  const line = bad.split('\n').findIndex((l, i, all) => l.trim() === '{' && all[i + 1].includes(`"id": "${doc.rules[2].id}"`)) + 1;
  const error = await page.$eval(`${card} [data-rules=error]`, (e) => e.textContent);
  assert.equal(error, `Line ${line}: rules[2] (id "${doc.rules[2].id}"): unknown op "drop"`);
  assert.deepEqual(await page.$$eval(`${card} .rules-line.bad`, (ls) => ls.map((l) => Number(l.dataset.line))), [line]);
  // nothing was saved: the run is still the default rules'
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lodestar.rules.')).length), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the rules editor keeps a text that does not parse on the JSON tab, its line marked; rules.json is the text as typed', async () => {
  const page = await open('#demo&view=alerts&range=all', ALERTS);
  const card = '#alerts [data-card=rules]';
  // every control is named for a screen reader; the two panes are toggle buttons
  const labels = await page.$$eval(['#alerts [data-alerts=rule]', '#alerts [data-notify=target]', `${card} [data-rules=add-type]`,
    `${card} [data-rules=text]`].join(','), (xs) => xs.map((x) => x.getAttribute('aria-label') || ''));
  assert.equal(labels.length, 4);
  assert.ok(labels.every((l) => l.length > 3), `aria-labels: ${JSON.stringify(labels)}`);
  const pressed = () => page.$$eval(`${card} [data-rules-tab]`, (bs) => bs.map((b) => `${b.dataset.rulesTab}:${b.getAttribute('aria-pressed')}`));
  assert.deepEqual(await pressed(), ['form:true', 'text:false']);
  await page.click(`${card} [data-rules-tab=text]`);
  assert.deepEqual(await pressed(), ['form:false', 'text:true']);
  // rules.json is what the editor holds at the click, not at the last render
  const typed = JSON.stringify({ rules: [{ id: 'typed', type: 'threshold', metric: 'mrr', op: 'below', value: 1 }] }, null, 2);
  await page.fill(`${card} [data-rules=text]`, typed);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${card} [data-rules=download]`)]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString('utf8'), typed);
  // a missing comma on line 3: the form is refused, the text stays as typed, line 3 marked
  const broken = '{\n  "rules": [\n    {"id": "a" "type": "threshold"}\n  ]\n}';
  await page.fill(`${card} [data-rules=text]`, broken);
  await page.click(`${card} [data-rules-tab=form]`);
  assert.deepEqual(await pressed(), ['form:false', 'text:true']);
  assert.equal(await page.$eval(`${card} [data-rules=text]`, (a) => a.value), broken);
  assert.equal(await page.$eval(card, (c) => c.dataset.state), 'invalid');
  assert.match(await page.$eval(`${card} [data-rules=error]`, (e) => e.textContent), /^Line 3: /);
  assert.deepEqual(await page.$$eval(`${card} .rules-line.bad`, (ls) => ls.map((l) => Number(l.dataset.line))), [3]);
  // saving it is refused too: nothing is stored, the text is still there
  const before = await page.$eval(`${card} [data-rules=error]`, (e) => e.textContent);
  await page.click(`${card} [data-rules=save]`);
  await page.waitForFunction(([c, b]) => document.querySelector(`${c} [data-rules=error]`).textContent !== b, [card, before]);
  assert.equal(await page.$eval(card, (c) => c.dataset.state), 'invalid');
  assert.equal(await page.$eval(`${card} [data-rules=text]`, (a) => a.value), broken);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lodestar.rules.')).length), 0);
  // a text that parses but is no rules object is refused the same way
  await page.fill(`${card} [data-rules=text]`, '[1, 2]');
  await page.click(`${card} [data-rules-tab=form]`);
  assert.deepEqual(await pressed(), ['form:false', 'text:true']);
  assert.match(await page.$eval(`${card} [data-rules=error]`, (e) => e.textContent), /rules/);
  // a good text goes to the form
  await page.fill(`${card} [data-rules=text]`, typed);
  await page.click(`${card} [data-rules-tab=form]`);
  assert.deepEqual(await pressed(), ['form:true', 'text:false']);
  assert.equal(await page.$eval(`${card} fieldset[data-index="0"] input[data-field=id]`, (i) => i.value), 'typed');
  assert.equal(await page.$eval(card, (c) => c.dataset.state), 'valid');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('another workspace: the old run is not shown as current, and a save error of the old one does not hold the rules back', async () => {
  const page = await open('#demo&view=alerts&range=all', ALERTS);
  const card = '#alerts [data-card=rules]';
  await page.fill(`${card} fieldset[data-index="0"] input[data-field=value]`, '');
  await page.click(`${card} [data-rules=save]`);
  await page.waitForSelector(`${card}[data-state=invalid]`);
  // every state #alerts passes through from here
  await page.evaluate(() => {
    window.__states = [];
    new MutationObserver((rs) => { for (const r of rs) window.__states.push(r.target.dataset.state); })
      .observe(document.querySelector('#alerts'), { attributes: true, attributeFilter: ['data-state'] });
    // and what the health panel says while the new run is under way
    window.__health = [];
    const health = document.querySelector('#health');
    new MutationObserver(() => window.__health.push(`${health.dataset.state}:${health.querySelector('.health-note').textContent}`))
      .observe(health, { attributes: true, attributeFilter: ['data-state'] });
  });
  await page.setInputFiles('#file-input', [join(DATA, 'fixtures', 'shop_scores.csv')]);
  await page.waitForFunction(() => window.__states.includes('loading') && document.querySelector('#alerts').dataset.state === 'drawn',
    null, { timeout: 60000 });
  const states = await page.evaluate(() => window.__states);
  assert.equal(states[states.indexOf('loading') - 1] ?? 'drawn', 'drawn');
  assert.ok((await page.evaluate(() => window.__health)).includes('loading:Running the rules…'));
  // the new workspace's rules (the defaults) in the form, no error left from the old one
  await page.waitForSelector(`${card}[data-state=valid]`, { timeout: 10000 });
  assert.notEqual(await page.$eval(`${card} fieldset[data-index="0"] input[data-field=value]`, (i) => i.value), '');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('at 390px: the firing list keeps its text beside the badge and the health panel fits; screenshots at 390 and 1280', async () => {
  for (const width of [390, 1280]) {
    const page = await open('#demo&range=all', HEALTH, { width, height: 844 });
    const fit = await page.evaluate(() => {
      const h = document.querySelector('#health');
      const list = h.querySelector('.health-list').getBoundingClientRect();
      const rows = [...h.querySelectorAll('.health-row')].map((r) => r.getBoundingClientRect());
      return { page: document.documentElement.scrollWidth - innerWidth, card: h.scrollWidth - h.clientWidth,
        right: Math.max(...rows.map((r) => r.right)) - list.right };
    });
    assert.ok(fit.page <= 0 && fit.card <= 0 && fit.right <= 0.5, `${width}px: the health panel overflows: ${JSON.stringify(fit)}`);
    await page.screenshot({ path: shotPath(`overview-health-${width}.png`), fullPage: width < 640 });
    await page.click('#tab-alerts');
    await page.waitForSelector(ALERTS, { timeout: 60000 });
    await page.waitForTimeout(300);
    const items = await page.$$eval('#alerts [data-alerts=firing] .alerts-item', (li) => li.map((x) => {
      const badge = x.querySelector('.sev').getBoundingClientRect();
      const what = x.querySelector('.alerts-what').getBoundingClientRect();
      return { badgeRight: badge.right, whatLeft: what.left, whatWidth: what.width };
    }));
    assert.ok(items.length > 0);
    for (const it of items) assert.ok(it.whatLeft >= it.badgeRight && it.whatWidth > 100, `${width}px: the text sits beside the badge: ${JSON.stringify(it)}`);
    const over = await page.evaluate(() => Math.max(document.documentElement.scrollWidth - innerWidth,
      ...[...document.querySelectorAll('#alerts .card')].map((c) => c.scrollWidth - c.clientWidth)));
    assert.ok(over <= 0, `${width}px: something scrolls sideways by ${over}px`);
    await page.screenshot({ path: shotPath(`alerts-${width}.png`), fullPage: width < 640 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('entity rules from the JSON tab: the table ranks the shops and filters by region, status and value', async () => {
  const page = await open('#view=alerts', 'body[data-state=ready]');
  await page.setInputFiles('#file-input', [join(DATA, 'fixtures', 'shop_scores.csv')]);
  await page.waitForSelector(ALERTS, { timeout: 60000 });
  const card = '#alerts [data-card=rules]';
  await page.click(`${card} [data-rules-tab=text]`);
  await page.fill(`${card} [data-rules=text]`, SHOP_RULES);
  await page.click(`${card} [data-rules=save]`);
  const table = '#alerts [data-alerts=entity-table] tbody tr';
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 5, table);
  const shown = () => page.$$eval(table, (rs) => rs.map((r) => [r.dataset.entity, r.dataset.severity]));
  // latest scores: s1 3.4 (< 3.5: P0), s2 3.5 and s3 3.59 (3.5 <= score < 3.6: P2), s4 3.6 and s5 4.0 (none)
  assert.deepEqual(await shown(), [['s1', 'P0'], ['s2', 'P2'], ['s3', 'P2'], ['s4', ''], ['s5', '']]);
  assert.deepEqual(await page.$$eval('#alerts [data-alerts=firing] .alerts-item', (li) => li.map((x) => x.dataset.severity)), ['P0', 'P2', 'P2']);
  const filter = (k) => `#alerts [data-filter=${k}]`;
  await page.selectOption(filter('region'), 'south'); // s3, s4
  assert.deepEqual(await shown(), [['s3', 'P2'], ['s4', '']]);
  await page.selectOption(filter('status'), 'open'); // s3 (s4 is closed)
  assert.deepEqual(await shown(), [['s3', 'P2']]);
  await page.selectOption(filter('region'), '');
  await page.selectOption(filter('status'), '');
  await page.fill(filter('min'), '3.55'); // 3.59, 3.6, 4.0
  assert.deepEqual((await shown()).map(([e]) => e), ['s3', 's4', 's5']);
  await page.fill(filter('max'), '3.6'); // inclusive: 3.59, 3.6
  assert.deepEqual((await shown()).map(([e]) => e), ['s3', 's4']);
  // the cells are text: an entity name is never markup
  assert.equal(await page.$eval(table, (r) => r.children[1].children.length), 0);
  // saved with the workspace
  const saved = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('lodestar.rules.')).map(([, v]) => v));
  assert.deepEqual(saved, [SHOP_RULES]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Download report (in the Reports view, linked from Alerts) gives the weekly HTML in the page\'s language, and Markdown', async () => {
  const page = await open('#demo&view=alerts&range=all', ALERTS, { locale: 'zh-CN' });
  await page.click('#alerts a[data-report=open]');
  await page.waitForSelector('body[data-view=reports] #reports [data-report=preview][data-state=drawn]', { timeout: 60000 });
  const box = '#reports [data-report=box]';
  const read = async (d) => {
    const chunks = [];
    for await (const c of await d.createReadStream()) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  };
  let [download] = await Promise.all([page.waitForEvent('download'), page.click(`${box} [data-report=download]`)]);
  assert.equal(download.suggestedFilename(), `lodestar-weekly-${ref.at}.html`);
  const html = await read(download);
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /周报/);
  await page.selectOption(`${box} [data-report=format]`, 'md');
  await page.selectOption(`${box} [data-report=period]`, 'monthly');
  [download] = await Promise.all([page.waitForEvent('download'), page.click(`${box} [data-report=download]`)]);
  assert.equal(download.suggestedFilename(), `lodestar-monthly-${ref.at}.md`);
  assert.match(await read(download), /^# 月报/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('screenshots: Overview and Alerts at 1280x900 in English and Chinese, nothing wider than the page', async () => {
  for (const locale of ['en-US', 'zh-CN']) {
    const tag = locale === 'en-US' ? 'en' : 'zh-CN';
    const page = await open('#demo&range=all', HEALTH, { locale });
    await page.screenshot({ path: shotPath(`overview-health-${tag}.png`) });
    await page.click('#tab-alerts');
    await page.waitForSelector(ALERTS, { timeout: 60000 });
    await page.waitForTimeout(500);
    const over = await page.evaluate(() => Math.max(document.documentElement.scrollWidth - innerWidth,
      ...[...document.querySelectorAll('#alerts .card')].map((c) => c.scrollWidth - c.clientWidth)));
    assert.ok(over <= 0, `${locale}: something scrolls sideways by ${over}px`);
    await page.screenshot({ path: shotPath(`alerts-${tag}.png`) });
    await page.screenshot({ path: shotPath(`alerts-${tag}-full.png`), fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
