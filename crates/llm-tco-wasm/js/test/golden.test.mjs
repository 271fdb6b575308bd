// Every fixture gives the report `llm-tco compare --format json` prints,
// byte for byte (the snapshots are checked against the CLI by the Rust
// tests).
import test from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, PKG } from '../env.mjs';

const llm = await import(`${PKG}/index.mjs`);

test('there are fixtures', () => {
  assert.ok(fixtures().length >= 4);
});

for (const { stem, scenario, report } of fixtures()) {
  test(`${stem}: evaluateJson is the CLI report, byte for byte`, () => {
    assert.equal(llm.evaluateJson(scenario), report);
  });
  test(`${stem}: evaluate on an object gives the same report as an object`, () => {
    assert.deepEqual(llm.evaluate(JSON.parse(scenario)), JSON.parse(report));
  });
  test(`${stem}: breakEven is the report's break-even part`, () => {
    const full = JSON.parse(report);
    const be = llm.breakEven(scenario);
    assert.deepEqual(be, { scenario: full.scenario, range: full.range, break_even: full.break_even });
  });
}

test('a scenario that gives no date is priced as of today (UTC), as the CLI and the page price it', () => {
  const { scenario } = fixtures()[0];
  const undated = JSON.parse(scenario);
  delete undated.as_of;
  const before = new Date().toISOString().slice(0, 10);
  const { as_of } = llm.evaluate(undated);
  assert.ok([before, new Date().toISOString().slice(0, 10)].includes(as_of), as_of);
});

test('estimate gives the contract fields', () => {
  const r = llm.estimate({
    model: 'llama-3.1-8b', gpu: 'h100-sxm', gpus: 1, weights: 'bf16', kv_cache: 'fp16',
    input_tokens: 1000, output_tokens: 200, concurrency: 4,
  });
  assert.equal(r.fits, true);
  assert.equal(r.memory.weights_bytes, 16060522496);
  assert.equal(r.memory.kv_cache_bytes_per_token, 131072);
  for (const f of ['max_output_tokens_per_s', 'per_user_output_tokens_per_s', 'ttft_ms', 'batch_size']) {
    assert.ok(r[f] > 0, f);
  }
  assert.equal(typeof llm.estimateJson(JSON.stringify(r.request)), 'string');
});

test('catalog lists every kind with sources', () => {
  const c = llm.catalog();
  for (const kind of ['api', 'gpus', 'models', 'purchase', 'cloud', 'engines']) {
    assert.ok(Array.isArray(c[kind]) && c[kind].length > 0, kind);
  }
  assert.ok(c.api.every((a) => a.source && a.as_of));
  assert.equal(typeof c.api[0].input_usd_per_mtok, 'string', 'money is a decimal string');
});

test('version is the library version', () => {
  assert.match(llm.version, /^\d+\.\d+\.\d+$/);
});
