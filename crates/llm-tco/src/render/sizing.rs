//! A sized option's operating point in words, the same on every surface.

use crate::analysis::report::{CapacitySource, SelfHostedDetails};
use crate::base::float::fixed;
use crate::render::text::{human_tokens, percent};
use crate::spec::scenario::ReplicaLayout;

/// "at capacity 366 users, 363 decoding at once, each seeing 20.0 output
/// tokens/s while tokens stream and a first token after 110 ms": what each
/// user sees when the replica carries the capacity the report uses.
///
/// `None` when those figures would describe another capacity than the one
/// shown: a capacity the option gives itself, or an estimate that does not
/// fit or cannot meet the latency target.
pub fn operating_point(d: &SelfHostedDetails) -> Option<String> {
    let e = d.estimate.as_ref()?;
    if d.capacity_source == CapacitySource::Given || !e.fits || !e.meets_latency || e.saturation_users == 0 {
        return None;
    }
    Some(format!(
        "at capacity {} users, {} decoding at once, each seeing {} output tokens/s while tokens stream and a first token after {} ms",
        e.saturation_users,
        e.batch_size,
        fixed(e.per_user_decode_tokens_per_s, 1),
        fixed(e.ttft_ms, 0)
    ))
}

/// ", DP attention + expert parallel": a replica's layout after
/// its engine, nothing for the default (tensor parallel) or one GPU.
pub fn layout_suffix(d: &SelfHostedDetails) -> String {
    if d.layout == ReplicaLayout::TensorParallel || d.gpus_per_replica < 2 {
        return String::new();
    }
    format!(", {}", d.layout.label())
}

/// "90% likely between 25k and 76.8k tokens/s, by the vllm profile's
/// held-out throughput error (26.15% median, 75.43% at the 90th
/// percentile); Monte Carlo draws it from its calibration band, 19.3k to 99.7k": a sized
/// capacity's calibration band in words.
///
/// The 90% range is capacity ÷ and × (1 + the 90th-percentile error), where
/// the band's triangle puts 90% of its draws; the band's edges are where
/// its draws stop. `None` for a given capacity or an uncalibrated profile.
pub fn band(d: &SelfHostedDetails) -> Option<String> {
    let b = d.capacity_band.as_ref()?;
    if d.capacity_source == CapacitySource::Given {
        return None;
    }
    let capacity = d.capacity_tokens_per_s?.to_f64();
    let spread = 1.0 + b.p90_abs_error.to_f64();
    let basis = if b.basis == "held_out" { "held-out" } else { "in-sample" };
    Some(format!(
        "90% likely between {} and {} tokens/s, by the {} profile's {basis} throughput error ({} median, {} at the 90th percentile); Monte Carlo draws it from its calibration band, {} to {}",
        human_tokens(capacity / spread),
        human_tokens(capacity * spread),
        d.engine,
        percent(b.median_abs_error.value()),
        percent(b.p90_abs_error.value()),
        human_tokens(b.low_tokens_per_s.to_f64()),
        human_tokens(b.high_tokens_per_s.to_f64()),
    ))
}
