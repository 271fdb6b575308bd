//! The calibration-side catalog overlay (`fixtures/calibration-catalog.json`):
//! hardware that only calibration rows use, and architecture figures the
//! built-in catalog lacks, each with its source. The calibration reads the
//! built-in catalog with this file over it; the product's catalog is not
//! changed by it.

use anyhow::{Context, Result};
use llm_tco::spec::catalog::{CatalogFile, Gpu, Interconnect, Source};
use llm_tco::{Catalog, Decimal};

fn dec(text: &str) -> Result<Decimal> {
    text.parse::<Decimal>().with_context(|| format!("number {text:?}"))
}

/// A calibration-only GPU: (id, name, memory GB, bandwidth GB/s, 16-bit
/// TFLOPS, unified memory, PCIe link GB/s, source).
type GpuRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    Option<&'static str>,
    &'static str,
);

const GPUS: &[GpuRow] = &[
    (
        "apple-m1-max",
        "Apple M1 Max (32-core GPU, 64 GB)",
        "64",
        "400",
        "10.4",
        true,
        None,
        "Apple, M1 Pro and M1 Max (2021-10-18): 400 GB/s, up to 64 GB, 32-core GPU 10.4 TFLOPS; llmcheck.net Apple-silicon bandwidth table (400 GB/s)",
    ),
    (
        "apple-m4",
        "Apple M4 (10-core GPU, 32 GB)",
        "32",
        "120",
        "3.76",
        true,
        None,
        "llmcheck.net Apple-silicon bandwidth table (M4 120 GB/s); hmc-tech.com 10-core M4: 1,280 ALUs at 1,470 MHz, 3.76 TFLOPS FP32 (= FP16)",
    ),
    (
        "apple-m5",
        "Apple M5 (10-core GPU, 32 GB)",
        "32",
        "153",
        "4.2",
        true,
        None,
        "llmcheck.net Apple-silicon bandwidth table (M5 about 150 GB/s; Apple: 153 GB/s); compute not sourced (its only row is one-stream decode, bandwidth-bound)",
    ),
    (
        "rx-9070-xt",
        "AMD Radeon RX 9070 XT 16GB",
        "16",
        "640",
        "194.7",
        false,
        Some("64"),
        "launch specifications (multiplayer.it, purepc.pl): 16 GB GDDR6, 256-bit at 20 Gbps = 640 GB/s; FP16 matrix dense derived from AMD's 779 INT8 TOPS with sparsity (/ 2 / 2); PCIe 5.0 x16",
    ),
];

/// The overlay: the GPUs above, and DeepSeek-R1's node-limited routing.
pub fn build(catalog: &Catalog) -> Result<CatalogFile> {
    let mut gpus = Vec::new();
    for (id, name, mem, bw, sixteen, unified, link, source) in GPUS {
        gpus.push(Gpu {
            id: (*id).into(),
            name: (*name).into(),
            memory_gb: dec(mem)?,
            memory_type: Some(if *unified { "LPDDR5/5X unified" } else { "GDDR6" }.into()),
            mem_bw_gbps: dec(bw)?,
            bf16_dense_tflops: Some(dec(sixteen)?),
            fp16_dense_tflops: Some(dec(sixteen)?),
            fp16_acc16_dense_tflops: None,
            fp16_acc16_source: None,
            fp8_dense_tflops: None,
            int8_dense_tops: None,
            fp4_dense_tflops: None,
            tdp_w: None,
            interconnect: Some(match link {
                Some(_) => Interconnect::Pcie5,
                None => Interconnect::None,
            }),
            interconnect_gbps: link.map(dec).transpose()?,
            scale_up_gpus: link.is_none().then_some(1),
            interconnect_source: None,
            unified_memory: *unified,
            derived_fields: if id.starts_with("rx-") || *id == "apple-m5" {
                vec!["bf16_dense_tflops".into(), "fp16_dense_tflops".into()]
            } else {
                Vec::new()
            },
            as_of: None,
            confidence: Some("medium (calibration only)".into()),
            source: Source::titled(*source),
            notes: Some(
                "Calibration-only hardware: used by calibration rows, not shipped in the built-in catalog.".into(),
            ),
        });
    }
    // DeepSeek-V3 `inference/configs/config_671B.json`: n_limited_groups 4
    // (the HF config's topk_group): a token's 8 experts span at most 4 of 8
    // groups, which caps its copies beyond one node.
    let mut r1 = catalog
        .model("deepseek-r1")
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .clone();
    r1.topk_group = Some(4);
    r1.notes = Some(format!(
        "{} topk_group 4: DeepSeek-V3 inference/configs/config_671B.json (n_limited_groups 4), added by the calibration overlay.",
        r1.notes.unwrap_or_default()
    ).trim_start().to_string());
    Ok(CatalogFile {
        about: Some("Calibration-side catalog overlay: hardware only calibration rows use and architecture figures the built-in catalog lacks, each with its source. Made by `cargo xtask import-calibration`; the calibration reads the built-in catalog with this file over it.".into()),
        gpus,
        models: vec![r1],
        ..CatalogFile::default()
    })
}
