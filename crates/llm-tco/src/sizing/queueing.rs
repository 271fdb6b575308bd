//! Queueing: what users see when requests outnumber the batch an engine
//! holds, in closed form.
//!
//! **A closed loop of `c` users** (each sends its next request when its
//! last one ends: `--max-concurrency c`, trtllm-bench's concurrency) is two
//! stations in series: the prefill queue (one FIFO server, service `Dq` per
//! prompt) and decoding (a delay `Z = (out − 1) × TPOT`, decodes being
//! batched), with at most `b_cap` requests decoding at once. The asymptotic
//! bounds of this closed network (Denning and Buzen):
//!
//! ```text
//! X    = min(c / (D1 + Z), 1 / Dq, b_cap / (D1 + Z))     requests/s
//! TTFT = max(D1, c / X − Z)                              Little's law over the loop
//! TPOT = cycle(B, others = B − 1),  B = min(c, b_cap, X · Z)   (fixed point)
//! ```
//!
//! where `D1` is one prompt's prefill and first-token latency. Output
//! tokens/s are `X × out`; one user receives `out × X / c` tokens per
//! second over a whole request, so that times `c` never exceeds the
//! saturation throughput (`X` at `c ≥ b_cap`), and beyond the knee each
//! extra user adds `1 / X` of waiting to the first token.
//!
//! **A burst of `N` requests at once** (benchmarks at request rate inf):
//! `b = min(N, b_cap)` decode; the first wave's prompts fill `⌈b × in /
//! budget⌉` prefill steps; with variable (exponential) output lengths the
//! batch drains, and the decode makespan is `out × ∫₁ᵇ step(β) / β dβ`
//! (Simpson's rule in log β, 16 panels); later requests take freed slots at
//! `X = b / (out × cycle(b))`.

use super::step::{Server, Work};

/// The closed loop's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ClosedLoop {
    /// Requests per second.
    pub requests_per_s: f64,
    /// Time to first token, s.
    pub ttft_s: f64,
    /// Time per output token of one sequence, s.
    pub tpot_s: f64,
    /// Sequences decoding at once.
    pub decoding: f64,
}

/// A burst's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Burst {
    pub output_tokens_per_s: f64,
    pub ttft_s: f64,
    /// Time per output token, averaged over requests (each request's own
    /// mean first).
    pub tpot_s: f64,
    /// Time between two tokens, averaged over tokens.
    pub itl_s: f64,
}

/// ∫₁ⁿ f(b) / b db by Simpson's rule on u = ln b, 16 panels.
fn drain_integral(f: impl Fn(f64) -> f64, n: f64) -> f64 {
    if n <= 1.0 {
        return f(1.0);
    }
    let ln = libm::log(n);
    let m = 16;
    let mut acc = 0.0;
    for i in 0..=m {
        let u = f64::from(i) / f64::from(m);
        let weight = if i == 0 || i == m {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        acc += weight * f(libm::exp(u * ln));
    }
    acc * ln / (3.0 * f64::from(m))
}

/// The mean of f(b) for b uniform on [1, n] (Simpson's rule, 16 panels).
fn mean_over(f: impl Fn(f64) -> f64, n: f64) -> f64 {
    if n <= 1.0 {
        return f(1.0);
    }
    let m = 16;
    let mut acc = 0.0;
    for i in 0..=m {
        let weight = if i == 0 || i == m {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        acc += weight * f(1.0 + (n - 1.0) * f64::from(i) / f64::from(m));
    }
    acc / (3.0 * f64::from(m))
}

/// E[min(1, r / x)] for x ~ Exp(1): the mean share of a request's output
/// tokens spent in the first `r` mean lengths of steps, 1 − e^−r + r E1(r),
/// with the exponential integral E1 from its series (40 terms; 1 from r = 8
/// on, where the share is 1 to 5 digits).
fn exp_mean_share(r: f64) -> f64 {
    if r <= 0.0 {
        return 0.0;
    }
    if r >= 8.0 {
        return 1.0;
    }
    let mut term = 1.0;
    let mut acc = 0.0;
    for k in 1..=40 {
        let k = f64::from(k);
        term = term * (-r) / k;
        acc += term / k;
    }
    let e1 = -0.577_215_664_901_532_9 - libm::log(r) - acc;
    1.0 - libm::exp(-r) + r * e1
}

impl Server {
    /// A closed loop of `users` users with at most `b_cap` decoding.
    pub fn closed_loop(&self, users: f64, b_cap: f64, input: f64, output: f64, context: f64) -> ClosedLoop {
        let e = &self.engine;
        // A chunked-prefill step holds at most the token budget, decodes and
        // prompt tokens together: in steady state B decodes bring B × in / out
        // prompt tokens, so at most budget × out / (in + out) decode at once.
        let b_cap = if e.chunked_prefill {
            b_cap.min((e.budget * output / (input + output)).max(1.0))
        } else {
            b_cap
        };
        let mut decoding = users.min(b_cap);
        let mut x = 0.0;
        let mut tpot = 0.0;
        let mut d1 = 0.0;
        // The decoding batch B = X·Z is a fixed point: B sets the step time,
        // hence Z and X. The map is monotone and bounded; iterate until it
        // settles (at most 64 passes).
        for _ in 0..64 {
            decoding = decoding.max(1.0);
            let (latency, _) = self.prefill_service(input, decoding - 1.0, context);
            d1 = latency;
            tpot = self.cycle(decoding, input, output, context, decoding - 1.0).0;
            let z = (output - 1.0) * tpot;
            // The decode cycle already carries the prompts of arriving
            // requests; the frontend admits requests one after another.
            x = (users / (d1 + z))
                .min(b_cap / (d1 + z))
                .min(1.0 / e.request_overhead_s.max(1e-9));
            let next = (x * z).min(users.min(b_cap));
            let settled = (next.max(1.0) - decoding).abs() <= 1e-12 * decoding;
            decoding = next;
            if settled {
                break;
            }
        }
        let z = (output - 1.0) * tpot;
        ClosedLoop {
            requests_per_s: x,
            ttft_s: (users / x - z).max(d1),
            tpot_s: tpot,
            decoding,
        }
    }

    /// A benchmark run of `requests` requests by `users` users (a closed
    /// loop: each sends its next request when its last one ends; `users =
    /// requests` for a burst sent at once), with at most `b_cap` decoding
    /// and `b_admit` admitted (engines that admit by prompt size hold more
    /// than they decode, and share the decode slots by preemption).
    ///
    /// The first wave, `min(requests, users)` requests, arrives at once: its
    /// prompts fill the first steps, and what the engine cannot admit waits
    /// in its queue. Later requests take freed slots at the steady rate `X =
    /// b / (out × cycle(b))`; a closed loop holds them in the client, so
    /// their time to first token counts only the engine's own queue (the
    /// users beyond what it admits). The decode makespan drains the last
    /// batch (exponentially with variable output lengths).
    #[allow(clippy::too_many_arguments)]
    pub fn benchmark(
        &self,
        requests: f64,
        users: f64,
        b_cap: f64,
        input: f64,
        output: f64,
        context: f64,
        variable: bool,
        b_admit: f64,
    ) -> Burst {
        let e = &self.engine;
        let users = users.min(requests);
        let b = users.min(b_cap);
        let (n_pf, t_pf_step) = if e.chunked_prefill {
            let (t, _) = self.step(
                Work::decode(0.5 * b, context)
                    .with_prompt(e.budget, input, Some(e.budget / self.layout.da))
                    .prefill(),
            );
            (libm::ceil(b * input / e.budget), t)
        } else {
            (b, self.prefill_time(input, 0.0, context))
        };
        let t_pf1 = n_pf * t_pf_step;
        let decode = |batch: f64| self.step(Work::decode(batch, context).with_prompt(0.0, input, None)).0;
        let t_b = decode(b);
        let (drain, t_late) = if variable {
            (output * drain_integral(decode, b), decode(b * core::f64::consts::LN_2))
        } else {
            (output * t_b, t_b)
        };
        // Decodes ride along in the first wave's prefill steps: half on
        // average.
        let ride = (0.5 * n_pf).min(output);
        let share = if variable {
            exp_mean_share(ride / output)
        } else {
            ride / output
        };
        // The same share of the tokens, counted token by token: E[min(x, r)]
        // / E[x] = 1 − e^−r for exponential lengths.
        let token_share = if variable {
            1.0 - libm::exp(-ride / output)
        } else {
            ride / output
        };
        let (d1, _) = self.prefill_service(input, 0.0, context);
        let (steady, tpot, mut ttft, itl) = if requests > b {
            // Later requests take freed slots: steady state at b with the
            // prompts of arriving requests in the steps.
            let (cyc, _) = self.cycle(b, input, output, context, b);
            let x_steady = b / (output * cyc);
            let steady = (requests - b) / x_steady;
            let active = users.min(b_admit).max(b);
            let stretch = active / b;
            let t_first = share * t_pf_step + (1.0 - share) * cyc * stretch;
            let tpot = (b * t_first + (requests - b) * cyc * stretch) / requests;
            let queued = users - active;
            let n_admit = if e.chunked_prefill {
                libm::ceil(active * input / e.budget)
            } else {
                active
            };
            let t_pfa = n_admit * t_pf_step;
            let first = active * 0.5 * t_pfa + queued * (t_pfa + 0.5 * queued / x_steady);
            // Later requests (a closed loop's): the engine's queue ahead of
            // them, and a prefill beside b − 1 running sequences.
            let later = requests - users;
            let busy = self.prefill_service(input, b - 1.0, context).0;
            let later_wait = later * ((busy - d1).max(0.0) + queued / x_steady);
            let ttft = d1 + (first + later_wait) / requests;
            // Token by token, a preempted request's wait shows once, at the
            // token after it resumes: the gaps are the steps.
            let itl = (b * (token_share * t_pf_step + (1.0 - token_share) * cyc) + (requests - b) * cyc) / requests;
            (steady, tpot, ttft, itl)
        } else {
            // Draining exponential lengths decode as many tokens at every
            // batch size from b down to 1: the token-weighted step is the
            // step's mean over that range.
            let t_tokens = if variable { mean_over(decode, b) } else { t_b };
            (
                0.0,
                share * t_pf_step + (1.0 - share) * t_late,
                d1 + 0.5 * t_pf1,
                token_share * t_pf_step + (1.0 - token_share) * t_tokens,
            )
        };
        let admit = requests * e.request_overhead_s;
        let makespan = (t_pf1 + steady + drain - ride * t_b)
            .max(t_pf1.max(steady + drain))
            .max(admit);
        ttft += 0.5 * users * e.request_overhead_s * users / requests;
        Burst {
            output_tokens_per_s: requests * output / makespan,
            ttft_s: ttft,
            tpot_s: tpot,
            itl_s: itl,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drain_integral_is_exact_for_a_constant_step() {
        // ∫₁ⁿ c / b db = c ln n.
        let v = drain_integral(|_| 2.0, 100.0);
        assert!((v - 2.0 * libm::log(100.0)).abs() < 1e-12, "{v}");
    }

    #[test]
    fn the_share_of_an_exponential_length_grows_to_one() {
        // r E1(r) + 1 − e^−r at r = 1: E1(1) = 0.219383934...
        let v = exp_mean_share(1.0);
        assert!(
            (v - (1.0 - libm::exp(-1.0) + 0.219_383_934_395_520_3)).abs() < 1e-9,
            "{v}"
        );
        assert_eq!(exp_mean_share(0.0), 0.0);
        assert_eq!(exp_mean_share(9.0), 1.0);
        assert!(exp_mean_share(0.1) < exp_mean_share(0.5));
    }
}
