//! GPUs from `gpus.json` and `gpus-2026.json`: figures copied by name,
//! interconnects read from the 2026 rows' text (and from the datasheets for
//! the 2025 rows, which have none), dense rates derived from sparse ones
//! where a row gives only those (and marked as derived).

use super::dates::norm_date;
use super::json::J;
use super::{load, source, undated, Report};
use anyhow::{Context, Result};
use llm_tco::spec::catalog::{Gpu, Interconnect};
use llm_tco::Decimal;
use regex::Regex;
use std::sync::LazyLock;

/// Ids: the reference's, except the per-GPU rows of the NVL72 superchips.
pub const GPU_RENAME: &[(&str, &str)] = &[("gb200-per-gpu", "gb200"), ("gb300-per-gpu", "gb300")];

/// Rows left out, and why.
const GPU_DROP: &[(&str, &str)] = &[
    (
        "mi300x-x",
        "cross-check copy of mi300x (gpus.json has it); the reference marks it 'cross-check only'",
    ),
    (
        "rtx-6000-ada",
        "no memory bandwidth and no tensor rates in the reference: cannot be sized; no price row names it",
    ),
];

/// The link of the 2025 GPUs (whose rows have none): GB/s one direction,
/// kind, GPUs in one link domain, and the datasheet's wording. The rest
/// sit in a PCIe 4.0 slot.
const OLD_INTERCONNECT: &[(&str, &str, Interconnect, Option<u32>, &str)] = &[
    (
        "a100-40gb-sxm",
        "300",
        Interconnect::Nvlink3,
        Some(8),
        "NVIDIA A100 datasheet: NVLink 600 GB/s bidirectional",
    ),
    (
        "a100-80gb-sxm",
        "300",
        Interconnect::Nvlink3,
        Some(8),
        "NVIDIA A100 datasheet: NVLink 600 GB/s bidirectional",
    ),
    (
        "h100-sxm",
        "450",
        Interconnect::Nvlink4,
        Some(8),
        "NVIDIA H100/H200 datasheets: NVLink 900 GB/s bidirectional",
    ),
    (
        "h200-sxm",
        "450",
        Interconnect::Nvlink4,
        Some(8),
        "NVIDIA H100/H200 datasheets: NVLink 900 GB/s bidirectional",
    ),
    // An NVLink bridge joins two cards.
    (
        "h100-nvl",
        "300",
        Interconnect::Nvlink4,
        Some(2),
        "NVIDIA H100 NVL datasheet: NVLink bridge 600 GB/s bidirectional",
    ),
    (
        "mi300x",
        "448",
        Interconnect::InfinityFabric,
        Some(8),
        "AMD MI300X datasheet: 7 Infinity Fabric links, 896 GB/s bidirectional",
    ),
    (
        "h100-pcie",
        "64",
        Interconnect::Pcie5,
        None,
        "PCIe Gen5 x16: 64 GB/s per direction",
    ),
];

/// GeForce FP16-accumulate rates (Ada and Ampere whitepapers): the reference
/// lists the FP32-accumulate rate, which llama.cpp's FP16 path doubles.
const FP16_ACC16: &[(&str, &str, &str)] = &[
    (
        "rtx-4090",
        "330.3",
        "NVIDIA Ada GPU architecture whitepaper (AD102, RTX 4090): FP16 tensor TFLOPS with FP16 accumulate 330.3 dense",
    ),
    (
        "rtx-3090",
        "142",
        "NVIDIA Ampere GA102 GPU architecture whitepaper (RTX 3090): FP16 tensor TFLOPS with FP16 accumulate 142 dense",
    ),
];

/// 16-bit (and 8-bit) dense rates the reference lacks, with where they come
/// from: (id, BF16/FP16 TFLOPS, FP8 and INT8 TFLOPS, derived, source).
/// Apple GPUs have no tensor cores; they run FP16 at their FP32 rate
/// (hmc-tech.com lists FP16 = FP32 for every M-series GPU), which is the
/// rate the sizing model multiplies at.
const SIXTEEN_BIT_RATES: &[(&str, &str, Option<&str>, bool, &str)] = &[
    (
        "h100-nvl",
        "835.5",
        Some("1670.5"),
        true,
        "NVIDIA H100 datasheet, H100 NVL column: BF16/FP16 1,671 and FP8/INT8 3,341 TFLOPS with sparsity; dense = half",
    ),
    (
        "apple-m2-ultra",
        "27.2",
        None,
        false,
        "Apple, Mac Pro (2023): the 76-core M2 Ultra GPU delivers up to 27.2 TFLOPS",
    ),
    (
        "apple-m3-ultra",
        "28.6",
        None,
        true,
        "80-core GPU = two 40-core M3 Max GPUs at 14.32 TFLOPS FP32 each (hmc-tech.com: 5,120 ALUs at 1,398 MHz)",
    ),
    (
        "apple-m4-max",
        "17.2",
        None,
        true,
        "40-core GPU: 5,120 ALUs x 2 x 1,678 MHz (hmc-tech.com gives the 32-core M4 Max 13.74 TFLOPS FP32 at 1,678 MHz)",
    ),
    (
        "apple-m4-pro",
        "8.6",
        None,
        true,
        "20-core GPU: 2,560 ALUs x 2 x 1,678 MHz, the M4 Max clock (hmc-tech.com); the M4 Pro's own clock is not sourced",
    ),
];

/// Adds a GPU's 16-bit rate from [`SIXTEEN_BIT_RATES`] when the reference
/// has none.
fn sixteen_bit_rate(g: &mut Gpu) -> Result<()> {
    if g.bf16_dense_tflops.is_some() || g.fp16_dense_tflops.is_some() {
        return Ok(());
    }
    let Some((_, rate, eight, derived, why)) = find(SIXTEEN_BIT_RATES, |(id, ..)| *id == g.id) else {
        return Ok(());
    };
    let rate = super::json::number(rate)?;
    g.bf16_dense_tflops = Some(rate);
    g.fp16_dense_tflops = Some(rate);
    let mut fields = vec!["bf16_dense_tflops", "fp16_dense_tflops"];
    if let Some(e) = eight {
        let e = super::json::number(e)?;
        g.fp8_dense_tflops = g.fp8_dense_tflops.or(Some(e));
        g.int8_dense_tops = g.int8_dense_tops.or(Some(e));
        fields.extend(["fp8_dense_tflops", "int8_dense_tops"]);
    }
    if *derived {
        g.derived_fields.extend(fields.into_iter().map(str::to_string));
    }
    let sentence = format!("16-bit rate: {why}.");
    g.notes = Some(match g.notes.take() {
        Some(n) => format!("{n} {sentence}"),
        None => sentence,
    });
    Ok(())
}

/// Notes in the catalog's own words (disputed figures: the reference row's
/// primary figure is the catalog's, the other one is said here; and the
/// figures the catalog file has no field for).
const GPU_NOTES: &[(&str, &str)] = &[
    ("b200-sxm", "180 GB is the usable memory in NVIDIA's platform documents (192 GB physical is also quoted). Stas lists FP4 9000 and NVFP4 10000 dense; SemiAnalysis FP4 9000. 1000 W is the maximum TGP (DGX B200 default 700 W)."),
    ("gb200", "Per Blackwell GPU of a GB200 superchip (2 GPUs + 1 Grace CPU) in an NVL72 rack. Memory disputed: Stas 186 GB (NVIDIA MIG table), SemiAnalysis 192 GB; the catalog takes 186, the usable figure, as for the B200. 1200 W per GPU maximum."),
    ("b300-sxm", "Sources disagree: Stas 288 GB and FP4 12600 (NVFP4 15000); SemiAnalysis 268 GB and FP4 13500. The catalog takes Stas' figures."),
    ("gb300", "Per Blackwell Ultra GPU of a GB300 NVL72."),
    ("mi325x", "SemiAnalysis gives BF16 1307 / FP8 2615 (exact) against AMD's rounded 1300 / 2610. 1000 W peak typical board power."),
    ("mi355x", "SemiAnalysis: BF16 2516, FP8 5033, FP4 10066. First AMD part with FP4; FP6 runs at the FP4 rate (10100). 1400 W typical board power."),
    ("h20", "Press figures (no NVIDIA datasheet in the reference); FP8 assumed equal to the INT8 rate as on other Hopper parts."),
    ("rtx-5090", "Dense tensor rates derived: half of the published sparse FP16 (FP16-accumulate, 838.4), FP8 (1676.8) and FP4 (3352) figures; BF16/FP16 with FP32 accumulate at half the FP16-accumulate rate, as on the RTX 4090/3090 rows. Unverified."),
    ("rtx-pro-6000-blackwell", "Only an FP4 figure is published (4000 AI TOPS, sparse): FP4 dense derived as half. No 16-bit rate: the sizing model cannot use this GPU until one is sourced. Max-Q variant 300 W."),
    ("apple-m3-ultra", "Unified memory shared with the CPU and OS (plan on about 75% for weights). An aggregator quotes 57 TFLOPS FP16 for the GPU (twice the FP32 rate, which Apple GPUs do not have); the catalog takes the FP32 rate. Vendor launch specifications."),
    ("apple-m4-max", "Unified memory shared with the CPU and OS (plan on about 75% for weights). No power figure in the reference. Vendor launch specifications."),
    ("apple-m4-pro", "Unified memory shared with the CPU and OS (plan on about 75% for weights). No power figure in the reference. Vendor launch specifications."),
    ("apple-m2-ultra", "Unified memory shared with the CPU and OS (plan on about 75% for weights). No power figure in the reference. Vendor launch specifications."),
];

fn find<T>(table: &[T], key: impl Fn(&T) -> bool) -> Option<&T> {
    table.iter().find(|t| key(t))
}

static GBPS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([\d.]+) GB/s per GPU").expect("regex"));
static GBPS_ANY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([\d.]+) GB/s").expect("regex"));
static DOMAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+)-GPU|(\d+)-way|(\d+) GPUs|NVL(\d+)").expect("regex"));

/// (GB/s in one direction, kind, GPUs in the link domain) from a 2026
/// row's interconnect text.
fn interconnect_2026(text: &str) -> Result<(Option<Decimal>, Option<Interconnect>, Option<u32>)> {
    let kind = if text.contains("NVLink 5") {
        Some(Interconnect::Nvlink5)
    } else if text.contains("NVLink 4") {
        Some(Interconnect::Nvlink4)
    } else if text.contains("Infinity Fabric") {
        Some(Interconnect::InfinityFabric)
    } else if text.contains("PCIe 5") {
        Some(Interconnect::Pcie5)
    } else if text.contains("PCIe 4") {
        Some(Interconnect::Pcie4)
    } else if text.contains("n/a") {
        Some(Interconnect::None)
    } else {
        None
    };
    match kind {
        Some(Interconnect::None) => return Ok((None, kind, Some(1))),
        Some(Interconnect::Pcie5) => return Ok((Some(Decimal::from(64)), kind, None)),
        Some(Interconnect::Pcie4) => return Ok((Some(Decimal::from(32)), kind, None)),
        _ => {}
    }
    let m = GBPS
        .captures(text)
        .or_else(|| GBPS_ANY.captures(text))
        .with_context(|| format!("no GB/s in the interconnect {text:?}"))?;
    let whole = m.get(0).context("match")?;
    let mut gbps = super::json::number(&m[1])?;
    let after = &text[whole.start()..text.len().min(whole.end() + 20)];
    if after.contains("bidirectional") && !text.contains("unidirectional") {
        gbps /= Decimal::TWO;
    }
    let domain = match DOMAIN.captures(text) {
        Some(d) => {
            let n = (1..=4).find_map(|i| d.get(i)).context("domain")?;
            Some(n.as_str().parse::<u32>().context("domain size")?)
        }
        None => None,
    };
    Ok((Some(gbps), kind, domain))
}

fn d(row: &J, k: &str) -> Result<Option<Decimal>> {
    row.get(k).dec(k)
}

fn empty_gpu(id: String, row: &J) -> Result<Gpu> {
    Ok(Gpu {
        id,
        name: row.get("name").text("name")?.to_string(),
        memory_gb: d(row, "memory_gb")?.context("memory_gb")?,
        memory_type: row.get("memory_type").str().map(str::to_string),
        mem_bw_gbps: d(row, "mem_bw_gbps")?.context("mem_bw_gbps")?,
        bf16_dense_tflops: None,
        fp16_dense_tflops: None,
        fp16_acc16_dense_tflops: None,
        fp16_acc16_source: None,
        fp8_dense_tflops: None,
        int8_dense_tops: None,
        fp4_dense_tflops: None,
        tdp_w: None,
        interconnect: None,
        interconnect_gbps: None,
        scale_up_gpus: None,
        interconnect_source: None,
        unified_memory: false,
        derived_fields: Vec::new(),
        as_of: None,
        confidence: None,
        source: llm_tco::spec::catalog::Source::default(),
        notes: None,
    })
}

fn note(id: &str) -> Option<String> {
    find(GPU_NOTES, |(g, _)| *g == id).map(|(_, n)| (*n).to_string())
}

/// Every GPU of both files.
pub fn build(reference: &std::path::Path, report: &mut Report) -> Result<Vec<Gpu>> {
    let mut out = Vec::new();
    for row in load(reference, "gpus.json")?.get("gpus").items() {
        let id = row.get("id").text("id")?.to_string();
        let mut g = empty_gpu(id.clone(), row)?;
        g.bf16_dense_tflops = d(row, "bf16_dense_tflops")?;
        g.fp16_dense_tflops = d(row, "fp16_dense_tflops")?;
        if let Some((_, rate, why)) = find(FP16_ACC16, |(g, ..)| *g == id) {
            g.fp16_acc16_dense_tflops = Some(super::json::number(rate)?);
            g.fp16_acc16_source = Some((*why).to_string());
        }
        g.fp8_dense_tflops = d(row, "fp8_dense_tflops")?;
        g.int8_dense_tops = d(row, "int8_dense_tops")?;
        g.tdp_w = d(row, "tdp_w")?;
        let (gbps, kind, domain, wording) = match find(OLD_INTERCONNECT, |(g, ..)| *g == id) {
            Some((_, gbps, kind, domain, wording)) => (*gbps, *kind, *domain, *wording),
            None => ("32", Interconnect::Pcie4, None, "PCIe Gen4 x16: 32 GB/s per direction"),
        };
        g.interconnect_gbps = Some(super::json::number(gbps)?);
        g.interconnect = Some(kind);
        g.scale_up_gpus = domain;
        g.interconnect_source = Some(wording.to_string());
        let s = row.get("source");
        let picked = if s.has("primary") {
            s
        } else if s.has("compute_tdp") {
            s.get("compute_tdp")
        } else if s.has("bw") {
            s.get("bw")
        } else {
            s
        };
        g.source = undated(source::from_obj(picked, None)?, g.as_of.as_deref());
        g.confidence = s.get("confidence").str().map(str::to_string);
        g.notes = note(&id);
        let a10 = (id == "a10").then(|| g.clone());
        out.push(g);
        if let Some(mut a) = a10 {
            a.id = "a10g".into();
            a.name = "NVIDIA A10G 24GB (AWS g5)".into();
            a.notes = Some(
                "The A10 row's figures, which the reference applies to the A10G; AWS publishes no A10G tensor rate and the A10G is reported slower than the A10."
                    .into(),
            );
            out.push(a);
        }
    }
    for row in load(reference, "gpus-2026.json")?.get("gpus").items() {
        let rid = row.get("id").text("id")?;
        if let Some((_, why)) = find(GPU_DROP, |(g, _)| *g == rid) {
            report.dropped.push(format!("gpus-2026.json {rid}: {why}"));
            continue;
        }
        let id = find(GPU_RENAME, |(f, _)| *f == rid).map_or(rid, |(_, t)| t).to_string();
        let mut g = empty_gpu(id.clone(), row)?;
        g.unified_memory = g.memory_type.as_deref().is_some_and(|t| t.contains("unified"));
        let mut derived = Vec::new();
        g.bf16_dense_tflops = d(row, "bf16_dense_tflops")?;
        g.fp16_dense_tflops = d(row, "fp16_dense_tflops")?;
        g.fp8_dense_tflops = d(row, "fp8_dense_tflops")?;
        g.fp4_dense_tflops = d(row, "fp4_dense_tflops")?;
        g.int8_dense_tops = d(row, "int8_dense_tops")?;
        // Dense = sparse / 2 (the NVIDIA convention the reference applies to
        // the L4); GeForce FP32-accumulate = FP16-accumulate / 2 (as on the
        // RTX 4090 and 3090 rows).
        if let Some(sparse) = d(row, "fp16_tensor_sparse_tflops")? {
            let acc16 = sparse / Decimal::TWO;
            g.bf16_dense_tflops = g.bf16_dense_tflops.or(Some(acc16 / Decimal::TWO));
            g.fp16_dense_tflops = g.fp16_dense_tflops.or(Some(acc16 / Decimal::TWO));
            g.fp16_acc16_dense_tflops = Some(acc16);
            g.fp16_acc16_source = Some("half the published sparse FP16 tensor rate (derived)".into());
            derived.extend(["fp16_acc16_dense_tflops", "bf16_dense_tflops", "fp16_dense_tflops"]);
        }
        if let (Some(sparse), None) = (d(row, "fp8_tensor_sparse_tflops")?, g.fp8_dense_tflops) {
            g.fp8_dense_tflops = Some(sparse / Decimal::TWO);
            derived.push("fp8_dense_tflops");
        }
        for k in ["fp4_tensor_sparse_tops", "fp4_ai_tops_sparse"] {
            if let (Some(sparse), None) = (d(row, k)?, g.fp4_dense_tflops) {
                g.fp4_dense_tflops = Some(sparse / Decimal::TWO);
                derived.push("fp4_dense_tflops");
            }
        }
        g.derived_fields = derived.into_iter().map(str::to_string).collect();
        g.tdp_w = d(row, "tdp_w")?;
        let text = row.get("interconnect").str();
        let (gbps, kind, domain) = interconnect_2026(text.unwrap_or_default())?;
        g.interconnect_gbps = gbps;
        g.interconnect = kind;
        g.scale_up_gpus = domain;
        g.interconnect_source = text.map(str::to_string);
        let dated = norm_date(row.get("as_of").str());
        let day = dated.iso.as_deref().filter(|d| d.len() == 10);
        g.as_of.clone_from(&dated.iso);
        g.source = undated(
            source::from_obj(row.get("source").get("primary"), day)?,
            g.as_of.as_deref(),
        );
        g.confidence = row.get("confidence").str().map(str::to_string);
        g.notes = note(&id);
        out.push(g);
    }
    for g in &mut out {
        sixteen_bit_rate(g)?;
        for v in [
            &mut g.bf16_dense_tflops,
            &mut g.fp16_dense_tflops,
            &mut g.fp16_acc16_dense_tflops,
            &mut g.fp8_dense_tflops,
            &mut g.int8_dense_tops,
            &mut g.fp4_dense_tflops,
            &mut g.tdp_w,
            &mut g.interconnect_gbps,
        ] {
            *v = v.map(|x| x.normalize());
        }
        g.memory_gb = g.memory_gb.normalize();
        g.mem_bw_gbps = g.mem_bw_gbps.normalize();
    }
    Ok(out)
}
