// The package loads with require() as well as import, in Node 20.
const test = require('node:test');
const assert = require('node:assert/strict');

const llm = require(process.env.LLM_TCO_PKG + '/index.cjs');

test('require() gives every export', () => {
  for (const name of ['evaluate', 'evaluateJson', 'breakEven', 'estimate', 'estimateJson', 'catalog']) {
    assert.equal(typeof llm[name], 'function', name);
  }
  assert.equal(typeof llm.version, 'string');
});

test('require() computes', () => {
  const report = llm.evaluate({
    schema_version: 1,
    name: 'cjs',
    workload: { tokens_per_day: '1000000', input_tokens_per_request: 1000, output_tokens_per_request: 1000 },
    options: [{ name: 'GPT-4o', api: { catalog: 'openai-gpt-4o' } }],
    as_of: '2026-01-01',
  });
  // 1M tokens/day × 365/12 = 30,416,666.67 tokens/month, half in at $2.50, half out at $10.
  assert.equal(report.options[0].monthly_usd, '190.10');
});
