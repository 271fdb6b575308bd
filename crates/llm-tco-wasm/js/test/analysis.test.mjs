// Decision analysis through the npm package: the same bytes as the Rust
// library and the CLI (the snapshots the Rust tests check), streaming usage
// logs, and bad input that names the option or the line.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, PKG, ROOT } from '../env.mjs';

const llm = await import(`${PKG}/index.mjs`);
const snapshot = (name) => readFileSync(join(ROOT, 'tests/snapshots', name), 'utf8');
const scenario = (stem) => fixtures().find((f) => f.stem === stem).scenario;
const QUALITY = 'article-002-support-quality';
const PAIR = { selfHosted: 'Mistral 7B fine-tuned, A10G rented', api: 'GPT-4o' };

for (const stem of ['default', QUALITY, 'on-premises']) {
  test(`${stem}: paybackJson is the library's payback, byte for byte`, () => {
    assert.equal(llm.paybackJson(scenario(stem)), snapshot(`${stem}.payback.json`));
    assert.deepEqual(llm.payback(JSON.parse(scenario(stem))), JSON.parse(snapshot(`${stem}.payback.json`)));
  });
}

test('sensitivityJson is the library\'s, byte for byte', () => {
  const json = llm.sensitivityJson(scenario(QUALITY), { ...PAIR, delta: 0.2 });
  assert.equal(json, snapshot(`${QUALITY}.sensitivity.json`));
  assert.equal(llm.sensitivityJson(scenario(QUALITY), { ...PAIR, delta: '0.2' }), json);
});

test('monteCarloJson with a seed is the library\'s, byte for byte, with any seed type', () => {
  const expected = snapshot(`${QUALITY}.montecarlo.json`);
  for (const seed of [42, '42', 42n]) {
    assert.equal(llm.monteCarloJson(scenario(QUALITY), { api: 'GPT-4o', seed, samples: 2000 }), expected);
  }
  const other = llm.monteCarlo(scenario(QUALITY), { api: 'GPT-4o', seed: 43, samples: 2000 });
  assert.notDeepEqual(other.saving_usd, JSON.parse(expected).saving_usd);
  // A seed above 2^53 survives as a string or a BigInt.
  const big = llm.monteCarlo(scenario(QUALITY), { api: 'GPT-4o', seed: 18446744073709551615n, samples: 10 });
  assert.equal(big.seed, '18446744073709551615');
});

test('bad analysis options name the option', () => {
  const s = scenario(QUALITY);
  assert.throws(() => llm.monteCarlo(s, {}), /options\.seed: required/);
  assert.throws(() => llm.monteCarlo(s, { seed: -1 }), /options\.seed: expected a whole number/);
  assert.throws(() => llm.monteCarlo(s, { seed: 1.5 }), /options\.seed/);
  assert.throws(() => llm.monteCarlo(s, { seed: 1, samples: 0 }), /options\.samples: must be between 1 and 1000000/);
  assert.throws(() => llm.monteCarlo(s, { seed: 1, samples: 2000001 }), /options\.samples/);
  assert.throws(() => llm.monteCarlo(scenario('default'), { seed: 1 }), /uncertainty: the scenario gives no input as a range/);
  assert.throws(() => llm.sensitivity(s, { api: 'nobody' }), /options\.api: no option is named "nobody"/);
  assert.throws(() => llm.sensitivity(s, { selfHosted: 'GPT-4o' }), /options\.selfHosted: option "GPT-4o" is not a self-hosted option/);
  assert.throws(() => llm.sensitivity(s, { delta: 1 }), /options\.delta: must be above 0 and below 1/);
  assert.throws(() => llm.sensitivity(s, { delta: 'lots' }), /options\.delta: expected a share/);
  assert.throws(() => llm.sensitivity(s, 'not an object'), /options: expected an object/);
  assert.throws(() => llm.payback(undefined), /scenario: expected an object/);
});

const LOGS = join(ROOT, 'fixtures/usage');
for (const name of readdirSync(LOGS).sort()) {
  test(`usage log ${name}: streamed in chunks, the library's report byte for byte`, () => {
    const text = readFileSync(join(LOGS, name), 'utf8');
    for (const size of [5, 4096]) {
      const imp = new llm.UsageImport({ scenario: llm.defaultScenario() });
      for (let i = 0; i < text.length; i += size) imp.push(text.slice(i, i + size));
      assert.equal(imp.finishJson(), snapshot(`usage-${name}.json`));
    }
    // The default scenario is the built-in one.
    const imp = new llm.UsageImport();
    imp.push(text);
    assert.deepEqual(imp.finish(), JSON.parse(snapshot(`usage-${name}.json`)));
  });
}

test('a large log streams with progress and bounded memory', () => {
  const imp = new llm.UsageImport({ format: 'csv' });
  imp.push('timestamp,model,input_tokens,output_tokens,cached_tokens\n');
  const rows = 200_000;
  const seen = [];
  for (let start = 0; start < rows; start += 10_000) {
    let chunk = '';
    for (let i = start; i < start + 10_000; i++) chunk += `${1772323200 + i * 13},m${i % 3},${1000 + (i % 500)},${200 + (i % 50)},${i % 400}\n`;
    imp.push(chunk);
    seen.push(imp.linesRead);
  }
  assert.ok(seen.every((n, i) => i === 0 || n > seen[i - 1]), 'progress grows');
  assert.equal(imp.rows, rows);
  const r = imp.finish();
  assert.equal(r.log.rows, rows);
  assert.equal(r.log.models.length, 3);
});

test('usage import errors name the line and the option', () => {
  const bad = 'timestamp,input_tokens,output_tokens\n1,10,10\n2,x,10\n';
  const fail = new llm.UsageImport({ onError: 'fail' });
  assert.throws(() => fail.push(bad), /^Error: line 3: input_tokens: "x" is not a whole number/);
  const skip = new llm.UsageImport({ onError: 'skip' });
  skip.push(bad);
  const r = skip.finish();
  assert.equal(r.log.skipped_rows, 1);
  assert.deepEqual(r.log.errors, [{ line: 3, message: 'input_tokens: "x" is not a whole number of tokens' }]);
  assert.throws(() => skip.finish(), /already finished/);
  assert.throws(() => skip.push('more'), /finished/);
  assert.throws(() => new llm.UsageImport({ format: 'xml' }), /options\.format: "xml"; expected auto, csv or jsonl/);
  assert.throws(() => new llm.UsageImport({ onError: 'ignore' }), /options\.onError/);
  assert.throws(() => new llm.UsageImport({ scenario: '{}' }), /schema_version/);
  const empty = new llm.UsageImport();
  assert.throws(() => empty.finish(), /no usable row/);
  const header = new llm.UsageImport();
  assert.throws(() => header.push('when,input_tokens,output_tokens\n'), /line 1: the CSV header has no timestamp column/);
});

test('guide applies the six questions', () => {
  const r = llm.guide({ privacy: true, frontier_reasoning: false, infra_team: true, tokens_per_day: 8000000, narrow_task: false, offline: false });
  assert.equal(r.lean, 'self_host_required');
  assert.deepEqual(r.constraints, { on_premises: true, offline: false });
  assert.equal(llm.guide({ privacy: false, frontier_reasoning: true, infra_team: true, tokens_per_day: '1e6', narrow_task: false, offline: false }).lean, 'closed_api');
  assert.throws(() => llm.guide({ privacy: false }), /answers: missing field/);
  assert.throws(() => llm.guide({ privacy: false, frontier_reasoning: false, infra_team: true, tokens_per_day: 0, narrow_task: false, offline: false }), /answers\.tokens_per_day: must be above 0/);
});

test('a panic inside the module becomes an Error with its message, and the module goes on', async () => {
  const raw = (await import(`${PKG}/node/llm_tco_wasm.cjs`)).default;
  const { guard } = (await import(`${PKG}/guard.cjs`)).default;
  const panicking = guard(raw, raw.__llmTcoTestPanic);
  assert.throws(() => panicking(), (e) => {
    assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), String(e));
    assert.match(e.message, /^llm-tco internal error: .*a deliberate panic, for the test of the panic message/);
    assert.match(e.message, /not in your input/);
    assert.ok(e.cause instanceof WebAssembly.RuntimeError);
    return true;
  });
  // The same instance still prices a scenario after the trap.
  assert.equal(llm.evaluateJson(scenario('default')), snapshot('default.report.json'));
  // Ordinary errors pass through the guard unchanged.
  assert.throws(() => llm.evaluate('{}'), /^Error: schema_version: missing/);
});

test('overflow, zero prices and an unknown id are Errors on every analysis', () => {
  const base = JSON.parse(scenario(QUALITY));
  const huge = structuredClone(base);
  huge.options[0].api = { input_usd_per_mtok: '79228162514264337593543950335', output_usd_per_mtok: '1' };
  for (const f of [
    () => llm.evaluate(huge),
    () => llm.payback(huge),
    () => llm.sensitivity(huge, PAIR),
    () => llm.monteCarlo(huge, { ...PAIR, seed: 1, samples: 10 }),
  ]) {
    assert.throws(f, /overflows the decimal range/);
  }
  const free = structuredClone(base);
  free.options[0].api = { input_usd_per_mtok: '0', output_usd_per_mtok: '0' };
  assert.equal(llm.evaluate(free).options[0].monthly_usd, '0.00');
  assert.ok(llm.payback(free).options[0].months.every((m) => m.cumulative_usd === '0.00'));
  assert.equal(llm.sensitivity(free, PAIR).rows.length > 0, true);
  const imp = new llm.UsageImport({ scenario: huge });
  imp.push('timestamp,input_tokens,output_tokens\n1,1000,100\n');
  assert.throws(() => imp.finish(), /overflows the decimal range/);
  const unknown = structuredClone(base);
  unknown.options[2].self_hosted.model = 'no-such-model';
  assert.throws(() => llm.payback(unknown), /^Error: options\[2\]\.self_hosted\.model: /);
});
