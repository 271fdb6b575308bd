//! GPU prices from `gpu-prices.json` and `gpu-prices-2026.json`: rental
//! offers by provider and pricing (the same instance in two snapshots is
//! one offer with history), SemiAnalysis' per-GPU-hour TCO bases, and
//! purchase prices (one entry per source's estimate).

use super::dates::{date_key, norm_date, Dated};
use super::gpus::GPU_RENAME;
use super::json::J;
use super::{load, source, Report};
use anyhow::{bail, Context, Result};
use llm_tco::spec::catalog::{CloudPrice, CloudPriceEntry, Gpu, PurchasePrice, ReservedTerm, Source, TcoBasis};
use llm_tco::Decimal;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Id part of each provider (today's ids fix the style).
const PROVIDER_SHORT: &[(&str, &str)] = &[
    ("Lambda", "lambda"),
    ("RunPod (Secure Cloud)", "runpod-secure-cloud"),
    ("Nebius", "nebius"),
    ("AWS EC2 Capacity Blocks", "aws-ec2-capacity-blocks"),
    ("AWS EC2 On-Demand", "aws-ec2-on-demand"),
    ("market survey (blog)", "market-survey-blog"),
    ("Spheron", "spheron"),
    ("packet.ai", "packet-ai"),
    (
        "market (SemiAnalysis rental index, as reported)",
        "market-semianalysis-rental-index",
    ),
    (
        "market median (aimultiple GPU index, 37 providers)",
        "market-aimultiple-median",
    ),
    ("market range (Mercatus, hyperscaler)", "market-mercatus-hyperscaler"),
    ("market range (Mercatus, specialty cloud)", "market-mercatus-specialty"),
    ("market range (Mercatus, long-tail)", "market-mercatus-long-tail"),
    ("market (host360 guide)", "market-host360"),
];

/// Who a figure is from, as the display name says it.
const PROVIDER_LABEL: &[(&str, &str)] = &[
    ("RunPod (Secure Cloud)", "RunPod Secure Cloud"),
    ("market survey (blog)", "aihardwareindex.com survey"),
    (
        "market (SemiAnalysis rental index, as reported)",
        "SemiAnalysis rental index, 1-year reserved",
    ),
    (
        "market median (aimultiple GPU index, 37 providers)",
        "AIMultiple GPU index median",
    ),
    ("market range (Mercatus, hyperscaler)", "Mercatus, hyperscalers"),
    ("market range (Mercatus, specialty cloud)", "Mercatus, specialty clouds"),
    ("market range (Mercatus, long-tail)", "Mercatus, long-tail clouds"),
    ("market (host360 guide)", "host360 guide"),
];

/// v7 and v8 rows of the same instance under another name (the v8 row's
/// note says it is the same, repriced).
const SAME_INSTANCE: &[(&str, &str, &str)] = &[("Lambda", "gpu_1x_a100 (40GB)", "gpu_1x_a100_sxm4")];

/// Notes in the catalog's own words.
const CLOUD_NOTES: &[(&str, &str)] = &[
    ("aws-ec2-on-demand-p5-48xlarge", "List price before AWS cut P5 on-demand prices by up to 45% in June 2025 (a May 2026 blog's estimate)."),
    ("aws-ec2-capacity-blocks-p5-48xlarge", "Capacity Blocks are reservations of 1 to 182 days, not on-demand; page text says prices were to be updated on 2025-01-01."),
    ("aws-ec2-capacity-blocks-p5e-48xlarge", "Capacity Blocks are reservations, not on-demand."),
    ("aws-ec2-capacity-blocks-p4d-24xlarge", "Capacity Blocks are reservations, not on-demand."),
    ("runpod-secure-cloud-1x-a100-80gb-secure", "In the v8 snapshot the spot column equals the on-demand price."),
    ("market-aimultiple-median-h100-sxm", "Median of 37 providers' on-demand prices; lifted from about 2 to about 3 USD by a GCP A3 listing change."),
    ("market-semianalysis-rental-index-h100-sxm", "1-year reserved, neocloud/tier-2, as reported from SemiAnalysis data of 2026-04-02 (up 38% from 1.70 in Oct 2025)."),
    ("spheron-gb200", "9.08 USD per GB200 superchip-hour (2 GPUs), per GPU."),
    ("packet-ai-b200-sxm", "Vendor's claim: lowest of 26 providers it tracks."),
];

fn lookup<'a>(table: &'a [(&str, &str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Lowercase ASCII letters and digits, other runs as one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// (catalog GPU id, GPUs per unit, what the unit is) of a price row's
/// `gpu` field.
fn ref_gpu(text: &str) -> (String, u32, Option<&'static str>) {
    match text {
        "a10 (A10G)" => ("a10g".into(), 1, None),
        "dgx-h100 (8x H100 server)" => ("h100-sxm".into(), 8, Some("8-GPU server (DGX H100)")),
        "apple-m3-ultra (512GB Mac Studio)" => ("apple-m3-ultra".into(), 1, Some("Mac Studio with 512 GB")),
        other => (
            GPU_RENAME
                .iter()
                .find(|(f, _)| *f == other)
                .map_or(other, |(_, t)| t)
                .to_string(),
            1,
            None,
        ),
    }
}

/// The GPU's name without its parenthesized detail.
fn short_gpu(name: &str) -> &str {
    match name.find(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
    }
}

/// What kind of figure a row is.
fn cloud_kind(provider: &str) -> &'static str {
    if provider.starts_with("market range") {
        "market_range"
    } else if provider.starts_with("market") {
        "market_index"
    } else if provider == "packet.ai" {
        "vendor_claim"
    } else if provider == "Spheron" {
        "provider_blog"
    } else {
        "price_list"
    }
}

static REGION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(.*) \(([a-z]+-[a-z]+\d)\)$").expect("regex"));
static HOST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^https?://(?:www\.)?([^./]+)").expect("regex"));

#[derive(Debug, Clone, Default)]
struct CloudPrices {
    on_demand: Option<Decimal>,
    reserved: Option<Decimal>,
    reserved_term: Option<ReservedTerm>,
    spot: Option<Decimal>,
    /// A market range with no single price.
    range: Option<(Decimal, Decimal)>,
}

#[derive(Debug, Clone)]
struct CloudObs {
    id: String,
    provider: String,
    instance: String,
    gpu: String,
    n: u32,
    region: Option<String>,
    kind: &'static str,
    prices: CloudPrices,
    dated: Dated,
    confidence: String,
    source: Source,
    file: &'static str,
}

fn is_tco(row: &J) -> bool {
    row.get("provider")
        .str()
        .is_some_and(|p| p.starts_with("SemiAnalysis AI Cloud TCO"))
}

fn cloud_obs(reference: &std::path::Path, report: &mut Report, gpus: &[Gpu]) -> Result<Vec<CloudObs>> {
    let mut obs: Vec<CloudObs> = Vec::new();
    for file in ["gpu-prices.json", "gpu-prices-2026.json"] {
        for row in load(reference, file)?.get("cloud_hourly").items() {
            let (gpu, _, _) = ref_gpu(row.get("gpu").text("gpu")?);
            let provider = row.get("provider").text("provider")?.to_string();
            let mut instance = row.get("instance").text("instance")?.to_string();
            if is_tco(row) {
                continue;
            }
            if gpus.iter().all(|g| g.id != gpu) {
                report.dropped.push(format!(
                    "{file} {provider} {instance}: GPU {gpu} has no specification in gpus*.json"
                ));
                continue;
            }
            let mut id_instance = SAME_INSTANCE
                .iter()
                .find(|(p, i, _)| *p == provider && *i == instance)
                .map_or_else(|| instance.clone(), |(_, _, to)| (*to).to_string());
            let mut region = row.get("region").str().map(str::to_string);
            if let Some(m) = REGION.captures(&instance.clone()) {
                instance = m[1].to_string();
                region = Some(m[2].to_string());
                id_instance.clone_from(&instance);
            }
            let short = lookup(PROVIDER_SHORT, &provider).with_context(|| format!("no id for provider {provider}"))?;
            let kind = cloud_kind(&provider);
            let id = if kind == "price_list" && instance != "1x" {
                format!("{short}-{}", slug(&id_instance))
            } else {
                format!("{short}-{gpu}")
            };
            let n = u32::try_from(row.get("gpus").whole("gpus")?.context("gpus")?).context("gpus")?;
            let d = |k: &str| row.get(k).dec(k);
            let mut p = CloudPrices::default();
            let per_gpu = d("usd_per_gpu_hr")?;
            let reserved = if provider == "AWS EC2 Capacity Blocks" {
                Some((per_gpu, ReservedTerm::CapacityBlock))
            } else {
                d("reserved_1yr_usd_per_gpu_hr")?.map(|r| (Some(r), ReservedTerm::OneYear))
            };
            match reserved {
                Some((price, term)) => {
                    p.reserved = Some(price.context("a reserved price")?);
                    p.reserved_term = Some(term);
                }
                None => p.on_demand = per_gpu,
            }
            if let (Some(lo), Some(hi)) = (d("usd_per_gpu_hr_low")?, d("usd_per_gpu_hr_high")?) {
                p.range = Some((lo, hi));
            }
            if let Some(spot) = d("spot_usd_per_hr")? {
                // A price list's spot price is per instance; a blog's per GPU.
                p.spot = Some(if kind == "price_list" {
                    spot.checked_div(Decimal::from(n)).context("spot per GPU")?
                } else {
                    spot
                });
            }
            let mut dated = norm_date(row.get("date").str());
            let s = row.get("source");
            let inherited = match s.str() {
                Some(t) if t.starts_with("same ") => obs.last().map(|o| o.source.clone()),
                _ => None,
            };
            if dated.iso.is_none() && s.dump().contains("catalogs/v7/") {
                // Undated SkyPilot v7 rows: the v7 snapshot's span as the v7
                // Lambda rows state it.
                dated.iso = Some("2025".into());
                dated.text =
                    Some("SkyPilot catalog v7 snapshot; no date recorded (the v7 Lambda rows say 2025 or 2026)".into());
            }
            let src = match inherited {
                Some(i) => i,
                None => source::from_obj(s, dated.iso.as_deref())?,
            };
            obs.push(CloudObs {
                id,
                provider,
                instance,
                gpu,
                n,
                region,
                kind,
                prices: p,
                dated,
                confidence: row.get("confidence").text("confidence")?.to_string(),
                source: src,
                file,
            });
        }
    }
    Ok(obs)
}

/// Rental offers, in the order of their first row.
pub fn cloud(reference: &std::path::Path, report: &mut Report, gpus: &[Gpu]) -> Result<Vec<CloudPrice>> {
    let obs = cloud_obs(reference, report, gpus)?;
    let mut order = Vec::new();
    let mut by: BTreeMap<String, Vec<CloudObs>> = BTreeMap::new();
    for o in obs {
        if let Some((lo, hi)) = o.prices.range {
            if o.prices.on_demand.is_none() && o.prices.reserved.is_none() && o.prices.spot.is_none() {
                report.dropped.push(format!(
                    "{} {} {}: a market range ({lo} to {hi} USD per GPU-hour) with no single price; a rental offer needs one",
                    o.file, o.provider, o.instance
                ));
                continue;
            }
        }
        if !by.contains_key(&o.id) {
            order.push(o.id.clone());
        }
        by.entry(o.id.clone()).or_default().push(o);
    }
    let mut out = Vec::new();
    for id in order {
        let mut group = by.remove(&id).unwrap_or_default();
        group.sort_by_key(|o| (o.file == "gpu-prices-2026.json", date_key(o.dated.iso.as_deref())));
        for (i, o) in group.iter().enumerate() {
            if group[..i].iter().any(|p| p.file == o.file) {
                bail!("two rows of {} collapse into {id}", o.file);
            }
        }
        let newest = group.last().context("a row")?;
        let gpu = gpus.iter().find(|g| g.id == newest.gpu).context("GPU")?;
        let gshort = short_gpu(&gpu.name);
        let label = lookup(PROVIDER_LABEL, &newest.provider).unwrap_or(&newest.provider);
        let name = if newest.kind == "price_list" {
            format!("{label}, {}x {gshort}", newest.n)
        } else {
            let what = match newest.kind {
                "market_index" => "market figure",
                "market_range" => "market range",
                "vendor_claim" => "vendor claim",
                _ => "provider blog",
            };
            format!("{label}: {gshort} ({what})")
        };
        let as_of = newest.dated.iso.clone().with_context(|| format!("{id}: no date"))?;
        let history = group[..group.len() - 1]
            .iter()
            .map(|o| CloudPriceEntry {
                from: o.dated.iso.clone(),
                on_demand_usd_per_gpu_hour: o.prices.on_demand.map(|v| v.normalize()),
                reserved_usd_per_gpu_hour: o.prices.reserved.map(|v| v.normalize()),
                spot_usd_per_gpu_hour: o.prices.spot.map(|v| v.normalize()),
                as_of: o.dated.iso.clone(),
                as_of_text: o.dated.text.clone(),
                source: Some(o.source.clone()),
            })
            .collect();
        out.push(CloudPrice {
            id: id.clone(),
            name: Some(name),
            provider: newest.provider.clone(),
            instance: newest.instance.clone(),
            gpu: newest.gpu.clone(),
            n_gpus: newest.n,
            kind: Some(newest.kind.to_string()),
            region: newest.region.clone(),
            on_demand_usd_per_gpu_hour: newest.prices.on_demand.map(|v| v.normalize()),
            reserved_usd_per_gpu_hour: newest.prices.reserved.map(|v| v.normalize()),
            reserved_term: newest.prices.reserved_term,
            spot_usd_per_gpu_hour: newest.prices.spot.map(|v| v.normalize()),
            from: Some(as_of.clone()),
            as_of,
            as_of_text: newest.dated.text.clone(),
            confidence: newest.confidence.clone(),
            source: newest.source.clone(),
            notes: lookup(CLOUD_NOTES, &id).map(str::to_string),
            history,
        });
    }
    Ok(out)
}

/// SemiAnalysis' per-GPU-hour costs of owning and renting.
pub fn tco(reference: &std::path::Path, gpus: &[Gpu]) -> Result<Vec<TcoBasis>> {
    let mut out = Vec::new();
    for row in load(reference, "gpu-prices-2026.json")?.get("cloud_hourly").items() {
        if !is_tco(row) {
            continue;
        }
        let (gpu, _, _) = ref_gpu(row.get("gpu").text("gpu")?);
        let g = gpus
            .iter()
            .find(|g| g.id == gpu)
            .with_context(|| format!("TCO row for {gpu}, which gpus*.json does not have"))?;
        let dated = norm_date(row.get("date").str());
        let s = row.get("source");
        let d = |k: &str| -> Result<Option<Decimal>> { Ok(row.get(k).dec(k)?.map(|v| v.normalize())) };
        let conf = row.get("confidence").text("confidence")?;
        // A placeholder keeps its qualifier; a modelled figure its level.
        let confidence = if conf.contains("placeholder") {
            "low (placeholder in the source: 1.2 times the B200/GB200 figures)".to_string()
        } else {
            super::api::level(Some(conf)).unwrap_or_default()
        };
        out.push(TcoBasis {
            id: format!("semianalysis-tco-{gpu}"),
            name: format!("SemiAnalysis AI Cloud TCO model: {}", short_gpu(&g.name)),
            gpu,
            owning_hyperscaler_usd_per_gpu_hour: d("owning_tco_hyperscaler_usd_per_gpu_hr")?,
            owning_neocloud_usd_per_gpu_hour: d("owning_tco_neocloud_usd_per_gpu_hr")?,
            rental_3yr_usd_per_gpu_hour: d("rental_3yr_usd_per_gpu_hr")?,
            all_in_power_kw_per_gpu: d("all_in_power_kw_per_gpu")?,
            as_of: dated.iso.clone().context("TCO date")?,
            as_of_text: dated.text.clone(),
            confidence,
            source: source::src(
                "SemiAnalysis AI Cloud TCO Model constants in the InferenceX app (constants.ts)",
                Some(source::gh(
                    s.get("repo").text("repo")?,
                    s.get("commit").text("commit")?,
                    s.get("path").str(),
                )),
                Some("2026-03-18"),
                None,
            ),
        });
    }
    Ok(out)
}

/// Purchase prices: one entry per row (each is one source's estimate).
pub fn purchase(reference: &std::path::Path, gpus: &[Gpu]) -> Result<Vec<PurchasePrice>> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for file in ["gpu-prices.json", "gpu-prices-2026.json"] {
        for row in load(reference, file)?.get("purchase").items() {
            let (gpu, n, unit) = ref_gpu(row.get("gpu").text("gpu")?);
            if gpus.iter().all(|g| g.id != gpu) {
                bail!("a purchase price of {gpu}, which gpus*.json does not have");
            }
            let dated = norm_date(row.get("date").str());
            let as_of = dated.iso.clone().context("purchase date")?;
            let src = source::from_text(row.get("source").text("source")?, Some(&as_of));
            let kind = row.get("kind").text("kind")?.to_string();
            let base = if file == "gpu-prices.json" {
                format!("{gpu}-{}", slug(&kind))
            } else {
                let url = src.url.as_deref().context("a purchase source without a link")?;
                let host = HOST.captures(url).context("host")?;
                format!("{gpu}-{}-{}", slug(&host[1]), slug(&as_of))
            };
            let k = seen.entry(base.clone()).or_insert(0);
            *k += 1;
            let id = if *k == 1 { base } else { format!("{base}-{k}") };
            let d = |k: &str| -> Result<Decimal> { Ok(row.get(k).dec(k)?.context(k.to_string())?.normalize()) };
            out.push(PurchasePrice {
                id,
                gpu,
                n_gpus: n,
                usd_low: d("usd_low")?,
                usd_high: d("usd_high")?,
                kind,
                unit: unit.map(str::to_string),
                as_of,
                as_of_text: dated.text.clone(),
                confidence: row.get("confidence").text("confidence")?.to_string(),
                source: src,
            });
        }
    }
    Ok(out)
}
