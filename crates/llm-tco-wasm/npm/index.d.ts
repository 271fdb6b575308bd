// TypeScript declarations of the npm package `llm-tco`.
//
// These mirror the Rust types of the `llm-tco` library (crates/llm-tco).
// The package's tests check every object the functions return against these
// interfaces, key by key, so the two cannot drift apart.
//
// Money is always a decimal string ("2.50"), never a number: no price is
// rounded by a float on the way in or out.

/** A decimal number written as a string: money ("12.50") and exact shares. */
export type DecimalString = string;
/** A quantity that is not money: a number or a decimal string. */
export type Quantity = number | string;

// ---------------------------------------------------------------- inputs

/** A scenario document (schema_version 2; a version-1 document is read and migrated). */
export interface ScenarioFile {
  schema_version: 1 | 2;
  name: string;
  description?: string;
  /** YYYY-MM-DD; prices older than a year from it are flagged. Today when absent. */
  as_of?: string;
  notes?: string[];
  workload: WorkloadSpec;
  range?: RangeSpec;
  options: OptionSpec[];
  catalog?: CatalogFile;
  constraints?: ConstraintsSpec;
  uncertainty?: UncertainInputSpec[];
}

/** Rules that exclude options whatever they cost. */
export interface ConstraintsSpec {
  /** Data must stay on your premises: APIs and rented cloud GPUs are ruled out. */
  on_premises?: boolean;
  /** Must run without a network: APIs and rented cloud GPUs are ruled out. */
  offline?: boolean;
}

/** An input known as a range (triangular distribution) for `monteCarlo`. */
export interface UncertainInputSpec {
  /** The option the input belongs to, by name (since schema_version 2); absent for a workload input. */
  option?: string;
  /** A workload input's path (`workload.tokens_per_day`), or with `option` the input's path within it (`self_hosted.rented.usd_per_gpu_hour`). Version-1 files' `options[N].…` are migrated on reading. */
  input: string;
  /** With `high`, unless `band` is given. */
  low?: Quantity;
  /** Default: midway between low and high (with a band: the sizing model's capacity). */
  likely?: Quantity;
  /** With `low`, unless `band` is given. */
  high?: Quantity;
  /**
   * `calibration`, for a self-hosted option's `self_hosted.capacity_tokens_per_s` only: draw the sized capacity within
   * its engine profile's calibration error (instead of low/high), so the break-even range includes the
   * sizing model's own uncertainty.
   */
  band?: 'calibration';
}

export interface WorkloadSpec {
  /** Give this or requests_per_day. */
  tokens_per_day?: Quantity;
  requests_per_day?: Quantity;
  input_tokens_per_request: Quantity;
  output_tokens_per_request: Quantity;
  cached_input_share?: Quantity;
  cache_write_share?: Quantity;
  batch_share?: Quantity;
  peak_to_average?: Quantity;
  monthly_growth?: Quantity;
  horizon_months?: number;
  min_output_tokens_per_s_per_user?: Quantity;
  max_ttft_ms?: Quantity;
}

export interface RangeSpec {
  min_tokens_per_day?: Quantity;
  max_tokens_per_day?: Quantity;
  points?: number;
}

/** Exactly one of `api`, `self_hosted` and `hybrid`. */
export interface OptionSpec {
  name: string;
  api?: ApiSpec;
  self_hosted?: SelfHostedSpec;
  hybrid?: HybridSpec;
  quality?: QualitySpec;
  notes?: string;
}

export type Split = 'overflow' | 'share' | 'batch';

/** Two options of the scenario, by name, sharing the traffic. */
export interface HybridSpec {
  self_hosted: string;
  api: string;
  /** Default `overflow`. */
  split?: Split;
  /** With `share`: the self-hosted share, 0 to 1. */
  share?: Quantity;
  /** With `overflow`: always-on base replicas (default: the cheapest count). */
  base_replicas?: number;
}

/** How often an option gets a task right, and what a failure costs. */
export interface QualitySpec {
  success_rate: Quantity;
  /** Default `retry`. */
  on_failure?: 'retry' | 'fallback';
  /** With `fallback`: USD per failed task. */
  fallback_usd_per_task?: DecimalString;
}

export interface ApiSpec {
  /** Catalog id (`openai-gpt-4o`); without it give at least input and output prices. */
  catalog?: string;
  input_usd_per_mtok?: DecimalString;
  output_usd_per_mtok?: DecimalString;
  cached_input_usd_per_mtok?: DecimalString;
  cache_write_usd_per_mtok?: DecimalString;
  batch_discount?: Quantity;
  long_context_tier?: LongContextTier;
  as_of?: string;
  source?: string;
}

export interface LongContextTier {
  threshold_input_tokens: number;
  input_usd_per_mtok: DecimalString;
  output_usd_per_mtok: DecimalString;
  cached_input_usd_per_mtok?: DecimalString;
  cache_write_usd_per_mtok?: DecimalString;
}

export interface SelfHostedSpec {
  model: string;
  weights: WeightFormat;
  kv_cache?: KvFormat;
  gpu: string;
  engine?: EngineId;
  gpus_per_replica?: number;
  /** How a replica splits the model over its GPUs (default `tensor_parallel`); the others are for a mixture of experts. */
  layout?: ReplicaLayout;
  capacity_tokens_per_s?: Quantity;
  n_gpus?: number;
  rented?: RentedSpec;
  owned?: OwnedSpec;
  engineering?: EngineeringSpec;
  redundancy?: RedundancySpec;
}

export type WeightFormat =
  | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'nvfp4' | 'mxfp4' | 'awq_int4' | 'gptq_int4' | 'gptq_int8' | 'int4_w4a16'
  | 'gguf_q8_0' | 'gguf_q6_k' | 'gguf_q5_k_m' | 'gguf_q5_k_s' | 'gguf_q5_0' | 'gguf_q4_k_m' | 'gguf_q4_1'
  | 'gguf_q4_0' | 'gguf_iq4_xs' | 'gguf_q3_k_m' | 'gguf_q2_k';
export type KvFormat = 'fp16' | 'fp8' | 'int8' | 'int4';
export type ReplicaLayout = 'tensor_parallel' | 'expert_parallel' | 'dp_attention' | 'dp_attention_expert_parallel';
export type EngineId =
  | 'vllm' | 'vllm-0.7' | 'vllm-0.6' | 'vllm-0.5' | 'sglang' | 'sglang-0.4.3' | 'tensorrt-llm' | 'tensorrt-llm-0.17'
  | 'llama.cpp' | 'llama.cpp-metal' | 'llama.cpp-vulkan' | (string & {});
export type Pricing = 'on_demand' | 'reserved' | 'spot';
export type Billing = 'always_on' | 'scaled';

export interface RentedSpec {
  offer?: string;
  pricing?: Pricing;
  usd_per_gpu_hour?: DecimalString;
  billing?: Billing;
  min_gpus?: number;
  as_of?: string;
  source?: string;
}

export interface OwnedSpec {
  purchase_usd_per_gpu: DecimalString;
  server_usd_per_gpu?: DecimalString;
  life_years: Quantity;
  residual_share?: Quantity;
  cost_of_capital_per_year?: Quantity;
  power_draw_w?: Quantity;
  utilization_factor?: Quantity;
  pue?: Quantity;
  usd_per_kwh: DecimalString;
  colocation_usd_per_kw_month?: DecimalString;
  maintenance_share_per_year?: Quantity;
}

export interface EngineeringSpec {
  usd_per_hour: DecimalString;
  setup_hours?: Quantity;
  setup_amortization_months?: number;
  ops_hours_per_month?: Quantity;
}

export interface RedundancySpec {
  spare_replicas?: number;
  spare_gpus?: number;
}

/** An estimate request: one model on one replica of GPUs. */
export interface EstimateInput {
  model: string;
  gpu: string;
  gpus: number;
  weights: WeightFormat;
  kv_cache: KvFormat;
  input_tokens: number;
  output_tokens: number;
  concurrency?: number;
  engine?: EngineId;
  min_output_tokens_per_s_per_user?: number;
  max_ttft_ms?: number;
  /** Format of a mixture of experts' routed experts, when it differs from `weights`. */
  expert_weights?: WeightFormat;
  /** Format of the layers outside the routed experts (an FP4 mixture of experts keeps them at BF16 by default). */
  dense_weights?: WeightFormat;
  /** Attention data-parallel groups; divides `gpus`. */
  attention_dp?: number;
  /** Expert-parallel degree; divides `gpus`. */
  expert_parallel?: number;
  /** `fixed` (default) or `variable` (chat traffic: running sequences are length-biased). */
  output_lengths?: 'fixed' | 'variable';
  /** The engine's batch limit (vLLM `--max-num-seqs`), when the server sets it. */
  max_batch?: number;
  /** Asynchronous scheduling (vLLM `--async-scheduling`), when the server sets it differently from the profile. */
  async_scheduling?: boolean;
}

// ---------------------------------------------------------------- outputs

export interface Report {
  report_version: 1;
  scenario: string;
  as_of?: string;
  workload: WorkloadReport;
  range: RangeReport;
  options: OptionReport[];
  break_even: PairReport[];
  warnings: Warning[];
  assumptions: string[];
}

export interface WorkloadReport {
  tokens_per_day: DecimalString;
  requests_per_day: DecimalString;
  tokens_per_month: DecimalString;
  input_tokens_per_request: DecimalString;
  output_tokens_per_request: DecimalString;
  cached_input_share: DecimalString;
  cache_write_share: DecimalString;
  batch_share: DecimalString;
  peak_to_average: DecimalString;
  monthly_growth: DecimalString;
  horizon_months: number;
  min_output_tokens_per_s_per_user: string;
  max_ttft_ms: string | null;
}

export interface RangeReport {
  min_tokens_per_day: DecimalString;
  max_tokens_per_day: DecimalString;
  points: number;
}

export type LineItem =
  | 'input' | 'output' | 'cached_input' | 'cache_writes' | 'tier_surcharge' | 'batch_savings'
  | 'gpu_rent' | 'amortization' | 'cost_of_capital' | 'power' | 'colocation' | 'maintenance'
  | 'engineering_setup' | 'engineering_operations' | 'api_traffic';

export interface Line {
  item: LineItem;
  /** USD per month. */
  usd: DecimalString;
}

export interface OptionReport {
  name: string;
  kind: 'api' | 'self_hosted' | 'hybrid';
  /** USD per month; null for a self-hosted option that cannot serve the workload. */
  monthly_usd: DecimalString | null;
  usd_per_mtok: DecimalString | null;
  lines: Line[];
  api?: ApiDetails;
  self_hosted?: SelfHostedDetails;
  hybrid?: HybridDetails;
  /** Present when the scenario gives the option a success rate. */
  quality?: QualityReport;
  /** Why a constraint rules the option out. */
  ruled_out?: string;
  curve: CostCurve;
  /** [tokens_per_day, usd_per_month or null where the option cannot serve]. */
  points: [DecimalString, DecimalString | null][];
}

export interface ApiDetails {
  catalog_id: string | null;
  provider: string | null;
  hosting: 'closed' | 'open_weight' | null;
  input_usd_per_mtok: DecimalString;
  output_usd_per_mtok: DecimalString;
  cached_input_usd_per_mtok: DecimalString | null;
  cache_write_usd_per_mtok: DecimalString | null;
  batch_discount: DecimalString | null;
  long_context_tier_applies: boolean;
  as_of: string | null;
  source: Source | null;
  /** Which entry of the catalog offer is priced on the scenario's date; null without a catalog offer. */
  price_entry: 'current' | 'history' | 'scheduled' | null;
  /** The first day that entry was in force, when known. */
  price_from: string | null;
}

export interface SelfHostedDetails {
  model: string;
  weights: WeightFormat;
  kv_cache: KvFormat;
  gpu: string;
  hardware: 'rented' | 'owned';
  usd_per_gpu_hour?: DecimalString;
  pricing?: Pricing;
  billing?: Billing;
  usd_per_gpu_month: DecimalString;
  engine: string;
  gpus_per_replica: number;
  /** How a replica splits the model over its GPUs. */
  layout: ReplicaLayout;
  capacity_tokens_per_s: DecimalString | null;
  capacity_source: 'sizing_model' | 'given';
  /** The sized capacity's range from its engine profile's calibration error; null for a given capacity. */
  capacity_band: CapacityBand | null;
  serves: boolean;
  reason?: string;
  estimate: EstimateReport | null;
  replicas: number;
  spare_replicas: number;
  spare_gpus: number;
  n_gpus: number;
  feasible: boolean;
  average_utilization: DecimalString | null;
}

export interface HybridDetails {
  self_hosted: string;
  api: string;
  split: Split;
  replicas: number;
  n_gpus: number;
  self_hosted_tokens_per_day: DecimalString;
  api_tokens_per_day: DecimalString;
  api_share: DecimalString;
  self_hosted_usd: DecimalString;
  api_usd: DecimalString;
}

export interface QualityReport {
  success_rate: DecimalString;
  on_failure: 'retry' | 'fallback';
  fallback_usd_per_task?: DecimalString;
  tasks_per_month: DecimalString;
  monthly_usd: DecimalString | null;
  usd_per_successful_task: DecimalString | null;
}

/** Monthly cost against tokens per day, exactly. */
export type CostCurve = LinearCurve | StaircaseCurve | HybridCurve;

/** A self-hosted base and an API sharing the load; the cheapest split at each volume. */
export interface HybridCurve {
  kind: 'hybrid';
  split: Split;
  self_hosted: Staircase;
  api_usd_per_month_per_token_per_day: DecimalString;
  api_batch_usd_per_month_per_token_per_day: DecimalString;
  self_hosted_share: DecimalString;
  peak_to_average: DecimalString;
  replica_tokens_per_day: DecimalString | null;
  base_replicas: number | null;
}

export interface LinearCurve {
  kind: 'linear';
  usd_per_month_per_token_per_day: DecimalString;
}

/** usd = fixed_usd + usd_per_step × max(min_steps, ceil(tokens_per_day / tokens_per_day_per_step)). */
export interface StaircaseCurve {
  kind: 'staircase';
  fixed_usd: DecimalString;
  usd_per_step: DecimalString;
  tokens_per_day_per_step: DecimalString | null;
  min_steps: number;
  max_steps: number | null;
}

/** A staircase without its `kind` tag (inside a hybrid curve). */
export interface Staircase {
  fixed_usd: DecimalString;
  usd_per_step: DecimalString;
  tokens_per_day_per_step: DecimalString | null;
  min_steps: number;
  max_steps: number | null;
}

export interface PairReport {
  self_hosted: string;
  api: string;
  crossings: CrossingReport[];
  n_crossings: number;
  self_hosted_cheaper: CheaperAboveReport;
}

export interface CrossingReport {
  tokens_per_day: DecimalString;
  kind: 'self_hosted_becomes_cheaper' | 'self_hosted_becomes_dearer_at_step' | 'self_hosted_capacity_exceeded';
  api_usd: DecimalString;
}

export interface CheaperAboveReport {
  verdict: 'never' | 'always' | 'above';
  tokens_per_day?: DecimalString;
}

export interface Warning {
  option?: string;
  code: string;
  message: string;
}

export interface BreakEvenReport {
  scenario: string;
  range: RangeReport;
  break_even: PairReport[];
}

export interface MemoryReport {
  gpu_bytes: number;
  usable_bytes: number;
  weights_bytes: number;
  kv_cache_bytes: number;
  activations_bytes: number;
  reserve_bytes: number;
  kv_cache_bytes_per_token: number;
}

/** A sized capacity's range from its engine profile's calibration error. */
export interface CapacityBand {
  low_tokens_per_s: DecimalString;
  high_tokens_per_s: DecimalString;
  basis: 'held_out' | 'in_sample';
  median_abs_error: DecimalString;
  p90_abs_error: DecimalString;
}

export type MetricGroup = 'throughput' | 'per_user' | 'ttft' | 'prefill';

/** Errors |ratio − 1| of a profile on one metric group (ratio = predicted / measured, inverted for latencies). */
export interface ErrorBand {
  rows: number;
  median_abs_error: number;
  p90_abs_error: number;
  /** The ratio farthest from 1 (above 1: optimistic). */
  worst_ratio: number;
}

export interface CalibrationError {
  metric: MetricGroup;
  in_sample: ErrorBand;
  /** Each source predicted by a refit without it, when the profile has two sources or more. */
  held_out?: ErrorBand;
}

export interface EngineCalibration {
  rows: string[];
  errors: CalibrationError[];
}

/** The engine profile behind an estimate: its calibration rows and its error on them. */
export interface EngineReport {
  id: string;
  name: string;
  versions?: string;
  calibration_rows: string[];
  calibration_error: CalibrationError[];
  /** The band of its capacity (throughput, held out where it can be). */
  accuracy?: { basis: 'held_out' | 'in_sample'; metric: MetricGroup; band: ErrorBand };
}

export interface EstimateReport {
  request: EstimateInput;
  engine: EngineReport;
  fits: boolean;
  meets_latency: boolean;
  reason?: string;
  memory: MemoryReport;
  max_kv_tokens: number;
  batch_size: number;
  batch_bound: 'kv_memory' | 'engine_max_batch' | 'concurrency' | 'latency' | 'prefill';
  /** Users in flight at saturation under the latency target, where the target holds; 1 when even one user misses it, 0 when the model does not fit. */
  saturation_users: number;
  step_ms: number;
  step_bound: 'memory_bandwidth' | 'compute';
  max_output_tokens_per_s: number;
  max_total_tokens_per_s: number;
  /** Over whole requests, the wait for the first token included: times the concurrency, never above saturation. */
  per_user_output_tokens_per_s: number;
  /** While tokens stream (1000 / itl_ms). */
  per_user_decode_tokens_per_s: number;
  /** Queueing included. */
  ttft_ms: number;
  itl_ms: number;
  /** Output tokens per second of the replica at the concurrency. */
  output_tokens_per_s: number;
  prefill_tokens_per_s: number;
}

export interface OptionMonth {
  month: number;
  operating_usd: DecimalString | null;
  one_time_usd: DecimalString;
  cumulative_usd: DecimalString | null;
  n_gpus?: number;
}

export interface OptionTimeline {
  name: string;
  kind: 'api' | 'self_hosted' | 'hybrid';
  one_time_usd: DecimalString;
  months: OptionMonth[];
}

export interface PaybackPair {
  self_hosted: string;
  api: string;
  payback_month: number | null;
  saving_at_horizon_usd: DecimalString | null;
}

export interface PaybackReport {
  report_version: 1;
  scenario: string;
  horizon_months: number;
  monthly_growth: DecimalString;
  tokens_per_day: DecimalString[];
  options: OptionTimeline[];
  payback: PaybackPair[];
  assumptions: string[];
}

export interface OutcomeReport {
  saving_usd: DecimalString | null;
  verdict: 'never' | 'always' | 'above';
  break_even_tokens_per_day: DecimalString | null;
}

export interface SensitivityRow {
  input: string;
  label: string;
  base_value: DecimalString;
  low_value: DecimalString;
  high_value: DecimalString;
  low: OutcomeReport;
  high: OutcomeReport;
  saving_swing_usd: DecimalString | null;
}

export interface SensitivityReport {
  report_version: 1;
  scenario: string;
  self_hosted: string;
  api: string;
  delta: DecimalString;
  base: OutcomeReport;
  rows: SensitivityRow[];
}

export interface Percentiles {
  p10: DecimalString | null;
  p50: DecimalString | null;
  p90: DecimalString | null;
}

export interface InputRange {
  input: string;
  low: DecimalString;
  likely: DecimalString;
  high: DecimalString;
  /** `calibration` when the range is a sized capacity's calibration band. */
  band?: 'calibration';
}

export interface MonteCarloReport {
  report_version: 1;
  scenario: string;
  self_hosted: string;
  api: string;
  /** The seed as a decimal string (a u64). */
  seed: string;
  samples: number;
  inputs: InputRange[];
  saving_usd: Percentiles;
  /** null: self-hosting not cheaper within the range at that percentile. */
  break_even_tokens_per_day: Percentiles;
  probability_self_hosted_cheaper: DecimalString;
  probability_break_even_in_range: DecimalString;
}

export interface GuideAnswers {
  privacy: boolean;
  frontier_reasoning: boolean;
  infra_team: boolean;
  tokens_per_day: Quantity;
  narrow_task: boolean;
  offline: boolean;
}

export interface GuideResult {
  lean: 'self_host_required' | 'evaluate_self_hosting' | 'closed_api';
  summary: string;
  reasons: string[];
  constraints: { on_premises: boolean; offline: boolean };
  tokens_per_day: DecimalString;
}

export interface RowError {
  line: number;
  message: string;
}

export interface ModelUsage {
  model: string;
  requests: DecimalString;
  input_tokens: DecimalString;
  output_tokens: DecimalString;
  cached_tokens: DecimalString;
}

export interface SummaryReport {
  format: 'csv' | 'jsonl' | 'openai';
  lines: number;
  rows: number;
  skipped_rows: number;
  errors: RowError[];
  first_hour: string;
  last_hour: string;
  span_hours: number;
  requests: DecimalString;
  input_tokens: DecimalString;
  output_tokens: DecimalString;
  cached_tokens: DecimalString;
  tokens_per_day: DecimalString;
  peak_hour_tokens: DecimalString;
  models: ModelUsage[];
  warnings: string[];
}

export interface RepricedOption {
  name: string;
  kind: 'api' | 'self_hosted' | 'hybrid';
  period_usd: DecimalString | null;
  monthly_usd: DecimalString | null;
  usd_per_mtok: DecimalString | null;
}

export interface UsageReport {
  report_version: 1;
  log: SummaryReport;
  workload: WorkloadSpec;
  options: RepricedOption[];
  assumptions: string[];
}

// ---------------------------------------------------------------- catalog

export interface CatalogFile {
  about?: string;
  api?: ApiOffer[];
  gpus?: Gpu[];
  models?: Model[];
  purchase?: PurchasePrice[];
  cloud?: CloudPrice[];
  engines?: EngineProfile[];
}

export interface Catalog {
  api: ApiOffer[];
  gpus: Gpu[];
  models: Model[];
  purchase: PurchasePrice[];
  cloud: CloudPrice[];
  tco: TcoBasis[];
  engines: EngineProfile[];
}

/** Where an entry's figures come from: a link and a date. */
export interface SourceLink {
  /** The link text. */
  title: string;
  /** The document read: a page's address, or a permalink into a repository. */
  url?: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  date?: string;
  note?: string;
}

/** A source: its title alone, or a link with a date. */
export type Source = string | SourceLink;

/** An earlier (or announced) price of an API offer, in force from `from`. */
export interface PriceEntry {
  from?: string;
  until?: string;
  /** An announced price not yet in force on the data's date. */
  scheduled?: boolean;
  input_usd_per_mtok: DecimalString;
  output_usd_per_mtok: DecimalString;
  cached_input_usd_per_mtok?: DecimalString;
  cache_write_usd_per_mtok?: DecimalString;
  batch_discount?: DecimalString;
  long_context_tier?: LongContextTier;
  as_of?: string;
  source?: Source;
  confidence?: string;
}

export interface ApiOffer {
  id: string;
  name: string;
  provider: string;
  hosting: 'closed' | 'open_weight';
  model?: string;
  input_usd_per_mtok: DecimalString;
  output_usd_per_mtok: DecimalString;
  cached_input_usd_per_mtok?: DecimalString;
  cache_write_usd_per_mtok?: DecimalString;
  batch_discount?: DecimalString;
  long_context_tier?: LongContextTier;
  max_input_tokens?: number;
  deprecation_date?: string;
  /** The first day the current prices were in force. */
  from?: string;
  as_of: string;
  source: Source;
  confidence?: string;
  notes?: string;
  /** Earlier and announced prices, oldest first; a scenario's as_of picks the one in force. */
  history?: PriceEntry[];
}

export interface Gpu {
  id: string;
  name: string;
  memory_gb: DecimalString;
  memory_type?: string;
  mem_bw_gbps: DecimalString;
  bf16_dense_tflops?: DecimalString;
  fp16_dense_tflops?: DecimalString;
  fp16_acc16_dense_tflops?: DecimalString;
  fp16_acc16_source?: string;
  fp8_dense_tflops?: DecimalString;
  int8_dense_tops?: DecimalString;
  fp4_dense_tflops?: DecimalString;
  tdp_w?: DecimalString;
  interconnect?: 'nvlink3' | 'nvlink4' | 'nvlink5' | 'infinity_fabric' | 'pcie4' | 'pcie5' | 'none';
  interconnect_gbps?: DecimalString;
  scale_up_gpus?: number;
  interconnect_source?: string;
  unified_memory?: boolean;
  derived_fields?: string[];
  as_of?: string;
  confidence?: string;
  source: Source;
  notes?: string;
}

export interface Model {
  id: string;
  name: string;
  hf_repo?: string;
  total_params: number;
  active_params: number;
  num_hidden_layers: number;
  hidden_size: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim?: number;
  intermediate_size?: number;
  vocab_size?: number;
  max_context: number;
  kv_cache_bytes_per_token_bf16?: number;
  kv_lora_rank?: number;
  qk_rope_head_dim?: number;
  q_lora_rank?: number;
  qk_nope_head_dim?: number;
  v_head_dim?: number;
  moe_intermediate_size?: number;
  first_k_dense_replace?: number;
  interleave_moe_layer_step?: number;
  num_local_experts?: number;
  num_experts_per_tok?: number;
  /** Node-limited routing: expert groups one token's experts may span (DeepSeek's topk_group). */
  topk_group?: number;
  n_routed_experts?: number;
  n_shared_experts?: number;
  sliding_window?: number;
  sliding_window_layers?: number;
  /** Layers that keep no KV cache (linear attention). */
  no_kv_cache_layers?: number;
  tie_word_embeddings?: boolean;
  published_params?: string;
  native_weights?: string;
  as_of?: string;
  confidence?: string;
  source: Source;
  notes?: string;
}

export interface PurchasePrice {
  id: string;
  gpu: string;
  n_gpus: number;
  usd_low: DecimalString;
  usd_high: DecimalString;
  kind: string;
  unit?: string;
  as_of: string;
  as_of_text?: string;
  confidence: string;
  source: Source;
}

/** An earlier price of a rental offer. */
export interface CloudPriceEntry {
  from?: string;
  on_demand_usd_per_gpu_hour?: DecimalString;
  reserved_usd_per_gpu_hour?: DecimalString;
  spot_usd_per_gpu_hour?: DecimalString;
  as_of?: string;
  as_of_text?: string;
  source?: Source;
}

export interface CloudPrice {
  id: string;
  name?: string;
  provider: string;
  instance: string;
  gpu: string;
  n_gpus: number;
  kind?: 'price_list' | 'provider_blog' | 'vendor_claim' | 'market_index' | 'market_range';
  region?: string;
  on_demand_usd_per_gpu_hour?: DecimalString;
  reserved_usd_per_gpu_hour?: DecimalString;
  reserved_term?: '1yr' | '3yr' | 'capacity_block';
  spot_usd_per_gpu_hour?: DecimalString;
  from?: string;
  as_of: string;
  as_of_text?: string;
  confidence: string;
  source: Source;
  notes?: string;
  history?: CloudPriceEntry[];
}

/** A published all-in cost of a GPU-hour (SemiAnalysis' AI Cloud TCO model). */
export interface TcoBasis {
  id: string;
  name: string;
  gpu: string;
  owning_hyperscaler_usd_per_gpu_hour?: DecimalString;
  owning_neocloud_usd_per_gpu_hour?: DecimalString;
  rental_3yr_usd_per_gpu_hour?: DecimalString;
  all_in_power_kw_per_gpu?: DecimalString;
  as_of: string;
  as_of_text?: string;
  confidence: string;
  source: Source;
}

export interface EngineProfile {
  id: string;
  name: string;
  versions?: string;
  parallelism: 'tensor' | 'layer';
  /** Whether the engine serves from unified memory (llama.cpp's Metal build on Apple silicon) instead of discrete GPUs; absent is false. */
  unified_memory?: boolean;
  chunked_prefill: boolean;
  memory_utilization: number;
  reserve_gib: number;
  max_batch: number;
  prefill_chunk_tokens: number;
  dequantize_for_prefill: boolean;
  fp16_accumulate: boolean;
  fp4_compute: 'fp4' | 'fp8' | 'weight_only';
  async_scheduling: boolean;
  static_memory: boolean;
  admission: 'mean_context' | 'prompt' | 'whole_request';
  /** Bytes per vocabulary entry per sequence held for sampling the largest batch (vLLM: 16). */
  sampler_bytes_per_logit: number;
  bandwidth_efficiency: number;
  kv_bandwidth_efficiency: number;
  compute_efficiency: number;
  prefill_efficiency: number;
  moe_efficiency: number;
  w4_efficiency: number;
  expert_width_half: number;
  step_overhead_ms: number;
  per_sequence_overhead_us: number;
  request_overhead_ms: number;
  request_latency_ms: number;
  allreduce_latency_us: number;
  calibration?: EngineCalibration;
  notes?: string;
}

// ---------------------------------------------------------------- importers

/** The public price databases `importPrices` reads. */
export type PriceDatabase = 'litellm' | 'genai-prices' | 'models-dev';

export interface ImportPricesOptions {
  /** Which database the text is (`models.dev` is taken for `models-dev`). */
  from: PriceDatabase | 'models.dev';
  /** The date of the data, YYYY-MM-DD (none of the files carries one): every offer's as_of, and for genai-prices the date that picks the price in force. Today (UTC) when absent. */
  asOf?: string;
  /** Where the file was read from, when not the database's public address. */
  url?: string;
}

/** An entry left out of an import, and why. */
export interface SkippedEntry {
  key: string;
  reason: string;
}

/** Something to know about an imported entry. */
export interface ImportWarning {
  key: string;
  message: string;
}

/** What `importPrices` gives: a catalog file of API offers, and what was left out. */
export interface ImportResult {
  /** A catalog file: a scenario's `catalog`, or the CLI's `--catalog`. */
  catalog: CatalogFile;
  skipped: SkippedEntry[];
  warnings: ImportWarning[];
}

export interface ModelFromConfigOptions {
  /** The model's catalog id (`qwen3-8b`). */
  id: string;
  /** Display name (default: the id). */
  name?: string;
  /** The Hugging Face repository (`Qwen/Qwen3-8B`), for the source's link. */
  hfRepo?: string;
  /** The date of the config, YYYY-MM-DD; today (UTC) when absent. */
  asOf?: string;
}

/** Parameters by part, summed over the layers. */
export interface ParamCounts {
  embedding: number;
  lm_head: number;
  attention: number;
  mlp_dense: number;
  router: number;
  experts_routed: number;
  experts_shared: number;
  norms: number;
}

/** Consecutive layers attending the same way. */
export interface LayerRun {
  kind: 'full' | 'sliding' | 'chunked' | 'linear';
  layers: number;
}

/** What `modelFromConfig` gives: a catalog file holding the model, and how it was counted. */
export interface ModelImport {
  catalog: CatalogFile;
  /** The layout read (`gemma3_text` for a Gemma 3 checkpoint's text model). */
  model_type: string;
  params: ParamCounts;
  /** Active parameters without the input embedding (the convention of OpenAI's and DeepSeek's cards). */
  active_params_excl_input_embedding: number;
  /** Layers with a dense MLP. */
  dense_layers: number;
  layers: LayerRun[];
  /** Fields the config left out that transformers' defaults supplied. */
  defaulted_fields: string[];
}

// ---------------------------------------------------------------- functions

/** A scenario as an object, or as JSON text. */
export type ScenarioInput = ScenarioFile | string;

/** Prices every option, traces the curves, finds every crossing. Throws an Error naming the field on bad input. */
export function evaluate(scenario: ScenarioInput): Report;
/** As `evaluate`, the exact JSON text `llm-tco compare --format json` prints. */
export function evaluateJson(scenario: ScenarioInput): string;
/** The break-even part of `evaluate`. */
export function breakEven(scenario: ScenarioInput): BreakEvenReport;
/** Memory and throughput of one model on one replica of GPUs. */
export function estimate(request: EstimateInput | string): EstimateReport;
/** As `estimate`, the exact JSON text `llm-tco estimate --format json` prints. */
export function estimateJson(request: EstimateInput | string): string;
/** The built-in catalog, every entry with its source and date. */
export function catalog(): Catalog;
/** Cumulative cost month by month with growth and one-time costs; payback months. */
export function payback(scenario: ScenarioInput): PaybackReport;
/** As `payback`, the exact JSON text `llm-tco payback --format json` prints. */
export function paybackJson(scenario: ScenarioInput): string;

/** Which pair to compare: names of a self-hosted and an API option (default: the first self-hosted option and the cheapest API at the volume, as the verdict compares). */
export interface PairOptions {
  selfHosted?: string;
  api?: string;
}
/** Each input moved by -delta and +delta (a share, default 0.2), ranked by the saving's swing. */
export function sensitivity(scenario: ScenarioInput, options?: PairOptions & { delta?: number | string }): SensitivityReport;
export function sensitivityJson(scenario: ScenarioInput, options?: PairOptions & { delta?: number | string }): string;
/** Monte Carlo over the scenario's `uncertainty` ranges; the seed makes it repeatable on every surface. */
export interface MonteCarloOptions extends PairOptions {
  seed: number | string | bigint;
  /** Default 10,000; at most 1,000,000. */
  samples?: number;
}
export function monteCarlo(scenario: ScenarioInput, options: MonteCarloOptions): MonteCarloReport;
export function monteCarloJson(scenario: ScenarioInput, options: MonteCarloOptions): string;
/** The article's six questions: constraints, volume and a recommendation with reasons. */
export function guide(answers: GuideAnswers | string): GuideResult;
/** The built-in default scenario, as JSON text. */
export function defaultScenario(): string;
/** A public price database (litellm's model_prices_and_context_window.json, genai-prices' data.json, models.dev's api.json) read into a catalog file; entries that cannot be read are skipped with their reason, never priced at zero. `text` is the file's text or its parsed JSON. */
export function importPrices(text: string | object, options: ImportPricesOptions): ImportResult;
/** A model's architecture from its Hugging Face config.json, with total and active parameters counted; throws an Error naming the field a config lacks. */
export function modelFromConfig(text: string | object, options: ModelFromConfigOptions): ModelImport;

/** A usage log read in chunks (CSV, JSON Lines or OpenAI's usage export); memory does not grow with the log. */
export class UsageImport {
  constructor(options?: { format?: 'auto' | 'csv' | 'jsonl'; onError?: 'skip' | 'fail'; scenario?: ScenarioInput });
  /** Reads the next chunk of text; lines may span chunks. Throws with `line N:` when a row is malformed and onError is `fail`. */
  push(chunk: string): void;
  readonly linesRead: number;
  readonly rows: number;
  /** Ends the import: the derived workload and the log repriced on every option. */
  finish(): UsageReport;
  finishJson(): string;
  free(): void;
}

/** The llm-tco library version. */
export const version: string;
