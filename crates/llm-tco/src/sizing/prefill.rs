//! Prefill: one prompt's time, the prefill queue's service time, and the
//! decode cycle with the prompts of arriving requests riding along.
//!
//! With chunked prefill a prompt of `in` tokens rides in `m = ⌈in / budget⌉`
//! steps of `in / m` prompt tokens each, on one attention group, while the
//! running sequences decode. Without it (llama.cpp) the decodes stall and
//! each micro-batch streams the weights; an engine that dequantizes for
//! prefill (llama.cpp's 2024 cuBLAS path) also writes and reads a 16-bit
//! copy of quantized weights per micro-batch.
//!
//! In steady state `b` running sequences see `b × in / out` prompt tokens
//! per output step; prompts come in groups of `g = min(budget, max(in, b ×
//! in / out))` tokens, so
//!
//! ```text
//! cycle(b) = step(b, 0) + (b · in / out) / g · [step(b, g) − step(b, 0)]
//! ```
//!
//! — a short prompt hidden in the slack of a memory-bound step costs
//! nothing, and a long one stalls the decodes for its compute time.

use super::step::{Server, StepBound, Work};

impl Server {
    /// Seconds to prefill one prompt of `len` tokens while `running`
    /// sequences decode at `context` (in chunks mixed with their decode
    /// steps when the engine chunks prefill; without chunking the decodes
    /// wait, so it is also the time the prompt adds to them).
    pub fn prefill_time(&self, len: f64, running: f64, context: f64) -> f64 {
        let e = &self.engine;
        let chunks = libm::ceil(len / e.budget).max(1.0);
        let per = len / chunks;
        if e.chunked_prefill {
            let (with, _) = self.step(
                Work::decode(running, context)
                    .with_prompt(per, len, Some(per))
                    .prefill(),
            );
            return chunks * with;
        }
        let (one, _) = self.step(Work::decode(0.0, context).with_prompt(per, len, Some(per)).prefill());
        let mut t = chunks * one;
        if e.dequantize_for_prefill && !self.shape.sixteen_bit && per > 32.0 {
            t += chunks * self.dequantize_s();
        }
        t
    }

    /// Writing and reading a 16-bit copy of the linear layers, once.
    pub fn dequantize_s(&self) -> f64 {
        let split = if self.layout.layer_split { 1.0 } else { self.layout.ta };
        let copy = self.shape.linear_params() * 2.0 / split;
        2.0 * copy / (self.hw.bandwidth * self.engine.bandwidth)
    }

    /// Seconds per output step of `batch` running sequences in steady
    /// state, with the prompts of `others × in / out` arriving tokens
    /// (`others` = `batch` for the system, `batch − 1` for one sequence's
    /// time per output token).
    pub fn cycle(&self, batch: f64, input: f64, output: f64, context: f64, others: f64) -> (f64, StepBound) {
        let arrivals = others * input / output;
        let (t0, bound) = self.step(Work::decode(batch, context).with_prompt(0.0, input, None));
        if arrivals <= 0.0 {
            return (t0, bound);
        }
        let e = &self.engine;
        if !e.chunked_prefill {
            let stall = self.prefill_time(input, batch, context);
            return (t0 + arrivals / input * stall, bound);
        }
        let g = input.max(arrivals).min(e.budget);
        // One prompt sits on one group.
        let spread = g / self.layout.da;
        let group = if g <= input { g.max(spread) } else { spread };
        let (tg, bound) = self.step(Work::decode(batch, context).with_prompt(g, input, Some(group)));
        (t0 + arrivals / g * (tg - t0), bound)
    }

    /// The prefill queue: (latency of one prompt's prefill with `decoding`
    /// sequences running, first-token latency included; GPU time per prompt
    /// when prompts queue and share prefill steps of one full budget, at
    /// least the serial admission cost).
    pub fn prefill_service(&self, input: f64, decoding: f64, context: f64) -> (f64, f64) {
        let e = &self.engine;
        let t = self.prefill_time(input, decoding, context);
        // A request that arrives while other sequences decode waits for the
        // step under way to end: half a step on average.
        let residual = if decoding >= 1.0 {
            0.5 * self.step(Work::decode(decoding, context)).0
        } else {
            0.0
        };
        let latency = t + e.request_latency_s + residual;
        let per = if e.chunked_prefill && input < e.budget {
            let (full, _) = self.step(
                Work::decode(decoding, context)
                    .with_prompt(e.budget, input, Some(e.budget / self.layout.da))
                    .prefill(),
            );
            full * input / e.budget
        } else {
            // Data-parallel groups prefill different prompts at once.
            latency / self.layout.da
        };
        (latency, per.max(e.request_overhead_s))
    }
}
