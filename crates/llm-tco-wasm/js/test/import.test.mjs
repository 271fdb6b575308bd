// The importers from JavaScript: importPrices gives the library's import
// of each price database (the Rust tests hold the snapshots to the library
// and the CLI); modelFromConfig the library's model of each
// config.json; an imported catalog prices a scenario; bad input throws an
// Error naming the option or the field.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, PKG, ROOT } from '../env.mjs';

const llm = await import(`${PKG}/index.mjs`);
const dir = join(ROOT, 'fixtures/importers');
const snapshot = (name) => readFileSync(join(ROOT, 'tests/snapshots', name), 'utf8');

const DATABASES = [
  ['litellm', 'litellm/model_prices_and_context_window.json', '2026-08-12'],
  ['genai-prices', 'genai-prices/data.json', '2026-08-21'],
  ['models-dev', 'models-dev/api.json', '2026-08-12'],
];

for (const [from, file, asOf] of DATABASES) {
  const text = readFileSync(join(dir, file), 'utf8');
  test(`${from}: importPrices on the text or on the parsed file gives the same object`, () => {
    const want = JSON.parse(snapshot(`import-${from}.json`));
    assert.deepEqual(llm.importPrices(text, { from, asOf }), want);
    assert.deepEqual(llm.importPrices(JSON.parse(text), { from, asOf }), want);
  });
}

test('an imported catalog prices a scenario through its catalog field', () => {
  const text = readFileSync(join(dir, 'genai-prices/data.json'), 'utf8');
  const { catalog, skipped } = llm.importPrices(text, { from: 'genai-prices', asOf: '2026-08-21' });
  assert.ok(skipped.some((s) => s.key === 'openai/moderation'));
  const scenario = JSON.parse(fixtures().find((f) => f.stem === 'default').scenario);
  scenario.catalog = catalog;
  scenario.as_of = '2026-09-15';
  scenario.options = [{ name: 'Claude Sonnet 5', api: { catalog: 'anthropic-claude-sonnet-5' } }];
  const report = llm.evaluate(scenario);
  // The rise announced for 2026-09-01 is in force on the scenario's date.
  assert.equal(report.options[0].api.catalog_id, 'anthropic-claude-sonnet-5');
  assert.equal(report.options[0].api.input_usd_per_mtok, '3');
});

test('modelFromConfig gives the library model of every config', () => {
  const want = JSON.parse(snapshot('hf-config.models.json'));
  const files = readdirSync(join(dir, 'hf-config')).filter((f) => f.endsWith('.config.json')).sort();
  assert.equal(files.length, 10);
  for (const f of files) {
    const id = f.replace(/\.config\.json$/, '').toLowerCase();
    const got = llm.modelFromConfig(readFileSync(join(dir, 'hf-config', f), 'utf8'), { id, asOf: '2026-12-01' });
    assert.deepEqual(got, want[f], f);
  }
});

test('an imported model is estimated through the catalog of a scenario', () => {
  const text = readFileSync(join(dir, 'hf-config/Qwen__Qwen3-30B-A3B.config.json'), 'utf8');
  const m = llm.modelFromConfig(text, { id: 'qwen3-30b-a3b-mine', name: 'Qwen3 30B A3B', hfRepo: 'Qwen/Qwen3-30B-A3B', asOf: '2026-12-01' });
  const model = m.catalog.models[0];
  assert.equal(model.total_params, 30532122624);
  assert.equal(model.active_params, 3353032704);
  assert.equal(model.source.url, 'https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json');
  const scenario = JSON.parse(fixtures().find((f) => f.stem === 'default').scenario);
  scenario.catalog = m.catalog;
  const hosted = scenario.options.find((o) => o.self_hosted);
  hosted.self_hosted.model = 'qwen3-30b-a3b-mine';
  scenario.options = [hosted];
  const report = llm.evaluate(scenario);
  assert.equal(report.options.length, 1);
});

function throwsWith(fn, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error');
    assert.match(e.message, pattern);
    return true;
  });
}

test('bad input throws an Error naming the option or the field', () => {
  const litellm = readFileSync(join(dir, 'litellm/model_prices_and_context_window.json'), 'utf8');
  throwsWith(() => llm.importPrices(litellm, {}), /^options\.from: required/);
  throwsWith(() => llm.importPrices(litellm, { from: 'openrouter' }), /^options\.from: "openrouter" is not a price database/);
  throwsWith(() => llm.importPrices(litellm, { from: 'litellm', asOf: '2026-13-01' }), /^options\.asOf: .*YYYY-MM-DD/);
  throwsWith(() => llm.importPrices(litellm, { from: 'genai-prices', asOf: '2026-08-21' }), /JSON array of providers/);
  throwsWith(() => llm.importPrices(undefined, { from: 'litellm' }), /^text: expected the file's text/);
  throwsWith(() => llm.importPrices('x'.repeat(5 * 1024 * 1024), { from: 'litellm' }), /at most 4194304 bytes/);
  throwsWith(() => llm.importPrices('{"a": NaN}', { from: 'litellm' }), /NaN and Infinity are not JSON numbers/);
  const bad = readFileSync(join(dir, 'hf-config/bad/gemma3_text_config_missing_hidden_size.json'), 'utf8');
  throwsWith(() => llm.modelFromConfig(bad, { id: 'g' }), /^text_config\.hidden_size: missing from the config/);
  throwsWith(() => llm.modelFromConfig('{}', {}), /^options\.id: required/);
  throwsWith(() => llm.modelFromConfig('{"model_type": "llama"}', { id: ' ' }), /^options\.id: /);
  // Entries that cannot be read are skipped, never priced at zero.
  const good = { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1.25e-6, output_cost_per_token: 1e-5 };
  const r = llm.importPrices({ a: { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 'free', output_cost_per_token: 0 }, 'gpt-x': good }, { from: 'litellm', asOf: '2026-12-01' });
  assert.deepEqual(r.catalog.api.map((o) => [o.input_usd_per_mtok, o.output_usd_per_mtok]), [['1.25', '10']]);
  assert.deepEqual(r.skipped, [{ key: 'a', reason: 'malformed number in input_cost_per_token: "free"' }]);
  // A file of which nothing can be read is an error that says why, not an empty catalog.
  throwsWith(
    () => llm.importPrices({ a: { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 'free', output_cost_per_token: 0 } }, { from: 'litellm', asOf: '2026-12-01' }),
    /no API offer with a price could be read: all 1 entries were skipped, for example a: malformed number/,
  );
});

test('with no asOf the data is dated today', () => {
  const text = readFileSync(join(dir, 'models-dev/api.json'), 'utf8');
  const r = llm.importPrices(text, { from: 'models.dev' });
  const today = new Date().toISOString().slice(0, 10);
  assert.ok(r.catalog.api.every((o) => o.as_of === today));
});
