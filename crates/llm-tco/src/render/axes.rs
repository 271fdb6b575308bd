//! The charts' axes: round tick values on log and linear scales, and the
//! grid, ticks, labels and titles drawn straight onto a plotters drawing
//! area (plotters' mesh formats its labels itself; these are labelled by
//! the charts' own formatters).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Blank margin around the chart, pixels.
pub const MARGIN_PX: u32 = 12;

/// The charts' one font family.
const SANS_SERIF: FontFamily<'static> = FontFamily::SansSerif;

/// One axis of a plot, in pixels: labelled positions (each with a bold grid
/// line, a tick mark and its text), light grid lines between them, and the
/// axis title.
pub struct Axis {
    /// Pixel and text of each labelled position.
    pub ticks: Vec<(i32, String)>,
    /// Pixels of the light grid lines.
    pub light: Vec<i32>,
    /// Draw grid lines across the plot (false: ticks and labels only).
    pub grid: bool,
    /// Axis title.
    pub title: String,
}

impl Axis {
    /// A gridded axis from its `(labelled, light)` values, placed by
    /// `px` and labelled by `label`.
    pub fn new(
        (labelled, light): (Vec<f64>, Vec<f64>),
        px: impl Fn(f64) -> i32,
        label: impl Fn(f64) -> String,
        title: &str,
    ) -> Axis {
        Axis {
            ticks: labelled.into_iter().map(|v| (px(v), label(v))).collect(),
            light: light.into_iter().map(&px).collect(),
            grid: true,
            title: title.to_string(),
        }
    }
}

/// Labelled and light values of a log axis over `lo..=hi` (both above 0):
/// each power of ten labelled, the multiples 2 to 9 of each light; over
/// fewer than two decades, 2 and 5 times each power of ten labelled too.
pub fn log_ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let (mut labelled, mut light) = (Vec::new(), Vec::new());
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return (labelled, light);
    }
    let few = hi / lo < 100.0;
    let first = libm::floor(libm::log10(lo)) as i32;
    let last = libm::ceil(libm::log10(hi)) as i32;
    for k in first..=last {
        for m in 1..=9 {
            let v = times_power_of_ten(f64::from(m), k);
            if v < lo || v > hi {
                continue;
            }
            if m == 1 || (few && (m == 2 || m == 5)) {
                labelled.push(v);
            } else {
                light.push(v);
            }
        }
    }
    (labelled, light)
}

/// `n × 10^k` for a whole `n`, the float nearest the exact value for
/// |k| ≤ 22 (0.7, not 7 × 0.1 = 0.7000000000000001).
fn times_power_of_ten(n: f64, k: i32) -> f64 {
    if k < 0 {
        n / libm::pow(10.0, f64::from(-k))
    } else {
        n * libm::pow(10.0, f64::from(k))
    }
}

/// Labelled and light values of a linear axis over `lo..=hi`: multiples of
/// the smallest step of 1, 2 or 5 times a power of ten that labels at most
/// ten of them, with a light line halfway between.
pub fn linear_ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let (mut labelled, mut light) = (Vec::new(), Vec::new());
    if !(hi > lo && (hi - lo).is_finite()) {
        return (labelled, light);
    }
    let k = libm::floor(libm::log10((hi - lo) / 10.0)) as i32;
    // Half a step is 5 × m × 10^(k − 1), m the step's 1, 2, 5 or 10.
    let m = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|m| (hi - lo) / times_power_of_ten(*m, k) <= 10.0)
        .unwrap_or(10.0);
    let half = times_power_of_ten(5.0 * m, k - 1);
    // A range too narrow for a float step (subnormal): no ticks, rather
    // than a division by zero's endless range.
    if !(half > 0.0 && half.is_finite()) {
        return (labelled, light);
    }
    let first = libm::ceil(lo / half) as i64;
    let last = libm::floor(hi / half) as i64;
    for i in first..=last {
        let v = times_power_of_ten(i as f64 * 5.0 * m, k - 1);
        if v < lo || v > hi {
            continue;
        }
        if i % 2 == 0 {
            labelled.push(v);
        } else {
            light.push(v);
        }
    }
    (labelled, light)
}

/// Draws the axes of the plot at pixel box `plot` on `area`: light then
/// bold grid lines, the axis lines, tick marks and labels (12 px), and the
/// titles (the vertical one turned to read upwards).
pub fn draw_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: (std::ops::Range<i32>, std::ops::Range<i32>),
    x: &Axis,
    y: &Axis,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (left, right) = (plot.0.start, plot.0.end - 1);
    let (top, bottom) = (plot.1.start, plot.1.end - 1);
    let light: ShapeStyle = RGBColor(235, 235, 235).into();
    let bold: ShapeStyle = BLACK.mix(0.2).into();
    let line =
        |from: (i32, i32), to: (i32, i32), style: ShapeStyle| area.draw(&PathElement::new(vec![from, to], style));
    // Grid lines across the plot, every light one under every bold one.
    if x.grid {
        for &px in &x.light {
            line((px, bottom), (px, top), light)?;
        }
    }
    if y.grid {
        for &px in &y.light {
            line((left, px), (right, px), light)?;
        }
    }
    if x.grid {
        for &(px, _) in &x.ticks {
            line((px, bottom), (px, top), bold)?;
        }
    }
    if y.grid {
        for &(px, _) in &y.ticks {
            line((left, px), (right, px), bold)?;
        }
    }
    let black: ShapeStyle = BLACK.into();
    let label = |h: HPos, v: VPos| (SANS_SERIF, 12).into_font().color(&BLACK).pos(Pos::new(h, v));
    line((left - 1, top), (left - 1, bottom), black)?;
    for (px, text) in &y.ticks {
        line((left - 6, *px), (left - 1, *px), black)?;
        area.draw(&Text::new(
            text.clone(),
            (left - 10, *px),
            label(HPos::Right, VPos::Center),
        ))?;
    }
    line((left, bottom + 1), (right, bottom + 1), black)?;
    for (px, text) in &x.ticks {
        line((*px, bottom + 1), (*px, bottom + 6), black)?;
        area.draw(&Text::new(
            text.clone(),
            (*px, bottom + 11),
            label(HPos::Center, VPos::Top),
        ))?;
    }
    let height = area.dim_in_pixel().1 as i32;
    let margin = MARGIN_PX as i32;
    if !x.title.is_empty() {
        area.draw(&Text::new(
            x.title.clone(),
            ((left + right + 1) / 2, height - margin),
            label(HPos::Center, VPos::Bottom),
        ))?;
    }
    if !y.title.is_empty() {
        area.draw(&Text::new(
            y.title.clone(),
            (margin, (top + bottom + 1) / 2),
            label(HPos::Center, VPos::Top).transform(FontTransform::Rotate270),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{linear_ticks, log_ticks};

    #[test]
    fn a_log_axis_labels_each_power_of_ten_and_lines_the_multiples() {
        let (labelled, light) = log_ticks(1e5, 1e11);
        assert_eq!(labelled, [1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11]);
        assert_eq!(light.len(), 6 * 8);
        assert!(light.iter().all(|v| (1e5..1e11).contains(v)));
        // A bound between powers: only what lies inside.
        let (labelled, light) = log_ticks(0.67, 3.2e3);
        assert_eq!(labelled, [1.0, 10.0, 100.0, 1000.0]);
        assert_eq!(light.first(), Some(&0.7));
        assert_eq!(light.last(), Some(&3000.0));
        // Under two decades, 2 and 5 are labelled as well.
        let (labelled, _) = log_ticks(3.0, 120.0);
        assert_eq!(labelled, [5.0, 10.0, 20.0, 50.0, 100.0]);
        assert_eq!(log_ticks(0.0, 10.0), (vec![], vec![]));
        assert_eq!(log_ticks(10.0, 10.0), (vec![], vec![]));
    }

    #[test]
    fn a_linear_axis_labels_at_most_ten_round_steps() {
        let (labelled, light) = linear_ticks(-7100.0, -3800.0);
        assert_eq!(
            labelled,
            [-7000.0, -6500.0, -6000.0, -5500.0, -5000.0, -4500.0, -4000.0]
        );
        assert_eq!(light, [-6750.0, -6250.0, -5750.0, -5250.0, -4750.0, -4250.0]);
        let (labelled, _) = linear_ticks(0.0, 1.0);
        assert_eq!(labelled.len(), 11);
        assert_eq!(labelled[3], 0.3);
        let (labelled, _) = linear_ticks(-1.0, 1.0);
        assert_eq!(labelled, [-1.0, -0.8, -0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        for (lo, hi) in [(0.0, 7.0), (-3.3, 123.4), (1e6, 2.5e6), (-12.0, -11.5)] {
            let (labelled, _) = linear_ticks(lo, hi);
            assert!((2..=11).contains(&labelled.len()), "{lo}..{hi}: {labelled:?}");
            assert!(
                labelled.iter().all(|v| (lo..=hi).contains(v)),
                "{lo}..{hi}: {labelled:?}"
            );
        }
        assert_eq!(linear_ticks(1.0, 1.0), (vec![], vec![]));
        // Degenerate ranges: nothing, quickly (no endless or NaN ticks).
        assert_eq!(linear_ticks(0.0, 1e-320), (vec![], vec![]));
        assert_eq!(linear_ticks(-f64::MAX, f64::MAX), (vec![], vec![]));
        assert_eq!(linear_ticks(f64::NAN, 1.0), (vec![], vec![]));
        let (labelled, _) = log_ticks(5e-324, f64::MAX);
        assert!(labelled.len() > 600 && labelled.iter().all(|v| v.is_finite() && *v > 0.0));
    }
}
