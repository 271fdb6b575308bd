// A typed use of the package: compiled by `tsc --noEmit` in the tests.
import { evaluate, estimate, catalog, version, type ScenarioFile, type Report, type EstimateReport } from 'llm-tco';

const scenario: ScenarioFile = {
  schema_version: 1,
  name: 'typed',
  workload: { tokens_per_day: '10000000', input_tokens_per_request: 1000, output_tokens_per_request: 250 },
  options: [
    { name: 'GPT-4o', api: { catalog: 'openai-gpt-4o' } },
    { name: 'Llama', self_hosted: { model: 'llama-3.1-8b', weights: 'fp8', gpu: 'l4', rented: { usd_per_gpu_hour: '0.80' } } },
  ],
};

const report: Report = evaluate(scenario);
const cheapest: string | null = report.options.map((o) => o.monthly_usd).sort()[0] ?? null;
const verdict: 'never' | 'always' | 'above' = report.break_even[0].self_hosted_cheaper.verdict;

const sized: EstimateReport = estimate({
  model: 'llama-3.1-8b', gpu: 'l4', gpus: 1, weights: 'fp8', kv_cache: 'fp8', input_tokens: 1000, output_tokens: 200,
});
const tokensPerS: number = sized.max_output_tokens_per_s;
const gpuIds: string[] = catalog().gpus.map((g) => g.id);
const v: string = version;

export { cheapest, verdict, tokensPerS, gpuIds, v };
