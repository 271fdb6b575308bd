// Issue 20's journeys, one test per bullet under "Why", in headless
// Chromium: what a new user tried on a desktop (1366×900) and a phone
// (375×800), and what the page must do instead. Written to fail on the page
// before issue 20 (run them with LLM_TCO_WEB_DIST set to that build).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';

const DIST = process.env.LLM_TCO_WEB_DIST;
const ROOT = process.env.LLM_TCO_ROOT;
const ARTIFACTS = process.env.LLM_TCO_ARTIFACTS;
const { chromium } = await import(`${process.env.LLM_TCO_JS_MODULES}/playwright-core/index.mjs`);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = join(DIST, decodeURIComponent(url.pathname).replace(/\/$/, '/index.html'));
  if (!path.startsWith(DIST) || !existsSync(path)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' }).end(readFileSync(path));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.LLM_TCO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
test.after(async () => {
  await browser.close();
  server.close();
});

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 800 };

/** A fresh page with its own storage, recording console errors. */
/** Picks preset `value` and waits for it: the article presets are fetched. */
async function pickPreset(page, value) {
  await page.selectOption('select[aria-label="Preset scenario"]', value);
  await page.waitForSelector('select[aria-label="Preset scenario"]:not([aria-busy="true"])');
}

async function open(hash = '', viewport = DESKTOP, setup = null) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  if (setup) await setup(context);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && page.problems.push(`${m.type()}: ${m.text()}`));
  page.on('dialog', (d) => { page.problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(BASE + hash);
  await page.waitForSelector('#breakdown tbody tr', { timeout: 20_000 });
  return page;
}

const row = (page, name) => page.locator('#breakdown tbody tr', { has: page.locator('th .option-name', { hasText: name }) }).first();
const monthly = (page, name) => row(page, name).locator('td.usd').first().textContent();
/** A money text ("7,085.40 USD") as a number. */
const amount = (text) => Number(text.replace(/[^\d.-]/g, ''));
/** Types `value` into the field labelled `label` and leaves it. */
async function type(page, label, value) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Tab');
  return input;
}
/** The text the element `id` that `input` names in aria-describedby. */
async function described(page, input) {
  const ids = (await input.getAttribute('aria-describedby')) || '';
  const texts = [];
  for (const id of ids.split(/\s+/).filter(Boolean)) texts.push(await page.locator(`[id="${id}"]`).textContent());
  return texts.join(' ');
}
const shot = async (page, name) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
};

test('Why 1: the verdict is in the first screen, the table is sorted with the cheapest marked; on a phone the verdict and chart come before the form', async () => {
  const page = await open();
  const verdict = page.locator('#verdict');
  assert.ok(await verdict.isVisible());
  const box = await verdict.boundingBox();
  assert.ok(box.y + box.height <= DESKTOP.height, `the verdict ends at ${box.y + box.height}px, inside the 900px screen`);
  const headline = await verdict.locator('.headline').textContent();
  assert.match(headline, /^At 10M tokens\/day, (.+) is the cheapest option: [\d,.]+ USD a month\.$/);
  // The cheapest of the table is the verdict's, first and marked.
  const first = page.locator('#breakdown tbody tr').first();
  assert.match(await first.getAttribute('class'), /cheapest/);
  assert.ok(headline.includes(await first.locator('.option-name').textContent()));
  const costs = await page.locator('#breakdown tbody tr td.usd:first-of-type').allTextContents();
  const numbers = costs.filter((c) => /\d/.test(c)).map(amount);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'sorted cheapest first');
  // Where each self-hosted option beats the cheapest API.
  assert.match(await verdict.textContent(), /never beats|beats .* above|cheaper than .* at every volume/);
  await shot(page, 'journey-desktop-first-screen');
  await page.context().close();
  const phone = await open('', PHONE);
  const top = async (sel) => (await phone.locator(sel).first().boundingBox()).y;
  assert.ok((await top('#verdict')) < (await top('#chart')), 'verdict, then chart');
  assert.ok((await top('#chart')) < (await top('#volume-slider')), 'the chart before the form');
  assert.ok((await top('#verdict')) < PHONE.height, 'the verdict starts in the first screen');
  await shot(phone, 'journey-phone-first-screen');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test('Why 2: a self-hosted option added from the form costs engineering, as the default option does', async () => {
  const page = await open();
  // The default's rented option, rebuilt from the form: the same model,
  // GPU, formats and hourly price (its catalog offer's, 6.99).
  const before = await monthly(page, 'gpt-oss-120b on B200, rented');
  await page.getByLabel('Model', { exact: true }).selectOption('gpt-oss-120b');
  await page.getByLabel('GPU', { exact: true }).selectOption('b200-sxm');
  await page.getByLabel('Weights', { exact: true }).selectOption('awq_int4');
  await page.getByLabel('KV cache', { exact: true }).selectOption('fp16');
  await page.getByLabel('Rent, USD per GPU-hour').fill('6.99');
  // The engineering terms are visible and editable before adding.
  assert.equal(await page.getByLabel('Engineering, USD per hour').inputValue(), '120');
  assert.equal(await page.getByLabel('Setup, hours (spread over 12 months)').inputValue(), '80');
  assert.equal(await page.getByLabel('Operations, hours per month').inputValue(), '16');
  await page.click('#add-self-hosted');
  const added = page.locator('#breakdown tbody tr', { hasText: 'on NVIDIA B200' }).filter({ hasText: 'rented' });
  await added.first().waitFor();
  assert.equal(await added.first().locator('td.usd').first().textContent(), before, 'the same cost as the default scenario\'s option');
  assert.match(await added.first().locator('td.lines').textContent(), /engineering, setup .*engineering, operations/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Why 3: switching the new option to owned GPUs takes the catalog\'s purchase price, not the hourly rent', async () => {
  const page = await open();
  await page.getByLabel('GPU', { exact: true }).selectOption('h100-sxm');
  const rent = await page.getByLabel('Rent, USD per GPU-hour').inputValue();
  assert.ok(Number(rent) > 0 && Number(rent) < 10, `an hourly rent: ${rent}`);
  await page.getByLabel('GPUs are', { exact: true }).selectOption('owned');
  const price = await page.getByLabel('Purchase price, USD per GPU').inputValue();
  assert.ok(Number(price) > 1000, `a purchase price, not the rent: ${price}`);
  await page.click('#add-self-hosted');
  const added = page.locator('#breakdown tbody tr', { hasText: 'owned' }).filter({ hasText: 'on NVIDIA H100' });
  await added.first().waitFor();
  assert.match(await added.first().locator('td.lines').textContent(), /amortization/);
  assert.ok(amount(await added.first().locator('td.usd').first().textContent()) > 1000, 'owned GPUs at their purchase price, not at $0.80');
  await page.context().close();
});

test('an owned option from the form has the whole cost of owning, each term shown and editable', async () => {
  const page = await open();
  // The default's owned B200 option, rebuilt from the form at its price and engineering.
  const before = await monthly(page, 'gpt-oss-120b on B200, owned');
  await page.getByLabel('Name of the new option (optional)').fill('Our B200s');
  await page.getByLabel('Model', { exact: true }).selectOption('gpt-oss-120b');
  await page.getByLabel('GPU', { exact: true }).selectOption('b200-sxm');
  await page.getByLabel('Weights', { exact: true }).selectOption('mxfp4');
  await page.getByLabel('GPUs are', { exact: true }).selectOption('owned');
  assert.match(await page.locator('#new-price-source').textContent(), /purchase estimate .* typical terms/);
  await page.getByLabel('Purchase price, USD per GPU').fill('40000');
  await page.getByLabel('Setup, hours (spread over 12 months)').fill('160');
  await page.getByLabel('Operations, hours per month').fill('24');
  await page.click('#add-self-hosted');
  await row(page, 'Our B200s').waitFor();
  assert.match(await row(page, 'Our B200s').locator('td.lines').textContent(), /amortization .*power .*colocation .*maintenance/);
  assert.equal(await monthly(page, 'Our B200s'), before, 'the same cost as the default scenario\'s owned option');
  // The terms are fields of the option's editor, and move the cost.
  await page.click('button[aria-label="Edit Our B200s"]');
  const colocation = page.getByLabel('Colocation, USD per kW per month');
  assert.equal(await colocation.inputValue(), '150');
  await colocation.fill('300');
  await colocation.press('Tab');
  await page.waitForFunction((b) => {
    const tr = [...document.querySelectorAll('#breakdown tbody tr')].find((r) => r.textContent.includes('Our B200s'));
    return tr && tr.querySelector('td.usd').textContent !== b;
  }, before);
  assert.ok(amount(await monthly(page, 'Our B200s')) > amount(before), 'dearer colocation costs more');
  const share = page.getByLabel('Maintenance per year, share of the price');
  await share.fill('2');
  await share.press('Tab');
  assert.equal(await share.getAttribute('aria-invalid'), 'true');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Why 4: a cleared field means its default, a bad value is marked in place with what is allowed, results stay and say they are stale', async () => {
  const page = await open();
  const mini = await monthly(page, 'GPT-5.4 mini');
  // A batch share set, then cleared: the default (0) again, shown as placeholder.
  await type(page, 'Batch share', '0.5');
  await page.waitForFunction((m) => ![...document.querySelectorAll('#breakdown td.usd')].some((td) => td.textContent === m), mini);
  const batch = await type(page, 'Batch share', '');
  assert.equal(await batch.inputValue(), '');
  assert.match(await batch.getAttribute('placeholder'), /0 \(default\)/);
  await page.waitForFunction((m) => [...document.querySelectorAll('#breakdown td.usd')].some((td) => td.textContent === m), mini);
  // Out of range: marked, with a message naming what is allowed.
  const volume = await type(page, 'Tokens per day', '1e30');
  assert.equal(await volume.getAttribute('aria-invalid'), 'true');
  assert.match(await described(page, volume), /1e30 tokens\/day is above the largest volume priced, 1e15/);
  // The results keep the last valid numbers and say so; nothing is blank.
  assert.equal(await monthly(page, 'GPT-5.4 mini'), mini);
  assert.ok(await page.locator('#verdict .headline').textContent());
  assert.match(await page.locator('#verdict').textContent(), /last valid values: fix Tokens per day/);
  // The note stands over the decision panels too, which also show the
  // last valid values.
  assert.equal(await page.locator('.stale').count(), 3);
  // Another edit does not bring the old value back into the marked box.
  await type(page, 'Cached input share', '0.3');
  assert.equal(await volume.inputValue(), '1e30');
  assert.equal(await volume.getAttribute('aria-invalid'), 'true');
  // Garbage and negative numbers are refused the same way.
  const peak = await type(page, 'Peak-to-average', '0.5');
  assert.equal(await peak.getAttribute('aria-invalid'), 'true');
  assert.match(await described(page, peak), /at least 1|must be/);
  await type(page, 'Peak-to-average', '');
  // A volume as the page writes it is read too.
  await type(page, 'Tokens per day', '2.5B');
  await page.waitForFunction(() => document.querySelector('#volume-value').textContent === '2.5B');
  await type(page, 'Tokens per day', '10000000');
  assert.equal(await volume.getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('.stale').count(), 0);
  // No internal path anywhere on the page.
  assert.doesNotMatch(await page.locator('body').innerText(), /options\[\d+\]|workload\.[a-z_]+/);
  // Enumerated values are select boxes.
  await page.click('button[aria-label="Edit gpt-oss-120b on B200, rented"]');
  for (const label of ['Weights', 'KV cache', 'Serving engine', 'Pricing']) {
    assert.equal(await page.locator('.editor-panel').getByLabel(label, { exact: true }).evaluate((e) => e.tagName), 'SELECT', label);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Why 5: Monte Carlo ranges follow their option by name; removing an option says what goes with it and can be undone', async () => {
  const page = await open();
  await pickPreset(page, '4');
  await page.click('#montecarlo-toggle');
  const ranges = page.locator('#ranges');
  assert.match(await ranges.textContent(), /GPU price, USD per hour \(Mistral 7B fine-tuned, A10G rented\)/);
  const n = await page.locator('#breakdown tbody tr').count();
  // Removing an option before the ranges' one: the ranges stay on Mistral.
  await page.click('button[aria-label="Remove GPT-3.5 Turbo"]');
  assert.match(await page.locator('.notice').textContent(), /Removed “GPT-3.5 Turbo”, and with it the hybrid “Mistral 7B base load, GPT-3.5 Turbo overflow” built on it/);
  assert.equal(await page.locator('#breakdown tbody tr').count(), n - 2, 'the option and its hybrid');
  assert.match(await ranges.textContent(), /\(Mistral 7B fine-tuned, A10G rented\)/);
  await page.fill('#mc-samples', '500');
  await page.locator('#mc-samples').dispatchEvent('change');
  await page.click('#mc-run');
  await page.waitForSelector('#mc-table');
  const cells = await page.locator('#mc-table tbody tr').first().locator('td').allTextContents();
  assert.notEqual(cells[0], cells[2], `P10 and P90 differ: ${cells}`);
  // Undo puts everything back.
  await page.click('#undo');
  assert.equal(await page.locator('#breakdown tbody tr').count(), n);
  // Removing the option the ranges refer to removes them with it, and says so.
  await page.click('button[aria-label="Remove Mistral 7B fine-tuned, A10G rented"]');
  assert.match(await page.locator('.notice').textContent(), /2 Monte Carlo ranges of its inputs/);
  assert.ok(await page.locator('#breakdown tbody tr').count() > 0, 'the page is not blank');
  assert.doesNotMatch(await ranges.textContent(), /Mistral/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Why 6: chart keys name the pair with the text\'s figure; ruled-out options are dimmed and named; a volume outside the range keeps its marker', async () => {
  const page = await open();
  const chart = () => page.locator('#chart').innerHTML();
  const items = page.locator('#break-even li');
  let keyed = 0;
  for (let i = 0; i < (await items.count()); i++) {
    const li = items.nth(i);
    const text = await li.textContent();
    const m = text.match(/^(\d+)(.*) vs (.*): cheaper above ([\d.]+[kMBT]?) tokens\/day/);
    if (!m) continue;
    keyed++;
    const [, n, sh, api, volume] = m;
    const line = `${n}  ${sh} beats ${api} above ${volume}/day`.replace(/&/g, '&amp;');
    assert.ok((await chart()).includes(line), `the chart's key says "${line}"`);
  }
  assert.ok(keyed >= 2, `${keyed} keyed break-even volumes`);
  await page.check('#on-premises');
  // The curve toggles are the legend: a ruled-out option's is named so, its
  // swatch faded as its curve is.
  const toggle = page.locator('.legend label', { hasText: 'Claude Opus 5' });
  await page.waitForFunction(() => document.querySelector('.legend').textContent.includes('Claude Opus 5 (ruled out)'));
  assert.match(await toggle.locator('.swatch').innerHTML(), /stroke-opacity="0.35"/);
  assert.match(await chart(), /stroke-opacity="0.35"|opacity="0.35"/);
  await page.uncheck('#on-premises');
  await type(page, 'Tokens per day', '500000000000');
  await page.waitForFunction(() => document.querySelector('#chart-marker').innerHTML.includes('above the chart'));
  assert.match(await page.locator('#chart-marker').innerHTML(), /<line/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Why 7: another currency converts every figure, per 1M, lines and axes, and stays in the link', async () => {
  const page = await open();
  await type(page, 'Code', 'INR');
  await type(page, 'Units per USD', '93');
  await page.waitForFunction(() => document.querySelector('#breakdown td.usd').textContent.includes('INR'));
  const table = await page.locator('#breakdown').innerText();
  assert.doesNotMatch(table, /USD/, 'no USD left in the table');
  assert.match(await page.locator('#breakdown thead').textContent(), /INR per 1M tokens/);
  assert.match(await row(page, 'GPT-5.4 mini').locator('td.lines').textContent(), /INR/);
  const svg = await page.locator('#chart').innerHTML();
  assert.match(svg, /INR per month/);
  assert.doesNotMatch(svg, /kM|\$/);
  assert.match(await page.locator('#verdict').textContent(), /INR a month/);
  await page.waitForFunction(() => location.hash.includes('&c=INR:93'));
  const link = page.url();
  await page.context().close();
  const again = await open(link.slice(BASE.length));
  assert.equal(await again.getByLabel('Code', { exact: true }).inputValue(), 'INR');
  assert.match(await again.locator('#breakdown td.usd').first().textContent(), /INR$/);
  await again.context().close();
});

test('Why 8: the table says how many GPUs sizing gives at the volume, whatever the option\'s name says', async () => {
  const page = await open();
  const name = 'gpt-oss-120b on B200, rented';
  const count = async () => Number((await row(page, name).textContent()).match(/(\d+) × NVIDIA B200/)[1]);
  const before = await count();
  await page.click(`button[aria-label="Edit ${name}"]`);
  // 16-bit weights need more memory than 4-bit ones: sizing adds GPUs, the table says so.
  await page.locator('.editor-panel').getByLabel('Weights', { exact: true }).selectOption('bf16');
  await page.waitForFunction(([n, name]) => {
    const tr = [...document.querySelectorAll('#breakdown tbody tr')].find((r) => r.querySelector('.option-name')?.textContent === name);
    const m = tr && tr.textContent.match(/(\d+) × NVIDIA B200/);
    return m && Number(m[1]) > n;
  }, [before, name]);
  assert.ok((await count()) > before);
  await page.context().close();
});

test('Why 9: words, not ids; growth, horizon and latency editable; the guide agrees with the numbers; Monte Carlo says why it cannot run; wide tables scroll on a phone', async () => {
  const page = await open();
  // Catalog entries by display name with their price.
  const offers = await page.getByLabel('API offer', { exact: true }).locator('option').allTextContents();
  assert.ok(offers.length > 5);
  for (const o of offers) assert.match(o, /\(.+\): [\d,.]+ in, [\d,.]+ out USD per 1M$/, o);
  // Cost lines in words.
  const lines = await page.locator('#breakdown td.lines').allTextContents();
  assert.ok(lines.some((l) => /GPU rent/.test(l)) && lines.some((l) => /engineering, setup/.test(l)));
  assert.ok(!lines.some((l) => /_/.test(l)), 'no snake_case');
  // Sources as links with a date.
  assert.ok((await page.locator('#breakdown .prices a[href^="http"]').count()) + (await page.locator('#breakdown .prices').count()) > 0);
  assert.match(await page.locator('#breakdown .prices').first().textContent(), /of \d{4}-\d{2}-\d{2}/);
  // Growth, horizon and the latency target are editable, and the latency moves the sizing.
  const sizing = await page.locator('#sizing').textContent();
  await type(page, 'Latency target, output tokens/s per user', '60');
  await page.waitForFunction((s) => document.querySelector('#sizing').textContent !== s, sizing);
  // The per-user speed it reports is the one at capacity, so it meets the target.
  const seen = [...(await page.locator('#sizing').textContent()).matchAll(/each seeing ([\d.]+) output tokens\/s/g)].map((m) => Number(m[1]));
  assert.ok(seen.length > 0 && seen.every((v) => v >= 60), `per-user speeds at capacity: ${seen}`);
  await type(page, 'Monthly growth', '0.1');
  await type(page, 'Horizon, months', '36');
  await page.click('#payback-toggle');
  await page.waitForSelector('#payback-table');
  assert.match(await page.locator('#payback').textContent(), /36 months at 10% growth/);
  // The guide's lean is checked against the computed costs, and links what it cites.
  await page.click('#guide-toggle');
  await page.waitForSelector('#guide-cost-check');
  assert.match(await page.locator('#guide-cost-check').textContent(), /But at your prices .* costs .* as much|The numbers favour self-hosting/);
  assert.equal(await page.locator('#guide a#guide-preset-1').count(), 1);
  // Monte Carlo without ranges says why it cannot run.
  await page.click('#montecarlo-toggle');
  assert.match(await page.locator('#mc-needs-ranges').textContent(), /add at least one range/);
  assert.equal(await page.locator('#mc-run').isDisabled(), true);
  // Monte Carlo and sensitivity inputs in words.
  const inputs = await page.locator('#range-input option').allTextContents();
  assert.ok(inputs.includes('tokens per day') && !inputs.some((i) => /\[|_/.test(i)), inputs.join(' | '));
  await page.context().close();
  // On a phone, the payback table scrolls inside its box, not the page.
  const phone = await open('', PHONE);
  await phone.click('#payback-toggle');
  await phone.waitForSelector('#payback-table');
  const table = phone.locator('#payback-table');
  await table.scrollIntoViewIfNeeded();
  const scroller = await table.evaluate((t) => {
    const box = t.closest('.scroll');
    return box && { overflow: getComputedStyle(box).overflowX, wider: box.scrollWidth > box.clientWidth };
  });
  assert.deepEqual(scroller, { overflow: 'auto', wider: true });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(phone, 'journey-phone-payback');
  await phone.context().close();
});

test('The link can be copied, and a damaged one says so and shows the default', async () => {
  const page = await open('', DESKTOP, (c) => c.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE }));
  await page.click('#copy-link');
  await page.waitForFunction(() => /Copied/.test(document.querySelector('#copy-status').textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /#s=%7B/);
  await page.context().close();
  const damaged = await open('#s=%7B%22schema_version%22%3A2%2C%22na');
  assert.match(await damaged.locator('.notice').textContent(), /could not be read/);
  assert.match(await damaged.locator('#verdict .headline').textContent(), /cheapest option/);
  await damaged.context().close();
});

test('Prices: a database fetched from its public address (served here by the test), its date shown, kept across reloads, and the way back', async () => {
  const litellm = readFileSync(join(ROOT, 'fixtures/importers/litellm/model_prices_and_context_window.json'));
  const page = await open('', DESKTOP, (c) => c.route('https://raw.githubusercontent.com/**', (route) => route.fulfill({
    status: 200, body: litellm, headers: { 'content-type': 'text/plain', 'access-control-allow-origin': '*' },
  })));
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /connect-src 'self' https:\/\/raw\.githubusercontent\.com;/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(await page.locator('#prices-in-use').textContent(), /built-in catalog; its newest API price is of \d{4}-\d{2}-\d{2}/);
  await page.click('#fetch-litellm');
  await page.waitForFunction(() => /litellm .* of \d{4}-\d{2}-\d{2}/.test(document.querySelector('#prices-in-use').textContent));
  assert.match(await page.locator('.notice').textContent(), /Imported \d+ API offers .*, dated \d{4}-\d{2}-\d{2}, the day they were loaded .* \d+ skipped/);
  // The page dates what it loads by the UTC day, as every surface does.
  const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
  assert.match(await page.locator('#prices-in-use').textContent(), new RegExp(today));
  await page.reload();
  await page.waitForSelector('#breakdown tbody tr');
  assert.match(await page.locator('#prices-in-use').textContent(), /litellm/);
  await page.click('#catalog-builtin');
  assert.match(await page.locator('#prices-in-use').textContent(), /built-in catalog/);
  // A file of another database, and a model from its config.json.
  await page.selectOption('#price-db', 'genai-prices');
  await page.setInputFiles('#price-file', join(ROOT, 'fixtures/importers/genai-prices/data.json'));
  await page.waitForFunction(() => /genai-prices/.test(document.querySelector('#prices-in-use').textContent));
  // An option editor left open lists the new model too.
  await page.click('button[aria-label="Edit gpt-oss-120b on B200, rented"]');
  await page.waitForSelector('.editor-panel select[id$="-model"]');
  await page.fill('#config-id', 'qwen3-8b-mine');
  await page.setInputFiles('#config-file', join(ROOT, 'fixtures/importers/hf-config/Qwen__Qwen3-8B.config.json'));
  await page.waitForFunction(() => [...document.querySelectorAll('#new-model option')].some((o) => o.value === 'qwen3-8b-mine'));
  await page.waitForFunction(() => [...document.querySelectorAll('.editor-panel select[id$="-model"] option')].some((o) => o.value === 'qwen3-8b-mine'));
  // A broken file says why.
  await page.setInputFiles('#config-file', join(ROOT, 'fixtures/importers/hf-config/bad/llama_missing_intermediate_size.json'));
  await page.waitForFunction(() => /config\.json could not be read: .*intermediate_size/.test(document.querySelector('.notice')?.textContent || ''));
  // The message stands beside the controls too, where the reader is.
  assert.match(await page.locator('#catalog #catalog-status').textContent(), /intermediate_size/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Prices: a fetch that fails says so beside the button, and a file with no offer is refused', async () => {
  const page = await open('', DESKTOP, (c) => c.route('https://raw.githubusercontent.com/**', (route) => route.abort('internetdisconnected')));
  await page.click('#fetch-litellm');
  await page.waitForSelector('#catalog #catalog-status');
  assert.match(await page.locator('#catalog-status').textContent(), /could not be fetched/);
  assert.match(await page.locator('#prices-in-use').textContent(), /built-in catalog/);
  const empty = join(tmpdir(), `llm-tco-empty-${process.pid}.json`);
  writeFileSync(empty, '{}');
  await page.setInputFiles('#price-file', empty);
  await page.waitForFunction(() => /no API offer with a price could be read/.test(document.querySelector('#catalog-status')?.textContent || ''));
  assert.match(await page.locator('#prices-in-use').textContent(), /built-in catalog/);
  assert.match(await page.locator('#verdict .headline').textContent(), /cheapest option/);
  assert.deepEqual(page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
  await page.context().close();
});

test('Leptos idiom: no style attribute in the page, keyed rows survive a move of the volume, and the chart is keyboard reachable', async () => {
  const page = await open();
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style (the CSP has no style-src-attr exception)');
  await page.evaluate(() => { for (const tr of document.querySelectorAll('#breakdown tbody tr')) tr.__kept = true; });
  await page.locator('#volume-slider').fill('7.5');
  await page.waitForFunction(() => document.querySelector('#volume-value').textContent === '31.6M');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('#breakdown tbody tr')].every((tr) => tr.__kept)), true, 'rows updated in place');
  // The readout at the crosshair, from the keyboard, sorted, with separators.
  await page.focus('.chart-box');
  // Focus alone shows the readout, at the workload's volume.
  await page.waitForFunction(() => /At 31\.6M tokens\/day/.test(document.querySelector('#readout p')?.textContent || ''));
  await page.keyboard.press('End');
  await page.waitForSelector('#readout li');
  assert.match(await page.locator('#readout p').textContent(), /At 100B tokens\/day/);
  assert.equal(await page.locator('.crosshair line').count(), 1);
  const values = (await page.locator('#readout li').allTextContents()).map((t) => t.split(': ').pop()).filter((t) => /\d/.test(t));
  assert.ok(values.some((v) => /\d,\d{3}/.test(v)), `thousands separators: ${values}`);
  const numbers = values.map(amount);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  await page.keyboard.press('ArrowLeft');
  assert.doesNotMatch(await page.locator('#readout p').textContent(), /At 100B/);
  // The cost-per-1M view.
  await page.check('#axis-per-mtok');
  await page.waitForFunction(() => document.querySelector('#chart').innerHTML.includes('per 1M tokens'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
