// Bad input from JavaScript: a thrown Error with a useful message, and the
// module keeps working after it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, PKG } from '../env.mjs';

const llm = await import(`${PKG}/index.mjs`);
const good = JSON.parse(fixtures().find((f) => f.stem === 'default').scenario);

function throwsWith(fn, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error');
    assert.match(e.message, pattern);
    return true;
  });
  // The module still works.
  assert.ok(llm.evaluate(good).options.length > 0);
}

const with_ = (edit) => {
  const s = structuredClone(good);
  edit(s);
  return s;
};

test('malformed JSON', () => throwsWith(() => llm.evaluate('{"schema_version": 1,'), /EOF|line 1/));
test('not JSON at all', () => throwsWith(() => llm.evaluate('hello'), /JSON only|does not start/));
test('undefined and null', () => {
  throwsWith(() => llm.evaluate(undefined), /scenario: expected an object or a JSON or TOML string, found undefined/);
  throwsWith(() => llm.evaluate(null), /found null/);
  throwsWith(() => llm.estimate(undefined), /request: expected/);
});
test('wrong types', () => {
  throwsWith(() => llm.evaluate(42), /found number/);
  throwsWith(() => llm.evaluate(with_((s) => { s.workload.horizon_months = 'two years'; })), /^workload\.horizon_months: /);
  throwsWith(
    () => llm.evaluate(with_((s) => { s.options[5].self_hosted.rented = { usd_per_gpu_hour: 2.99 }; })),
    /^options\[5\]\.self_hosted\.rented\.usd_per_gpu_hour: .*decimal string/,
  );
});
test('missing fields', () => {
  throwsWith(() => llm.evaluate(with_((s) => { delete s.workload.input_tokens_per_request; })), /^workload: missing field `input_tokens_per_request`/);
  throwsWith(() => llm.evaluate(with_((s) => { delete s.schema_version; })), /^schema_version: missing/);
});
test('unknown fields', () => {
  throwsWith(() => llm.evaluate(with_((s) => { s.workload.tokens_per_hour = 5; })), /^workload\.tokens_per_hour: unknown field/);
});
test('negative numbers', () => {
  throwsWith(() => llm.evaluate(with_((s) => { s.workload.tokens_per_day = '-5'; })), /^workload\.tokens_per_day: must be above 0/);
  throwsWith(
    () => llm.estimate({ model: 'llama-3.1-8b', gpu: 'l4', gpus: -1, weights: 'bf16', kv_cache: 'fp16', input_tokens: 1, output_tokens: 1 }),
    /^gpus: /,
  );
});
test('a parallel layout the model or the value cannot take', () => {
  throwsWith(
    () => llm.evaluate(with_((s) => { Object.assign(s.options[4].self_hosted, { model: 'llama-3.3-70b', weights: 'fp8', layout: 'expert_parallel' }); })),
    /^options\[4\]\.self_hosted\.layout: expert parallel \(expert_parallel\) is for a mixture of experts, and Llama 3\.3 70B.* is dense/,
  );
  throwsWith(
    () => llm.evaluate(with_((s) => { s.options[4].self_hosted.layout = 'ep'; })),
    /^options\[4\]\.self_hosted\.layout: unknown variant `ep`, expected one of `tensor_parallel`, `expert_parallel`, `dp_attention`, `dp_attention_expert_parallel`/,
  );
});
test('unknown ids name the nearest', () => {
  throwsWith(() => llm.evaluate(with_((s) => { s.options[0].api.catalog = 'gpt-4o'; })), /^options\[0\]\.api\.catalog: unknown API offer id "gpt-4o"; nearest known: openai-gpt-4o/);
});
test('a 10 MB string', () => throwsWith(() => llm.evaluate('{' + ' '.repeat(10 * 1024 * 1024) + '}'), /at most 4194304 bytes/));
test('a 10 MB object', () => throwsWith(() => llm.evaluate(with_((s) => { s.description = 'x'.repeat(10 * 1024 * 1024); })), /at most 4194304 bytes/));
test('a cyclic object', () => {
  const s = structuredClone(good);
  s.self = s;
  throwsWith(() => llm.evaluate(s), /cannot be turned into JSON/);
});
test('an older schema_version', () => throwsWith(() => llm.evaluate(with_((s) => { s.schema_version = 0; })), /reads schema_version 1/));
