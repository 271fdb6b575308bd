// The core's benchmark workloads through the npm package, in Node: run by
// `cargo xtask bench`, which compares them with the native (criterion)
// medians. Prints one JSON object: median milliseconds per workload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PKG = process.env.LLM_TCO_PKG;
const ROOT = process.env.LLM_TCO_ROOT;
const llm = await import(`${PKG}/index.mjs`);

/** Median of `runs` timings of `f` (after `warmup` untimed calls), in ms. */
function median(f, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) f();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The usage log of the Rust benchmark (`usage_log_csv`), byte for byte. */
function usageLog(n) {
  let state = 0x2545F4914F6CDD1Dn;
  const mask = (1n << 64n) - 1n;
  const next = (m) => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & mask;
    return Number((state >> 33n) % BigInt(m));
  };
  const models = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4'];
  const lines = ['timestamp,model,input_tokens,output_tokens,cached_tokens'];
  for (let i = 0; i < n; i++) {
    const ts = 1772323200 + Math.floor((i * 26) / 10);
    const model = models[next(3)];
    const input = 200 + next(4000);
    const output = 50 + next(800);
    const cached = Math.floor((input * next(60)) / 100);
    lines.push(`${ts},${model},${input},${output},${cached}`);
  }
  return lines.join('\n') + '\n';
}

const six = readFileSync(join(ROOT, 'crates/llm-tco/benches/six-options.json'), 'utf8');
const quality = readFileSync(join(process.env.LLM_TCO_FIXTURES_JSON, 'article-002-support-quality.json'), 'utf8');
const def = llm.defaultScenario();
const log = usageLog(1_000_000);

const result = {
  evaluate_default_ms: median(() => llm.evaluateJson(def), 500, 50),
  six_options_full_ms: median(() => llm.evaluateJson(six), 500, 50),
  monte_carlo_10k_ms: median(() => llm.monteCarloJson(quality, { seed: 42, samples: 10000, api: 'GPT-4o' }), 10, 1),
  usage_1m_rows_ms: median(() => {
    const imp = new llm.UsageImport({ scenario: def });
    for (let i = 0; i < log.length; i += 1 << 20) imp.push(log.slice(i, i + (1 << 20)));
    imp.finishJson();
  }, 5, 1),
};
console.log(JSON.stringify(result));
