// The page in headless Chromium: time from navigation to the first chart
// (on the loopback, and cold over an emulated 10 Mbit/s link with 40 ms of
// round trip, the files served gzip-encoded as `cargo xtask serve` serves
// them), and from a change of the volume slider to the chart drawn with it
// (p50 and p95 over 100 changes). Run by `cargo xtask bench`; prints one
// JSON object in milliseconds. A measurement, not a test: nothing fails on
// it.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';

const DIST = process.env.LLM_TCO_WEB_DIST;
const { chromium } = await import(`${process.env.LLM_TCO_JS_MODULES}/playwright-core/index.mjs`);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = join(DIST, new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html'));
  if (!path.startsWith(DIST) || !existsSync(path)) return res.writeHead(404).end();
  const headers = { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' };
  // The precompressed copy, as a static host serves it to a browser that accepts gzip.
  if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && existsSync(`${path}.gz`)) {
    headers['content-encoding'] = 'gzip';
    return res.writeHead(200, headers).end(readFileSync(`${path}.gz`));
  }
  res.writeHead(200, headers).end(readFileSync(path));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: process.env.LLM_TCO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

// Navigation to the first chart: the page's own clock, from navigation start.
const firstCharts = [];
for (let i = 0; i < 5; i++) {
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('#chart svg');
  firstCharts.push(await page.evaluate(() => performance.now()));
}

// Cold over a slow link: 10 Mbit/s down, 40 ms round trip, no cache.
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', {
  offline: false,
  latency: 40,
  downloadThroughput: (10e6 / 8),
  uploadThroughput: (10e6 / 8),
});
const slowCharts = [];
for (let i = 0; i < 3; i++) {
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('#chart svg');
  slowCharts.push(await page.evaluate(() => performance.now()));
}
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

// Input to chart: set the slider, fire `input`, wait until the chart (its
// drawing or the volume marker over it) has changed and every effect the
// change scheduled has run (a macrotask after the mutation), then force
// style and layout. That is the main thread's work for one change: the
// browser paints it in the next frame when it fits in a frame (16.7 ms at
// 60 Hz). `next_frame` also waits for that frame's requestAnimationFrame,
// so it adds the wait for the frame boundary (up to 16.7 ms, whatever the
// page's work).
const changes = await page.evaluate(async () => {
  const slider = document.querySelector('#volume-slider');
  // The chart's figure: the drawing and the volume marker over it.
  const chart = document.querySelector('.chart');
  const macrotask = () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
  const work = [];
  const frame = [];
  for (let i = 0; i < 100; i++) {
    const value = (5 + (i * 0.0587) % 6).toFixed(2);
    // Start between frames, as a user's input does.
    await new Promise((r) => requestAnimationFrame(() => r()));
    await macrotask();
    const t0 = performance.now();
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { obs.disconnect(); resolve(); });
      obs.observe(chart, { childList: true, subtree: true, characterData: true });
    });
    slider.value = value;
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await changed;
    await macrotask();
    void document.body.offsetHeight;
    work.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => r()));
    frame.push(performance.now() - t0);
  }
  return { work, frame };
});
console.log(JSON.stringify({
  navigation_to_first_chart_ms: pct(firstCharts, 50),
  navigation_to_first_chart_10mbit_ms: pct(slowCharts, 50),
  input_to_chart_p50_ms: pct(changes.work, 50),
  input_to_chart_p95_ms: pct(changes.work, 95),
  input_to_next_frame_p50_ms: pct(changes.frame, 50),
  input_to_next_frame_p95_ms: pct(changes.frame, 95),
}));
await browser.close();
server.close();
