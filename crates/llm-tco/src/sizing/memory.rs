//! Memory on each GPU of a replica, and the sequences its KV cache holds.
//!
//! ```text
//! weights  = (D + Emb) · bits / 8 / ta + R · bits_e / 8 / n   (layer split: all / n)
//! usable   = memory × memory_utilization
//! kv_free  = usable − weights − reserve − activations(one step's budget)
//!            (SGLang-like static memory: the activations live outside usable)
//! per_seq  = attended(L̄) × kv_layer × shard
//! batch    = ⌊kv_free / per_seq⌋ × da
//! ```
//!
//! The dense parts are replicated across data-parallel attention groups;
//! experts are spread over all `n` GPUs whether by expert or tensor
//! parallelism. `shard` is ⌈KV heads / ta⌉ / KV heads (replication when there
//! are fewer KV heads than GPUs), 1 for a latent cache.

use super::step::Server;
use serde::Serialize;

/// Bytes of memory on each GPU, by part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Memory {
    /// Memory of one GPU.
    pub gpu_bytes: f64,
    /// What the engine may use: `gpu_bytes × memory_utilization`.
    pub usable_bytes: f64,
    /// Weights on this GPU.
    pub weights_bytes: f64,
    /// Reserve: CUDA context, graphs, workspace, allocator slack.
    pub reserve_bytes: f64,
    /// Activations of one step's token budget (0 where the engine keeps
    /// them outside the usable share).
    pub activation_bytes: f64,
    /// Left for the KV cache (negative when the weights do not fit).
    pub kv_cache_bytes: f64,
    /// KV cache per token of context on this GPU (full-attention layers,
    /// windowed layers below their window).
    pub kv_bytes_per_token: f64,
}

impl Server {
    /// Memory per GPU with sequences of mean context `context` (the
    /// activations of one step's budget, at most two contexts long).
    pub fn memory(&self, context: f64) -> Memory {
        let s = &self.shape;
        let lay = &self.layout;
        let e = &self.engine;
        let usable = self.hw.memory_bytes * e.memory_utilization;
        let weights = if lay.layer_split {
            s.weight_bytes() / lay.n
        } else {
            (s.dense_bytes + s.embedding_bytes) / lay.ta + s.routed_bytes / lay.n
        };
        let chunk = e.budget.min(context * 2.0);
        let activation = if e.static_memory {
            0.0
        } else {
            chunk * (4.0 * s.hidden + 2.0 * s.intermediate / lay.ta) * 2.0 + e.max_batch * s.vocab * e.logits_bytes
        };
        Memory {
            gpu_bytes: self.hw.memory_bytes,
            usable_bytes: usable,
            weights_bytes: weights,
            reserve_bytes: e.reserve_bytes,
            activation_bytes: activation,
            kv_cache_bytes: usable - weights - e.reserve_bytes - activation,
            kv_bytes_per_token: self.kv_seq_bytes(1.0),
        }
    }

    /// Sequences of `context` tokens the KV cache of the replica holds (all
    /// groups); 0 when not one fits.
    pub fn kv_batch(&self, memory: &Memory, context: f64) -> f64 {
        let per_seq = self.kv_seq_bytes(context);
        if memory.kv_cache_bytes <= 0.0 {
            return 0.0;
        }
        if per_seq <= 0.0 {
            return f64::INFINITY;
        }
        libm::floor(memory.kv_cache_bytes / per_seq) * self.layout.da
    }
}
