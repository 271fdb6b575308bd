//! `llm-tco`: the command-line interface. Glue only: reading files, parsing
//! arguments and printing; the model lives in the `llm-tco` library.

mod table;

use clap::{Parser, Subcommand, ValueEnum};
use llm_tco::chart::{render_svg, ChartData};
use llm_tco::{evaluate, Catalog, CatalogFile, Date, Format, ScenarioFile};
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
        /// Weight format: bf16 fp16 fp8 int8 awq_int4 gptq_int4 gguf_q8_0 gguf_q6_k gguf_q5_k_m
        /// gguf_q4_k_m gguf_q3_k_m gguf_q2_k.
        #[arg(long, default_value = "bf16")]
        weights: String,
        /// KV-cache format: fp16 fp8 int8 int4.
        #[arg(long = "kv-cache", default_value = "fp16")]
        kv_cache: String,
        /// Mean input tokens per request.
        #[arg(long = "input-tokens")]
        input_tokens: u64,
        /// Mean output tokens per request.
        #[arg(long = "output-tokens")]
        output_tokens: u64,
        /// Concurrent requests for the per-user figures.
        #[arg(long, default_value_t = 1)]
        concurrency: u32,
        /// Serving-engine profile: vllm, vllm-0.5, tensorrt-llm, llama.cpp.
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
    /// List the catalog: API offers, GPUs, GPU prices, models.
    Catalog {
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

fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).ok()?)
}

fn compare(
    scenario: Option<&str>,
    format: OutputFormat,
    svg: Option<&str>,
    catalog: Option<&str>,
) -> Result<String, Failure> {
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
    let mut file = ScenarioFile::parse(&text, fmt).map_err(|e| bad_input(format!("{label}: {e}")))?;
    if file.as_of.is_none() {
        // The library has no clock; the CLI analyses as of today.
        file.as_of = today().map(|d| d.to_string());
    }
    let scenario = llm_tco::Scenario::from_file(&file, &catalog).map_err(|e| bad_input(format!("{label}: {e}")))?;
    let report = evaluate(&scenario).map_err(|e| bad_input(format!("{label}: {e}")))?;
    if let Some(path) = svg {
        let chart = render_svg(&ChartData::from_report(&report), 1000, 620).map_err(|e| Failure {
            message: format!("drawing the chart: {e}"),
            code: 1,
        })?;
        std::fs::write(path, chart).map_err(|e| Failure {
            message: format!("{path}: cannot write: {e}"),
            code: 1,
        })?;
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
            }
            if want(Kind::Model) {
                doc.insert("models".into(), to(serde_json::to_value(c.models())));
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
                out.push_str(&table::gpu_prices(c.purchase_prices(), c.cloud_prices()));
            }
            if want(Kind::Model) {
                out.push_str(&table::models(c.models()));
            }
            out
        }
    })
}

fn estimate(
    input: &llm_tco::estimate::EstimateInput,
    format: ListFormat,
    catalog: Option<&str>,
) -> Result<String, Failure> {
    let catalog = load_catalog(catalog)?;
    let report = llm_tco::estimate::estimate(input, &catalog).map_err(|e| {
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
        Command::Catalog { kind, format, catalog } => list(*kind, *format, catalog.as_deref()),
        Command::Estimate {
            model,
            gpu,
            gpus,
            weights,
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
            let input = llm_tco::estimate::EstimateInput {
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
            };
            estimate(&input, *format, catalog.as_deref())
        }
    };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("llm-tco: error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
