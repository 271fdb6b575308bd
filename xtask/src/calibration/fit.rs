//! The fit: each group of profiles' factors by Nelder–Mead on the squared
//! log error of its rows, with weak priors and a hinge at 1.8x, from a
//! fixed start with a fixed number of iterations (the same result every
//! run); and leave-one-source-out refits for the held-out error bands.

use super::profiles::{Factor, FitGroup};
use llm_tco::sizing::calibration::{band, predict_with, ratio};
use llm_tco::spec::calibration::{CalibrationRow, ErrorBand, MetricGroup};
use llm_tco::spec::catalog::EngineProfile;
use llm_tco::Catalog;

/// Pull of each factor toward its prior (in search coordinates): small
/// against the data (one row 10% off costs 0.009).
const PRIOR_WEIGHT: f64 = 0.01;
/// Extra pull on rows beyond 1.8x: the targets allow no row past 2x.
const HINGE_WEIGHT: f64 = 4.0;
const HINGE_RATIO: f64 = 1.8;
/// The cost of a row the model cannot price (it does not fit).
const UNPRICED: f64 = 25.0;

/// One fitted slot: a factor and the profiles that take its value.
#[derive(Debug, Clone)]
struct Slot {
    factor: Factor,
    profiles: Vec<&'static str>,
}

fn slots(group: &FitGroup) -> Vec<Slot> {
    let mut out: Vec<Slot> = group
        .shared
        .iter()
        .map(|(f, p)| Slot {
            factor: *f,
            profiles: p.to_vec(),
        })
        .collect();
    for p in group.profiles {
        for (q, factors) in group.fit {
            if q != p {
                continue;
            }
            for f in *factors {
                let shared = group.shared.iter().any(|(g, ps)| g == f && ps.contains(p));
                if !shared {
                    out.push(Slot {
                        factor: *f,
                        profiles: vec![*p],
                    });
                }
            }
        }
    }
    out
}

fn apply(bases: &[EngineProfile], slots: &[Slot], x: &[f64]) -> Vec<EngineProfile> {
    let mut out = bases.to_vec();
    for (slot, xi) in slots.iter().zip(x) {
        for e in out.iter_mut().filter(|e| slot.profiles.contains(&e.id.as_str())) {
            slot.factor.set(e, slot.factor.value(*xi));
        }
    }
    out
}

/// Weighted squared log error of `engines` on `rows`, with the hinge.
pub fn row_loss(rows: &[&CalibrationRow], catalog: &Catalog, engines: &[EngineProfile]) -> f64 {
    let hinge = libm::log(HINGE_RATIO);
    let mut total = 0.0;
    for r in rows {
        let Some(engine) = engines.iter().find(|e| e.id == r.engine) else {
            continue;
        };
        match predict_with(r, catalog, engine) {
            Ok(p) => {
                let e = libm::log(ratio(r, p));
                total += r.weight * e * e;
                let a = e.abs();
                if a > hinge {
                    total += r.weight * HINGE_WEIGHT * (a - hinge) * (a - hinge);
                }
            }
            Err(_) => total += r.weight * UNPRICED,
        }
    }
    total
}

/// Nelder–Mead from a simplex of unit steps around `x0`, `iters`
/// iterations; points sorted by a stable sort, so ties keep their order.
fn minimize(f: &dyn Fn(&[f64]) -> f64, x0: &[f64], iters: usize) -> (Vec<f64>, f64) {
    let n = x0.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut x = x0.to_vec();
            if i > 0 {
                x[i - 1] += 1.0;
            }
            let fx = f(&x);
            (x, fx)
        })
        .collect();
    for _ in 0..iters {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let centroid: Vec<f64> = (0..n)
            .map(|d| simplex[..n].iter().map(|p| p.0[d]).sum::<f64>() / n as f64)
            .collect();
        let worst = simplex[n].clone();
        let along = |t: f64| -> Vec<f64> { (0..n).map(|d| centroid[d] + t * (worst.0[d] - centroid[d])).collect() };
        let reflected = along(-1.0);
        let fr = f(&reflected);
        if fr < simplex[0].1 {
            let expanded = along(-2.0);
            let fe = f(&expanded);
            simplex[n] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = along(0.5);
            let fc = f(&contracted);
            if fc < worst.1 {
                simplex[n] = (contracted, fc);
            } else {
                let best = simplex[0].0.clone();
                for p in simplex.iter_mut().skip(1) {
                    p.0 = (0..n).map(|d| best[d] + 0.5 * (p.0[d] - best[d])).collect();
                    p.1 = f(&p.0);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, v) = simplex.swap_remove(0);
    (x, v)
}

/// Three significant digits: the fit does not know them better.
pub fn round3(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = libm::pow(10.0, 2.0 - libm::floor(libm::log10(v.abs())));
    libm::floor(v * scale + 0.5) / scale
}

/// How long a fit searches: restarts from the best point, iterations per
/// fitted factor.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    pub rounds: usize,
    pub iterations_per_factor: usize,
}

/// The full fit.
pub const FULL: Effort = Effort {
    rounds: 3,
    iterations_per_factor: 150,
};
/// A leave-one-source-out refit.
pub const HELD_OUT: Effort = Effort {
    rounds: 2,
    iterations_per_factor: 100,
};

/// Fits `group` on `rows` (its own, excluded ones left out) from `bases`;
/// returns the group's profiles with rounded factors.
pub fn fit_group(
    group: &FitGroup,
    rows: &[&CalibrationRow],
    catalog: &Catalog,
    bases: &[EngineProfile],
    effort: Effort,
) -> Vec<EngineProfile> {
    let mine: Vec<EngineProfile> = bases
        .iter()
        .filter(|e| group.profiles.contains(&e.id.as_str()))
        .cloned()
        .collect();
    let own: Vec<&CalibrationRow> = rows
        .iter()
        .copied()
        .filter(|r| r.excluded.is_none() && group.profiles.contains(&r.engine.as_str()))
        .collect();
    let slots = slots(group);
    let prior: Vec<f64> = slots.iter().map(|s| s.factor.coordinate(s.factor.prior())).collect();
    let x0: Vec<f64> = slots
        .iter()
        .map(|s| {
            let e = mine.iter().find(|e| e.id == s.profiles[0]);
            s.factor.coordinate(e.map_or(s.factor.prior(), |e| s.factor.get(e)))
        })
        .collect();
    let f = |x: &[f64]| -> f64 {
        let pull: f64 = x.iter().zip(&prior).map(|(a, b)| (a - b) * (a - b)).sum();
        row_loss(&own, catalog, &apply(&mine, &slots, x)) + PRIOR_WEIGHT * pull
    };
    let mut x = x0;
    for _ in 0..effort.rounds {
        x = minimize(&f, &x, effort.iterations_per_factor * slots.len()).0;
    }
    let mut fitted = apply(&mine, &slots, &x);
    for e in &mut fitted {
        for factor in super::profiles::FACTORS {
            factor.set(e, round3(factor.get(e)));
        }
    }
    fitted
}

/// Ratios of each metric group of `engine`'s rows.
pub fn ratios_by_group(
    rows: &[&CalibrationRow],
    catalog: &Catalog,
    engine: &EngineProfile,
) -> Vec<(MetricGroup, Vec<f64>)> {
    let mut out: Vec<(MetricGroup, Vec<f64>)> = Vec::new();
    for r in rows.iter().filter(|r| r.excluded.is_none() && r.engine == engine.id) {
        let q = predict_with(r, catalog, engine).map_or(1e-9, |p| ratio(r, p));
        let g = r.metric.group();
        match out.iter_mut().find(|(h, _)| *h == g) {
            Some((_, v)) => v.push(q),
            None => out.push((g, vec![q])),
        }
    }
    out.sort_by_key(|(g, _)| *g);
    out
}

/// Bands of each metric group.
pub fn bands_of(groups: &[(MetricGroup, Vec<f64>)]) -> Vec<(MetricGroup, ErrorBand)> {
    groups.iter().map(|(g, r)| (*g, band(r))).collect()
}

/// Runs `jobs` on up to `threads` threads; results in job order.
pub fn parallel<T: Send, R: Send>(jobs: Vec<T>, threads: usize, run: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = jobs.len();
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate().collect::<Vec<_>>());
    let results = std::sync::Mutex::new((0..n).map(|_| None).collect::<Vec<Option<R>>>());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| loop {
                let job = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                let Some((i, job)) = job else { break };
                let r = run(job);
                if let Ok(mut out) = results.lock() {
                    out[i] = Some(r);
                }
            });
        }
    });
    results.into_inner().unwrap_or_default().into_iter().flatten().collect()
}
