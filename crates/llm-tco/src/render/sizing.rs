//! A sized option's operating point in words, the same on every surface.

use crate::analysis::report::{CapacitySource, SelfHostedDetails};
use crate::base::float::fixed;

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
