//! `llm-tco`: the command-line interface. Glue only: reading files, parsing
//! arguments and printing; the model lives in the `llm-tco` library.

mod table;

use clap::{Parser, Subcommand, ValueEnum};
use llm_tco::render::chart::{render_svg, ChartData};
use llm_tco::{evaluate, Catalog, CatalogFile, Date, Format, ScenarioFile};
use std::io::Write as _;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "llm-tco",
    version,
    about = "Total cost of ownership of LLM serving: APIs against self-hosted GPUs, and where they break even"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Price every option of a scenario and find where the curves cross.
    Compare {
        /// Scenario file (.json or .toml); the built-in default when left out.
        scenario: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Also write the break-even chart as SVG to this file.
        #[arg(long, value_name = "FILE")]
        svg: Option<String>,
        /// Catalog file (.json or .toml) adding or overriding entries.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
    },
    /// Estimate memory and throughput of one model on one replica of GPUs.
    Estimate {
        /// Catalog model id (`llm-tco catalog --kind model`).
        #[arg(long)]
        model: String,
        /// Catalog GPU id (`llm-tco catalog --kind gpu`).
        #[arg(long)]
        gpu: String,
        /// GPUs in the replica.
        #[arg(long, default_value_t = 1)]
        gpus: u32,
        /// Weight format: bf16 fp16 fp8 int8 nvfp4 mxfp4 awq_int4 gptq_int4 gptq_int8 int4_w4a16
        /// gguf_q8_0 gguf_q6_k gguf_q5_k_m gguf_q5_k_s gguf_q5_0 gguf_q4_k_m gguf_q4_1 gguf_q4_0
        /// gguf_iq4_xs gguf_q3_k_m gguf_q2_k.
        #[arg(long, default_value = "bf16")]
        weights: String,
        /// Format of a mixture of experts' routed experts, when it differs from --weights.
        #[arg(long = "expert-weights")]
        expert_weights: Option<String>,
        /// Format of the layers outside the routed experts, when it differs from --weights.
        #[arg(long = "dense-weights")]
        dense_weights: Option<String>,
        /// Attention data-parallel groups (SGLang --enable-dp-attention); divides --gpus.
        #[arg(long = "attention-dp")]
        attention_dp: Option<u32>,
        /// Expert-parallel degree of a mixture of experts; divides --gpus.
        #[arg(long = "expert-parallel")]
        expert_parallel: Option<u32>,
        /// How output lengths are spread: fixed, or variable (chat traffic).
        #[arg(long = "output-lengths")]
        output_lengths: Option<String>,
        /// The engine's batch limit (vLLM --max-num-seqs), when the server sets it.
        #[arg(long = "max-batch")]
        max_batch: Option<u32>,
        /// Asynchronous scheduling on or off (vLLM --async-scheduling): true or false.
        #[arg(long = "async-scheduling")]
        async_scheduling: Option<bool>,
        /// KV-cache format: fp16 fp8 int8 int4.
        #[arg(long = "kv-cache", default_value = "fp16")]
        kv_cache: String,
        /// Mean input tokens per request.
        #[arg(long = "input-tokens")]
        input_tokens: u64,
        /// Mean output tokens per request.
        #[arg(long = "output-tokens")]
        output_tokens: u64,
        /// Concurrent users for the per-user figures and the time to first token; above what
        /// the engine batches, requests wait.
        #[arg(long, default_value_t = 1)]
        concurrency: u32,
        /// Serving-engine profile: vllm (today's V1), vllm-0.7, vllm-0.6, vllm-0.5, sglang,
        /// sglang-0.4.3, tensorrt-llm, tensorrt-llm-0.17, llama.cpp, llama.cpp-metal,
        /// llama.cpp-vulkan (`llm-tco catalog --kind engine`).
        #[arg(long, default_value = "vllm")]
        engine: String,
        /// Least output tokens per second each user must see.
        #[arg(long = "min-tokens-per-s")]
        min_tokens_per_s: Option<f64>,
        /// Longest time to first token, ms.
        #[arg(long = "max-ttft-ms")]
        max_ttft_ms: Option<f64>,
        /// Catalog file (.json or .toml) adding or overriding models and GPUs.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Month by month over the horizon: cumulative cost per option with growth and
    /// one-time costs, and the payback month of each self-hosted option against each API.
    Payback {
        /// Scenario file (.json or .toml); the built-in default when left out.
        scenario: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Catalog file (.json or .toml) adding or overriding entries.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
    },
    /// Each numeric input moved down and up: its effect on the monthly saving and the
    /// break-even volume of one self-hosted option against one API, largest first.
    Sensitivity {
        /// Scenario file (.json or .toml); the built-in default when left out.
        scenario: Option<String>,
        /// How far each input moves, in percent (down and up).
        #[arg(long, default_value = "20")]
        delta: String,
        /// The self-hosted option (default: the first).
        #[arg(long = "self-hosted", value_name = "NAME")]
        self_hosted: Option<String>,
        /// The API option (default: the cheapest at the volume, the one the verdict compares with).
        #[arg(long, value_name = "NAME")]
        api: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Also write the tornado chart as SVG to this file.
        #[arg(long, value_name = "FILE")]
        svg: Option<String>,
        /// Catalog file (.json or .toml) adding or overriding entries.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
    },
    /// Draw the scenario's [[uncertainty]] ranges many times: P10/P50/P90 of the saving
    /// and the break-even volume, and the probability that self-hosting is cheaper.
    Montecarlo {
        /// Scenario file (.json or .toml) with [[uncertainty]] ranges.
        scenario: String,
        /// Seed of the random draws: the same seed gives the same result on every surface.
        #[arg(long)]
        seed: u64,
        /// Samples to draw (at most 1,000,000).
        #[arg(long, default_value_t = llm_tco::analysis::montecarlo::DEFAULT_SAMPLES)]
        samples: u32,
        /// The self-hosted option (default: the first).
        #[arg(long = "self-hosted", value_name = "NAME")]
        self_hosted: Option<String>,
        /// The API option (default: the cheapest at the volume, the one the verdict compares with).
        #[arg(long, value_name = "NAME")]
        api: Option<String>,
        /// Also draw the self-hosted option's capacity within its engine profile's calibration
        /// band (as an [[uncertainty]] entry with band = "calibration" would).
        #[arg(long = "capacity-band")]
        capacity_band: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Catalog file (.json or .toml) adding or overriding entries.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
    },
    /// Usage logs: derive the workload from real traffic and reprice it on every option.
    Usage {
        #[command(subcommand)]
        command: UsageCommand,
    },
    /// List the catalog: API offers, GPUs, GPU prices, models; or make a catalog file
    /// from a public price database or a model's config.json.
    #[command(args_conflicts_with_subcommands = true)]
    Catalog {
        #[command(subcommand)]
        command: Option<CatalogCommand>,
        /// Which part.
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Catalog file (.json or .toml) adding or overriding entries.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Read a public price database into a catalog file: the JSON on stdout is what
    /// `--catalog` takes; the entries left out (and why) go to stderr.
    Import {
        /// Which database the file is.
        #[arg(long = "from", value_enum)]
        from: Database,
        /// The database file (litellm's model_prices_and_context_window.json,
        /// genai-prices' data.json, models.dev's api.json).
        file: String,
        /// The date of the data, YYYY-MM-DD (the files carry none): every offer's
        /// as_of, and for genai-prices the date that picks the price in force.
        /// Default: the file's modification date.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Where the file was downloaded from, when not the database's public address.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
    /// A model's architecture from its Hugging Face config.json, with its parameters
    /// counted: a catalog file holding that one model, on stdout.
    ModelFromConfig {
        /// The config.json file.
        config: String,
        /// The model's catalog id (qwen3-8b).
        #[arg(long)]
        id: String,
        /// Display name (default: the id).
        #[arg(long)]
        name: Option<String>,
        /// The Hugging Face repository the config comes from (Qwen/Qwen3-8B), for the
        /// entry's source.
        #[arg(long = "hf-repo", value_name = "ORG/NAME")]
        hf_repo: Option<String>,
        /// The date of the config, YYYY-MM-DD. Default: the file's modification date.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Database {
    /// BerriAI/litellm's model_prices_and_context_window.json.
    Litellm,
    /// pydantic/genai-prices' prices/new_data/v2/data.json.
    GenaiPrices,
    /// models.dev's api.json.
    #[value(alias = "models.dev")]
    ModelsDev,
}

#[derive(Subcommand)]
enum UsageCommand {
    /// Read a usage log (CSV, JSON Lines or OpenAI's usage export), streaming.
    Import {
        /// The log file.
        log: String,
        /// Scenario whose options the log is repriced on (default: the built-in one).
        #[arg(long, value_name = "FILE")]
        scenario: Option<String>,
        /// How the log is written.
        #[arg(long = "log-format", value_enum, default_value_t = LogFormatArg::Auto)]
        log_format: LogFormatArg,
        /// What a malformed row does: skip it (and report its line) or stop the import.
        #[arg(long = "on-error", value_enum, default_value_t = OnErrorArg::Skip)]
        on_error: OnErrorArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Catalog file (.json or .toml) adding or overriding entries.
        #[arg(long, value_name = "FILE")]
        catalog: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormatArg {
    Auto,
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum OnErrorArg {
    Skip,
    Fail,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Kind {
    Api,
    Gpu,
    GpuPrice,
    Model,
    Engine,
}

/// A failure: what to print and the exit code (2 for bad input).
struct Failure {
    message: String,
    code: u8,
}

fn bad_input(message: String) -> Failure {
    Failure { message, code: 2 }
}

fn read(path: &str) -> Result<(String, Format), Failure> {
    let meta = std::fs::metadata(path).map_err(|e| bad_input(format!("{path}: cannot read: {e}")))?;
    if meta.len() > llm_tco::MAX_DOCUMENT_BYTES as u64 {
        return Err(bad_input(format!(
            "{path}: the file is {} bytes; at most {} bytes are read",
            meta.len(),
            llm_tco::MAX_DOCUMENT_BYTES
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| bad_input(format!("{path}: cannot read: {e}")))?;
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
    Ok((text, format))
}

fn load_catalog(path: Option<&str>) -> Result<Catalog, Failure> {
    let builtin = Catalog::builtin();
    let Some(path) = path else { return Ok(builtin) };
    let (text, format) = read(path)?;
    let file = CatalogFile::parse(&text, format).map_err(|e| bad_input(format!("{path}: {e}")))?;
    builtin
        .with_overlay(&file)
        .map_err(|e| bad_input(format!("{path}: {e}")))
}

/// Today's date in UTC, by the system clock.
fn today() -> Option<Date> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Date::from_unix_ms(since.as_secs_f64() * 1e3)
}

/// Writes a drawn chart to `path`.
fn write_svg(path: &str, drawn: Result<String, String>) -> Result<(), Failure> {
    let chart = drawn.map_err(|e| Failure {
        message: format!("drawing the chart: {e}"),
        code: 1,
    })?;
    std::fs::write(path, chart).map_err(|e| Failure {
        message: format!("{path}: cannot write: {e}"),
        code: 1,
    })
}

/// Reads and validates a scenario (the built-in default without a path);
/// errors are prefixed with the file's name.
fn load_scenario(scenario: Option<&str>, catalog: Option<&str>) -> Result<(String, llm_tco::Scenario), Failure> {
    let catalog = load_catalog(catalog)?;
    let (label, text, fmt) = match scenario {
        Some(path) => {
            let (text, fmt) = read(path)?;
            (path.to_string(), text, fmt)
        }
        None => (
            "(built-in default)".to_string(),
            llm_tco::DEFAULT_SCENARIO_TOML.to_string(),
            Format::Toml,
        ),
    };
    let file = ScenarioFile::parse(&text, fmt).map_err(|e| bad_input(format!("{label}: {e}")))?;
    // The library has no clock; the CLI analyses as of today.
    let scenario =
        llm_tco::Scenario::from_file_on(&file, &catalog, today()).map_err(|e| bad_input(format!("{label}: {e}")))?;
    Ok((label, scenario))
}

fn compare(
    scenario: Option<&str>,
    format: OutputFormat,
    svg: Option<&str>,
    catalog: Option<&str>,
) -> Result<String, Failure> {
    let (label, scenario) = load_scenario(scenario, catalog)?;
    let report = evaluate(&scenario).map_err(|e| bad_input(format!("{label}: {e}")))?;
    if let Some(path) = svg {
        write_svg(path, render_svg(&ChartData::from_report(&report), 1000, 620))?;
    }
    Ok(match format {
        OutputFormat::Json => report.to_json(),
        OutputFormat::Table => table::report(&report),
        OutputFormat::Csv => table::csv(&report),
    })
}

fn list(kind: Option<Kind>, format: ListFormat, catalog: Option<&str>) -> Result<String, Failure> {
    let c = load_catalog(catalog)?;
    let want = |k: Kind| kind.is_none_or(|x| x == k);
    Ok(match format {
        ListFormat::Json => {
            let mut doc = serde_json::Map::new();
            let to = |v: serde_json::Result<serde_json::Value>| v.unwrap_or(serde_json::Value::Null);
            if want(Kind::Api) {
                doc.insert("api".into(), to(serde_json::to_value(c.api_offers())));
            }
            if want(Kind::Gpu) {
                doc.insert("gpus".into(), to(serde_json::to_value(c.gpus())));
            }
            if want(Kind::GpuPrice) {
                doc.insert("purchase".into(), to(serde_json::to_value(c.purchase_prices())));
                doc.insert("cloud".into(), to(serde_json::to_value(c.cloud_prices())));
                doc.insert("tco".into(), to(serde_json::to_value(c.tco_bases())));
            }
            if want(Kind::Model) {
                doc.insert("models".into(), to(serde_json::to_value(c.models())));
            }
            if want(Kind::Engine) {
                doc.insert("engines".into(), to(serde_json::to_value(c.engines())));
            }
            let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Table => {
            let mut out = String::new();
            if want(Kind::Api) {
                out.push_str(&table::api_offers(c.api_offers()));
            }
            if want(Kind::Gpu) {
                out.push_str(&table::gpus(c.gpus()));
            }
            if want(Kind::GpuPrice) {
                out.push_str(&table::gpu_prices(c.purchase_prices(), c.cloud_prices(), c.tco_bases()));
            }
            if want(Kind::Model) {
                out.push_str(&table::models(c.models()));
            }
            if want(Kind::Engine) {
                out.push_str(&table::engines(c.engines()));
            }
            out
        }
    })
}

/// The date `--as-of` gives, else the file's modification date (UTC).
fn data_date(path: &str, as_of: Option<&str>) -> Result<(Date, &'static str), Failure> {
    if let Some(text) = as_of {
        return match Date::parse_day(text) {
            Some(d) => Ok((d, "--as-of")),
            None => Err(bad_input(format!(
                "--as-of: {text:?} is not a date; expected YYYY-MM-DD"
            ))),
        };
    }
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| bad_input(format!("{path}: cannot read: {e}")))?;
    let days = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs() / 86_400).ok())
        .and_then(Date::from_days_since_epoch);
    match days {
        Some(d) => Ok((d, "the file's modification date; --as-of sets it")),
        None => Err(bad_input(format!(
            "{path}: the file's modification date is unusable; give the data's date with --as-of YYYY-MM-DD"
        ))),
    }
}

/// Writes `text` to stderr; a closed stderr (`2>&1 | head`) is not an
/// error of the command.
fn say(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn import_prices(from: Database, path: &str, as_of: Option<&str>, url: Option<&str>) -> Result<String, Failure> {
    use llm_tco::spec::import::{import_prices, ImportOptions, PriceDatabase};
    let database = match from {
        Database::Litellm => PriceDatabase::Litellm,
        Database::GenaiPrices => PriceDatabase::GenaiPrices,
        Database::ModelsDev => PriceDatabase::ModelsDev,
    };
    let (date, basis) = data_date(path, as_of)?;
    let (text, _) = read(path)?;
    let options = ImportOptions {
        as_of: date,
        url: url.map(str::to_string),
    };
    let result = import_prices(database, &text, &options).map_err(|e| bad_input(format!("{path}: {e}")))?;
    let mut err = format!(
        "llm-tco: {} as of {date} ({basis}): {} offers, {} entries skipped, {} warnings\n",
        database.title(),
        result.catalog.api.len(),
        result.skipped.len(),
        result.warnings.len()
    );
    for s in &result.skipped {
        err.push_str(&format!("skipped {}: {}\n", s.key, s.reason));
    }
    for w in &result.warnings {
        err.push_str(&format!("warning {}: {}\n", w.key, w.message));
    }
    say(&err);
    Ok(llm_tco::to_json(&result.catalog))
}

fn model_from_config(
    path: &str,
    id: &str,
    name: Option<&str>,
    hf_repo: Option<&str>,
    as_of: Option<&str>,
) -> Result<String, Failure> {
    use llm_tco::spec::import::hf_config::{model_from_config, ConfigOptions};
    let (date, _) = data_date(path, as_of)?;
    let (text, _) = read(path)?;
    let options = ConfigOptions {
        id: id.to_string(),
        name: name.map(str::to_string),
        hf_repo: hf_repo.map(str::to_string),
        as_of: Some(date),
    };
    let imported = model_from_config(&text, &options).map_err(|e| match e.path() {
        "id" => bad_input(format!("--id: {}", e.message())),
        _ => bad_input(format!("{path}: {e}")),
    })?;
    let m = imported.model();
    let mut err = format!(
        "llm-tco: {} ({}): {} parameters, {} active per token ({} without the input embedding), {} KV-cache bytes per token at 16 bits\n",
        m.id,
        imported.model_type(),
        m.total_params,
        m.active_params,
        imported.active_params_excl_input_embedding(),
        m.kv_cache_bytes_per_token_bf16.unwrap_or(0)
    );
    if !imported.defaulted_fields().is_empty() {
        err.push_str(&format!(
            "llm-tco: not in the config, transformers' defaults used: {}\n",
            imported.defaulted_fields().join(", ")
        ));
    }
    say(&err);
    Ok(llm_tco::to_json(imported.catalog()))
}

fn estimate(
    input: &llm_tco::spec::estimate::EstimateInput,
    format: ListFormat,
    catalog: Option<&str>,
) -> Result<String, Failure> {
    let catalog = load_catalog(catalog)?;
    let report = llm_tco::sizing::report::estimate(input, &catalog).map_err(|e| {
        // Field paths of the request are the command's flags.
        let flag = match e.path().split('.').next().unwrap_or_default() {
            "min_output_tokens_per_s_per_user" => "min-tokens-per-s".to_string(),
            field => field.replace('_', "-"),
        };
        if flag.is_empty() {
            bad_input(e.message().to_string())
        } else {
            bad_input(format!("--{flag}: {}", e.message()))
        }
    })?;
    Ok(match format {
        ListFormat::Json => report.to_json(),
        ListFormat::Table => table::estimate(&report),
    })
}

fn payback(scenario: Option<&str>, format: OutputFormat, catalog: Option<&str>) -> Result<String, Failure> {
    let (label, scenario) = load_scenario(scenario, catalog)?;
    let report = llm_tco::analysis::payback::payback(&scenario).map_err(|e| bad_input(format!("{label}: {e}")))?;
    Ok(match format {
        OutputFormat::Json => llm_tco::to_json(&report),
        OutputFormat::Table => table::payback(&report),
        OutputFormat::Csv => table::payback_csv(&report),
    })
}

fn pair(
    label: &str,
    scenario: &llm_tco::Scenario,
    self_hosted: Option<&str>,
    api: Option<&str>,
) -> Result<llm_tco::analysis::pair::Pair, Failure> {
    llm_tco::analysis::pair::Pair::choose(scenario, self_hosted, api).map_err(|e| {
        let flag = if e.path() == "api" { "--api" } else { "--self-hosted" };
        bad_input(format!("{label}: {flag}: {}", e.message()))
    })
}

fn sensitivity(
    scenario: Option<&str>,
    delta: &str,
    pair_names: (Option<&str>, Option<&str>),
    format: OutputFormat,
    svg: Option<&str>,
    catalog: Option<&str>,
) -> Result<String, Failure> {
    let (self_hosted, api) = pair_names;
    let delta_pct: llm_tco::Decimal = delta
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| bad_input(format!("--delta: {delta:?} is not a number of percent (20 = ±20%)")))?;
    if delta_pct <= llm_tco::Decimal::ZERO || delta_pct >= llm_tco::Decimal::ONE_HUNDRED {
        return Err(bad_input(format!(
            "--delta: must be above 0 and below 100 (percent), found {delta_pct}"
        )));
    }
    let (label, scenario) = load_scenario(scenario, catalog)?;
    let pair = pair(&label, &scenario, self_hosted, api)?;
    let report =
        llm_tco::analysis::sensitivity::sensitivity(&scenario, pair, delta_pct / llm_tco::Decimal::ONE_HUNDRED)
            .map_err(|e| bad_input(format!("{label}: {e}")))?;
    if let Some(path) = svg {
        write_svg(path, llm_tco::render::chart::render_tornado_svg(&report, 1000, 560))?;
    }
    Ok(match format {
        OutputFormat::Json => llm_tco::to_json(&report),
        OutputFormat::Table => table::sensitivity(&report),
        OutputFormat::Csv => table::sensitivity_csv(&report),
    })
}

#[allow(clippy::too_many_arguments)]
fn montecarlo(
    scenario: &str,
    seed: u64,
    samples: u32,
    (self_hosted, api): (Option<&str>, Option<&str>),
    capacity_band: bool,
    format: ListFormat,
    catalog: Option<&str>,
) -> Result<String, Failure> {
    use std::io::IsTerminal as _;
    let (label, scenario) = load_scenario(Some(scenario), catalog)?;
    let pair = pair(&label, &scenario, self_hosted, api)?;
    let scenario = if capacity_band {
        llm_tco::analysis::montecarlo::with_capacity_band(&scenario, pair)
    } else {
        scenario
    };
    let show = std::io::stderr().is_terminal() && samples >= 50_000;
    let mut progress = |done: u32| {
        if show && done.is_multiple_of((samples / 20).max(1000)) {
            eprint!("\rsampling: {done}/{samples}");
        }
    };
    let report =
        llm_tco::analysis::montecarlo::monte_carlo_with_progress(&scenario, pair, samples, seed, &mut progress)
            .map_err(|e| match e.path() {
                "samples" => bad_input(format!("--samples: {}", e.message())),
                _ => bad_input(format!("{label}: {e}")),
            })?;
    if show {
        eprintln!();
    }
    Ok(match format {
        ListFormat::Json => llm_tco::to_json(&report),
        ListFormat::Table => table::monte_carlo(&report),
    })
}

/// Streams `path` through a usage import in 1 MiB chunks: memory stays
/// bounded whatever the log's size or line lengths.
fn usage_import(
    path: &str,
    scenario: Option<&str>,
    log_format: LogFormatArg,
    on_error: OnErrorArg,
    format: ListFormat,
    catalog: Option<&str>,
) -> Result<String, Failure> {
    use llm_tco::analysis::usage::{ImportOptions, LogFormat, OnError, UsageImport};
    use std::io::{IsTerminal as _, Read as _};
    let (label, scenario) = load_scenario(scenario, catalog)?;
    let mut file = std::fs::File::open(path).map_err(|e| bad_input(format!("{path}: cannot read: {e}")))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut import = UsageImport::new(ImportOptions {
        max_rows: None,
        format: match log_format {
            LogFormatArg::Auto => LogFormat::Auto,
            LogFormatArg::Csv => LogFormat::Csv,
            LogFormatArg::Jsonl => LogFormat::Jsonl,
        },
        on_error: match on_error {
            OnErrorArg::Skip => OnError::Skip,
            OnErrorArg::Fail => OnError::Fail,
        },
        tier_thresholds: llm_tco::analysis::usage::tier_thresholds(&scenario),
    });
    let show = std::io::stderr().is_terminal() && total > 8 << 20;
    let mut buf = vec![0u8; 1 << 20];
    let mut pending: Vec<u8> = Vec::new();
    let mut read_bytes = 0u64;
    let fail = |e: llm_tco::Error| bad_input(format!("{path}: {e}"));
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| bad_input(format!("{path}: cannot read: {e}")))?;
        read_bytes += n as u64;
        pending.extend_from_slice(&buf[..n]);
        // Hand over the valid UTF-8; keep a character cut by the chunk's end.
        loop {
            match std::str::from_utf8(&pending) {
                Ok(text) => {
                    import.push_chunk(text).map_err(fail)?;
                    pending.clear();
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    match e.error_len() {
                        None if n > 0 => {
                            let text = std::str::from_utf8(&pending[..good]).unwrap_or_default();
                            import.push_chunk(text).map_err(fail)?;
                            pending.drain(..good);
                            break;
                        }
                        bad => {
                            let end = good + bad.unwrap_or(pending.len() - good);
                            let text = String::from_utf8_lossy(&pending[..end]).into_owned();
                            import.push_chunk(&text).map_err(fail)?;
                            pending.drain(..end);
                        }
                    }
                }
            }
        }
        if show {
            eprint!(
                "\rreading {path}: {}% ({} lines)",
                read_bytes * 100 / total.max(1),
                import.lines_read()
            );
        }
        if n == 0 {
            break;
        }
    }
    if show {
        eprintln!();
    }
    let summary = import.finish().map_err(fail)?;
    let report =
        llm_tco::analysis::usage::reprice(&summary, &scenario).map_err(|e| bad_input(format!("{label}: {e}")))?;
    Ok(match format {
        ListFormat::Json => llm_tco::to_json(&report),
        ListFormat::Table => table::usage(&report),
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Compare {
            scenario,
            format,
            svg,
            catalog,
        } => compare(scenario.as_deref(), *format, svg.as_deref(), catalog.as_deref()),
        Command::Catalog {
            command: Some(CatalogCommand::Import { from, file, as_of, url }),
            ..
        } => import_prices(*from, file, as_of.as_deref(), url.as_deref()),
        Command::Catalog {
            command:
                Some(CatalogCommand::ModelFromConfig {
                    config,
                    id,
                    name,
                    hf_repo,
                    as_of,
                }),
            ..
        } => model_from_config(config, id, name.as_deref(), hf_repo.as_deref(), as_of.as_deref()),
        Command::Catalog {
            command: None,
            kind,
            format,
            catalog,
        } => list(*kind, *format, catalog.as_deref()),
        Command::Payback {
            scenario,
            format,
            catalog,
        } => payback(scenario.as_deref(), *format, catalog.as_deref()),
        Command::Sensitivity {
            scenario,
            delta,
            self_hosted,
            api,
            format,
            svg,
            catalog,
        } => sensitivity(
            scenario.as_deref(),
            delta,
            (self_hosted.as_deref(), api.as_deref()),
            *format,
            svg.as_deref(),
            catalog.as_deref(),
        ),
        Command::Montecarlo {
            scenario,
            seed,
            samples,
            self_hosted,
            api,
            capacity_band,
            format,
            catalog,
        } => montecarlo(
            scenario,
            *seed,
            *samples,
            (self_hosted.as_deref(), api.as_deref()),
            *capacity_band,
            *format,
            catalog.as_deref(),
        ),
        Command::Usage {
            command:
                UsageCommand::Import {
                    log,
                    scenario,
                    log_format,
                    on_error,
                    format,
                    catalog,
                },
        } => usage_import(
            log,
            scenario.as_deref(),
            *log_format,
            *on_error,
            *format,
            catalog.as_deref(),
        ),
        Command::Estimate {
            model,
            gpu,
            gpus,
            weights,
            expert_weights,
            dense_weights,
            attention_dp,
            expert_parallel,
            output_lengths,
            max_batch,
            async_scheduling,
            kv_cache,
            input_tokens,
            output_tokens,
            concurrency,
            engine,
            min_tokens_per_s,
            max_ttft_ms,
            catalog,
            format,
        } => {
            let output_lengths = match output_lengths.as_deref() {
                None => None,
                Some("fixed") => Some(llm_tco::spec::calibration::OutputLengths::Fixed),
                Some("variable") => Some(llm_tco::spec::calibration::OutputLengths::Variable),
                Some(other) => {
                    eprintln!("llm-tco: error: output-lengths: unknown {other:?}; allowed: fixed, variable");
                    return ExitCode::from(2);
                }
            };
            let input = llm_tco::spec::estimate::EstimateInput {
                model: model.clone(),
                gpu: gpu.clone(),
                gpus: *gpus,
                weights: weights.clone(),
                kv_cache: kv_cache.clone(),
                input_tokens: *input_tokens,
                output_tokens: *output_tokens,
                concurrency: Some(*concurrency),
                engine: Some(engine.clone()),
                min_output_tokens_per_s_per_user: *min_tokens_per_s,
                max_ttft_ms: *max_ttft_ms,
                expert_weights: expert_weights.clone(),
                dense_weights: dense_weights.clone(),
                attention_dp: *attention_dp,
                expert_parallel: *expert_parallel,
                output_lengths,
                max_batch: *max_batch,
                async_scheduling: *async_scheduling,
            };
            estimate(&input, *format, catalog.as_deref())
        }
    };
    match result {
        Ok(text) => {
            // A reader that stops early (`| head`) is not an error.
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("llm-tco: error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
