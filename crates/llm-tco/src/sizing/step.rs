//! One engine step: `b` sequences decode one token each at mean context
//! `L` while `p` prompt tokens are prefilled, on every GPU of the replica
//! at once.
//!
//! Per GPU (`b_g = b / da` sequences and `p_g` prompt tokens on its
//! attention group, `b + p` tokens through the experts):
//!
//! ```text
//! touched = 1 − (1 − k/E)^(b + p)                    experts the tokens hit
//! t_mem   = W_dense / (BW · e_bw · e4_d) + W_exp · touched / (BW · e_bw · e_moe · e4_e)
//!           + b_g · attended(L) · kv_layer · shard / (BW · e_kv)
//! t_comp  = F_dense / (P_d · e_c · e4_d) + F_exp / (P_e · e_c · e_moe · e4_e) + F_attn / (P16 · e_c)
//! step    = max(t_mem, t_comp) + t_comm + step_overhead + b_g · per_sequence      (synchronous)
//!         = max(max(t_mem, t_comp) + t_comm, b_g · per_sequence) + step_overhead  (async scheduling)
//! ```
//!
//! `e_moe = moe_efficiency × w / (w + w0)` with `w` one GPU's slice of an
//! expert's FFN width; `e4` the weight-only efficiency of formats below 8
//! bits that are dequantized in the GEMM; `P` the dense tensor peak of
//! each part's data type. Communication: two all-reduces per layer inside
//! the attention tensor-parallel group; with data-parallel attention, an
//! all-to-all dispatch (FP8) and combine (BF16) per MoE layer under expert
//! parallelism, or an all-gather and reduce-scatter with tensor-parallel
//! experts; a layer split hands each token's hidden state from GPU to GPU.
//! Over PCIe each collective pays about 6 µs of latency per peer (NCCL's
//! ring; vLLM's custom all-reduce needs NVLink beyond two GPUs).
//! Beyond one link domain the off-node share of the bytes goes at the NIC's
//! rate.

use super::engine::Engine;
use super::hardware::{Hardware, NIC_BYTES_PER_S, PCIE_COLLECTIVE_S_PER_PEER};
use super::layout::Layout;
use super::shape::Shape;
use crate::spec::catalog::Fp4Compute;
use crate::spec::formats::MatmulType;
use serde::Serialize;

/// What limits a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepBound {
    /// Reading weights and KV cache from memory.
    MemoryBandwidth,
    /// Arithmetic.
    Compute,
}

/// A model, a GPU, an engine and a layout together: what every time below
/// is computed for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Server {
    pub shape: Shape,
    pub hw: Hardware,
    pub layout: Layout,
    pub engine: Engine,
}

/// One step's work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Work {
    /// Sequences decoding, all groups.
    pub batch: f64,
    /// Their mean context.
    pub context: f64,
    /// Prompt tokens prefilled, all groups.
    pub prompt: f64,
    /// Length of the prompts they come from.
    pub prompt_len: f64,
    /// Prompt tokens on the busiest attention group (`prompt / da` when
    /// `None`).
    pub prompt_group: Option<f64>,
    /// Whether the step is a prefill pass (prefill efficiency).
    pub prefill_pass: bool,
}

impl Work {
    /// A decode step of `batch` sequences at `context`.
    pub fn decode(batch: f64, context: f64) -> Work {
        Work {
            batch,
            context,
            prompt: 0.0,
            prompt_len: 0.0,
            prompt_group: None,
            prefill_pass: false,
        }
    }

    /// This step with `prompt` tokens of prompts of `prompt_len` riding
    /// along, `group` of them on the busiest group.
    pub fn with_prompt(self, prompt: f64, prompt_len: f64, group: Option<f64>) -> Work {
        Work {
            prompt,
            prompt_len,
            prompt_group: group,
            ..self
        }
    }

    /// This step as a prefill pass.
    pub fn prefill(self) -> Work {
        Work {
            prefill_pass: true,
            ..self
        }
    }
}

impl Server {
    /// Multiplier of weight-only formats below 8 bits (dequantization in
    /// the GEMM): AWQ, GPTQ, GGUF, and FP4 where it is not multiplied on FP4
    /// or FP8 tensor cores.
    fn weight_only(&self, kind: MatmulType, bits: f64) -> f64 {
        let dequantized = match kind {
            MatmulType::WeightOnly => true,
            MatmulType::Fp4 => self.hw.dequantizes_fp4() || self.engine.fp4 == Fp4Compute::WeightOnly,
            _ => false,
        };
        if bits < 8.0 && dequantized {
            self.engine.w4
        } else {
            1.0
        }
    }

    fn peak(&self, kind: MatmulType) -> f64 {
        self.hw.peak(kind, self.engine.fp16_accumulate, self.engine.fp4)
    }

    /// KV bytes of one sequence of `context` tokens on one GPU of its
    /// group.
    pub fn kv_seq_bytes(&self, context: f64) -> f64 {
        let s = &self.shape;
        let bytes = s.attended(context) * s.kv_layer_bytes;
        if self.layout.layer_split {
            return bytes / self.layout.n;
        }
        if s.kv_heads == 0.0 {
            return bytes;
        }
        bytes * libm::ceil(s.kv_heads / self.layout.ta) / s.kv_heads
    }

    /// Seconds of one step, and what bounds it.
    pub fn step(&self, w: Work) -> (f64, StepBound) {
        let s = &self.shape;
        let e = &self.engine;
        let lay = &self.layout;
        let bg = w.batch / lay.da;
        let pg = w.prompt_group.unwrap_or(w.prompt / lay.da);
        let tokens = w.batch + w.prompt;
        let bw = self.hw.bandwidth;
        let e_c = if w.prefill_pass { e.prefill } else { e.compute };
        let touched = s.touched(tokens);
        let (w_dense, w_exp, split) = if lay.layer_split {
            (s.dense_bytes + s.lm_head_bytes, s.routed_bytes * touched, 1.0)
        } else {
            (
                (s.dense_bytes + s.lm_head_bytes) / lay.ta,
                s.routed_bytes * touched / lay.n,
                lay.ta,
            )
        };
        let mut kv = bg * s.attended(w.context) * s.kv_layer_bytes;
        if !lay.layer_split && s.kv_heads > 0.0 {
            kv = kv * libm::ceil(s.kv_heads / lay.ta) / s.kv_heads;
        }
        let e_wd = self.weight_only(s.dense_matmul, s.dense_bits);
        let mut e_moe = e.moe;
        if s.is_moe() {
            let te = if lay.layer_split { 1.0 } else { lay.n / lay.ep };
            let width = s.expert_width / te;
            e_moe = e_moe * width / (width + e.expert_width_half);
        }
        let e_we = self.weight_only(s.expert_matmul, s.expert_bits);
        let mut t_mem = w_dense / (bw * e.bandwidth * e_wd) + kv / (bw * e.kv_bandwidth);
        if s.is_moe() {
            t_mem += w_exp / (bw * e.bandwidth * e_moe * e_we);
        }
        let p16 = self.peak(MatmulType::Sixteen);
        let f_dense = 2.0 * s.dense * (bg + pg) / split + 2.0 * s.lm_head * bg / split;
        let f_attn = (bg * s.attention_decode * s.attended(w.context)
            + pg * s.attention_prefill * s.attended(w.prompt_len / 2.0))
            / split;
        let mut t_comp = f_dense / (self.peak(s.dense_matmul) * e_c * e_wd) + f_attn / (p16 * e_c);
        if s.is_moe() {
            let f_exp = 2.0 * s.top_k * s.per_expert * tokens / if lay.layer_split { 1.0 } else { lay.n };
            t_comp += f_exp / (self.peak(s.expert_matmul) * e_c * e_moe * e_we);
        }
        let bound = if t_mem >= t_comp {
            StepBound::MemoryBandwidth
        } else {
            StepBound::Compute
        };
        let t_gpu = t_mem.max(t_comp);
        let t_comm = self.comm(bg + pg, tokens);
        let t_dev = if lay.overlap { t_gpu.max(t_comm) } else { t_gpu + t_comm };
        let per_seq = bg * e.per_sequence_s;
        if e.async_scheduling {
            (t_dev.max(per_seq) + e.step_s, bound)
        } else {
            (t_dev + e.step_s + per_seq, bound)
        }
    }

    /// Seconds to move `bytes` out of one GPU to the others of a group of
    /// `n`: the link inside a server, the NIC beyond it.
    fn link_time(&self, n: f64, bytes: f64) -> f64 {
        let node = self.layout.node;
        if n <= node {
            return bytes / self.hw.link;
        }
        let inside = (node - 1.0) / (n - 1.0);
        bytes * inside / self.hw.link + bytes * (1.0 - inside) / NIC_BYTES_PER_S
    }

    /// Communication of one step with `tokens_group` tokens on the busiest
    /// attention group and `tokens_all` in all.
    fn comm(&self, tokens_group: f64, tokens_all: f64) -> f64 {
        let lay = &self.layout;
        let s = &self.shape;
        if lay.n <= 1.0 {
            return 0.0;
        }
        let h = s.hidden;
        if lay.layer_split {
            let lat = self.engine.collective_latency_s;
            return (lay.n - 1.0) * (lat + tokens_all * h * 2.0 / self.hw.link);
        }
        // Over PCIe a collective pays a hop of latency per peer.
        let lat_of = |peers: f64| {
            if self.hw.pcie {
                self.engine.collective_latency_s.max(PCIE_COLLECTIVE_S_PER_PEER * peers)
            } else {
                self.engine.collective_latency_s
            }
        };
        let mut t = 0.0;
        if lay.ta > 1.0 {
            // Two ring all-reduces per layer inside the attention group.
            let bytes = 2.0 * (lay.ta - 1.0) / lay.ta * tokens_group * h * 2.0;
            t += 2.0 * s.layers * (lat_of(lay.ta - 1.0) + self.link_time(lay.ta, bytes));
        }
        if lay.da > 1.0 && s.is_moe() {
            let n = lay.n;
            if lay.ep > 1.0 {
                // All-to-all dispatch (FP8, 1 byte) and combine (BF16, 2
                // bytes) of each token's copies per MoE layer.
                let mut copies = s.top_k;
                if s.group_limit > 0.0 && n > lay.node && s.group_limit < copies {
                    copies = s.group_limit;
                }
                let bytes = tokens_group * copies * h * (1.0 + 2.0) * (n - 1.0) / n;
                t += s.layers * (2.0 * lat_of(n - 1.0) + self.link_time(n, bytes));
            } else {
                // Tensor-parallel experts behind data-parallel attention:
                // all-gather and reduce-scatter of every token per MoE layer.
                let bytes = 2.0 * (n - 1.0) / n * tokens_all * h * 2.0;
                t += s.layers * (2.0 * lat_of(n - 1.0) + self.link_time(n, bytes));
            }
        }
        t
    }
}
