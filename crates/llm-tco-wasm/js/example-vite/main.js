// The package, bundled by Vite with vite-plugin-wasm, computing a scenario.
import { evaluate, version } from 'llm-tco';

const report = evaluate({
  schema_version: 1,
  name: 'vite example',
  as_of: '2026-01-01',
  workload: { tokens_per_day: '1000000', input_tokens_per_request: 1000, output_tokens_per_request: 1000 },
  options: [{ name: 'GPT-4o', api: { catalog: 'openai-gpt-4o' } }],
});
document.getElementById('result').textContent = report.options[0].monthly_usd;
document.title = `llm-tco ${version}`;
