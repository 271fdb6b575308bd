//! The break-even chart: monthly cost against tokens per day, log-log, one
//! curve per option, crossings marked, the scenario's volume as a vertical
//! line. Drawing is a plain function over any plotters backend: the CLI
//! and the tests render SVG to a string, the web page draws the same chart.

use crate::analysis::report::{OptionType, Report};
use crate::model::curve::CostCurve;
pub use crate::render::axes::MARGIN_PX;
use crate::render::axes::{draw_axes, linear_ticks, log_ticks, Axis};
use crate::render::text::{human_tokens, money_label, Currency};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;

/// The charts' font.
const SANS_SERIF: FontFamily<'static> = FontFamily::SansSerif;

/// Most step corners drawn per staircase; above it the sampled points are
/// drawn instead.
pub const MAX_DRAWN_STEPS: u64 = 2_000;

/// One curve to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    /// Legend label (shown as text, never markup).
    pub name: String,
    /// True for a self-hosted option (drawn thicker).
    pub self_hosted: bool,
    /// True when a constraint of the scenario rules the option out: drawn
    /// dimmed, and named so in the legend.
    pub ruled_out: bool,
    /// Its colour's index into [`PALETTE`] (its option's place in the
    /// report), kept when other curves are hidden.
    pub palette_index: usize,
    /// Points `(tokens_per_day, usd_per_month)` in volume order; a gap
    /// where the option cannot serve.
    pub points: Vec<Option<(f64, f64)>>,
}

/// A marked crossing.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartCrossing {
    /// Volume, tokens per day.
    pub tokens_per_day: f64,
    /// Monthly cost there, USD.
    pub usd: f64,
    /// For a pair's break-even volume (above which self-hosting stays
    /// cheaper): its numbered key; None for the other crossings, drawn as
    /// small open dots.
    pub break_even: Option<BreakEvenKey>,
}

/// A break-even point's entry in the chart's key: a number on the chart,
/// and beside the number the pair and the volume as the break-even text
/// writes them ("Llama on H100 beats GPT-4o above 67.8M/day").
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEvenKey {
    /// 1, 2, 3, ... in the report's pair order.
    pub number: usize,
    /// The self-hosted option's name.
    pub self_hosted: String,
    /// The API option's name.
    pub api: String,
    /// The volume in words ("67.8M").
    pub volume: String,
}

impl BreakEvenKey {
    /// The key's line: "1  A beats B above 67.8M/day".
    pub fn text(&self) -> String {
        format!(
            "{}  {} beats {} above {}/day",
            self.number, self.self_hosted, self.api, self.volume
        )
    }
}

/// What the cost axis shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CostAxis {
    /// The monthly bill.
    #[default]
    Monthly,
    /// The monthly bill over the tokens served, per 1M tokens.
    PerMtok,
}

/// Everything the chart shows, in plain numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Title.
    pub title: String,
    /// Lowest volume drawn.
    pub min_tokens_per_day: f64,
    /// Highest volume drawn.
    pub max_tokens_per_day: f64,
    /// The scenario's volume.
    pub current_tokens_per_day: f64,
    /// Curves.
    pub series: Vec<ChartSeries>,
    /// Crossings where self-hosting becomes cheaper.
    pub crossings: Vec<ChartCrossing>,
    /// Currency of the cost axis (`USD` unless converted).
    pub currency: String,
    /// What the cost axis shows.
    pub axis: CostAxis,
}

impl ChartData {
    /// The chart of a report: staircases drawn at their exact steps when
    /// there are at most [`MAX_DRAWN_STEPS`] in the range, sampled otherwise.
    pub fn from_report(report: &Report) -> ChartData {
        let lo = report.range.min_tokens_per_day.to_f64();
        let hi = report.range.max_tokens_per_day.to_f64();
        let mut series = Vec::new();
        for (palette_index, o) in report.options.iter().enumerate() {
            let mut points: Vec<Option<(f64, f64)>> = o
                .points
                .iter()
                .map(|p| p.usd_per_month.map(|c| (p.tokens_per_day.to_f64(), c.to_f64())))
                .collect();
            if let CostCurve::Staircase(s) = &o.curve {
                if let Some(exact) = staircase_points(s, lo, hi) {
                    points = exact;
                }
            }
            series.push(ChartSeries {
                name: o.name.clone(),
                self_hosted: o.kind == OptionType::SelfHosted,
                ruled_out: o.ruled_out.is_some(),
                palette_index,
                points,
            });
        }
        let mut crossings = Vec::new();
        let mut number = 0;
        for pair in &report.break_even {
            let verdict = pair.self_hosted_cheaper.tokens_per_day;
            for c in pair
                .crossings
                .iter()
                .filter(|c| c.kind == crate::analysis::breakeven::CrossingKind::SelfHostedBecomesCheaper)
            {
                let v = c.tokens_per_day.to_f64();
                let break_even = (Some(c.tokens_per_day) == verdict).then(|| {
                    number += 1;
                    BreakEvenKey {
                        number,
                        self_hosted: pair.self_hosted.clone(),
                        api: pair.api.clone(),
                        volume: human_tokens(v),
                    }
                });
                crossings.push(ChartCrossing {
                    tokens_per_day: v,
                    usd: c.api_usd.to_f64(),
                    break_even,
                });
            }
        }
        ChartData {
            title: report.scenario.clone(),
            min_tokens_per_day: lo,
            max_tokens_per_day: hi,
            current_tokens_per_day: report.workload.tokens_per_day.to_f64(),
            series,
            crossings,
            currency: "USD".to_string(),
            axis: CostAxis::Monthly,
        }
    }

    /// The break-even keys, in number order.
    pub fn keys(&self) -> impl Iterator<Item = &BreakEvenKey> {
        self.crossings.iter().filter_map(|c| c.break_even.as_ref())
    }

    /// The chart of the cost per 1M tokens against the volume: each
    /// monthly cost over the month's tokens (an API's line is flat, a
    /// self-hosted staircase falls as its GPUs fill).
    pub fn per_mtok(mut self) -> ChartData {
        if self.axis == CostAxis::PerMtok {
            return self;
        }
        // Tokens per month in millions: volume × 365 / 12 / 1e6.
        let per = |v: f64, usd: f64| if v > 0.0 { usd * 12.0e6 / (365.0 * v) } else { 0.0 };
        for s in &mut self.series {
            for p in s.points.iter_mut().flatten() {
                p.1 = per(p.0, p.1);
            }
        }
        for c in &mut self.crossings {
            c.usd = per(c.tokens_per_day, c.usd);
        }
        self.axis = CostAxis::PerMtok;
        self
    }
}

/// The corners of a staircase between `lo` and `hi`, or None when there are
/// too many to draw.
fn staircase_points(s: &crate::model::staircase::Staircase, lo: f64, hi: f64) -> Option<Vec<Option<(f64, f64)>>> {
    let fixed = s.fixed_usd.to_f64()?;
    let step = s.usd_per_step.to_f64()?;
    let cost = |k: u64| fixed + step * k as f64;
    if s.max_steps == Some(0) {
        // An option that cannot serve: nothing to draw.
        return Some(Vec::new());
    }
    let Some(w) = s.tokens_per_day_per_step.and_then(|w| w.to_f64()) else {
        let k = s.max_steps.unwrap_or(s.min_steps).max(s.min_steps);
        return Some(vec![Some((lo, cost(k))), Some((hi, cost(k)))]);
    };
    let k_of = |v: f64| ((v / w).ceil() as u64).max(s.min_steps).max(1);
    let (k_lo, k_hi) = (k_of(lo), k_of(hi));
    if k_hi - k_lo > MAX_DRAWN_STEPS {
        return None;
    }
    let cap = s.max_steps.map(|m| m as f64 * w);
    let mut out = vec![Some((lo, cost(k_lo)))];
    for k in k_lo..k_hi {
        let edge = k as f64 * w;
        if edge <= lo {
            continue;
        }
        if s.max_steps.is_some_and(|m| k >= m) {
            break;
        }
        out.push(Some((edge, cost(k))));
        out.push(Some((edge, cost(k + 1))));
    }
    match cap {
        Some(c) if c < hi => {
            out.push(Some((c, cost(s.max_steps.unwrap_or(k_hi)))));
            out.push(None);
        }
        _ => out.push(Some((hi, cost(k_hi)))),
    }
    Some(out)
}

/// Width of the cost labels left of the plot, pixels.
pub const Y_LABEL_AREA_PX: u32 = 64;

/// The volume (tokens per day) under horizontal pixel `x` of a chart drawn
/// `width` pixels wide, or None outside the plot. The inverse of the log
/// axis, for a readout under the pointer.
pub fn volume_at_x(data: &ChartData, width: f64, x: f64) -> Option<f64> {
    let left = f64::from(MARGIN_PX + Y_LABEL_AREA_PX);
    let right = width - f64::from(MARGIN_PX);
    if !(left..=right).contains(&x) || right <= left {
        return None;
    }
    let (lo, hi) = (
        data.min_tokens_per_day.max(1.0),
        data.max_tokens_per_day.max(data.min_tokens_per_day * 10.0),
    );
    let t = (x - left) / (right - left);
    Some(libm::pow(
        10.0,
        libm::log10(lo) + t * (libm::log10(hi) - libm::log10(lo)),
    ))
}

impl ChartData {
    /// The chart with costs in `currency` (for drawing only).
    pub fn in_currency(mut self, currency: &Currency) -> ChartData {
        let rate = currency.per_usd_f64();
        for s in &mut self.series {
            for p in s.points.iter_mut().flatten() {
                p.1 *= rate;
            }
        }
        for c in &mut self.crossings {
            c.usd *= rate;
        }
        self.currency.clone_from(&currency.code);
        self
    }

    /// The chart without the curves named in `hidden` (a legend toggle).
    pub fn without(mut self, hidden: &[String]) -> ChartData {
        self.series.retain(|s| !hidden.contains(&s.name));
        self
    }
}

/// Colors of the curves, in option order.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Color of the volume marker, in the full chart and over it ([`marker_svg`]).
const MARKER_COLOR: RGBColor = RGBColor(90, 90, 90);

/// The volume marker's label ("your volume: 10M/day"), with a note when the
/// volume is outside the chart's range and the marker sits at its edge;
/// only digits, letters and arrows, nothing to escape.
fn marker_label(tokens_per_day: f64, lo: f64, hi: f64) -> String {
    let v = human_tokens(tokens_per_day);
    if tokens_per_day < lo {
        format!("← your volume: {v}/day, below the chart's range")
    } else if tokens_per_day > hi {
        format!("your volume: {v}/day, above the chart's range →")
    } else {
        format!("your volume: {v}/day")
    }
}

/// Where the plot sits in a drawn chart: its pixel box and its volume axis
/// (log scale). Lets a page draw the volume marker over a chart drawn
/// without it ([`render_svg_bare`], [`marker_svg`]), so moving the
/// volume does not redraw the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotFrame {
    /// Left and right edges of the plot, pixels.
    pub x_px: (i32, i32),
    /// Top and bottom edges of the plot, pixels.
    pub y_px: (i32, i32),
    /// Volume at the left edge, tokens per day.
    pub min_tokens_per_day: f64,
    /// Volume at the right edge, tokens per day.
    pub max_tokens_per_day: f64,
}

impl PlotFrame {
    /// The horizontal pixel of `tokens_per_day`, or None outside the plot.
    pub fn x_of(&self, tokens_per_day: f64) -> Option<f64> {
        let (lo, hi) = (self.min_tokens_per_day, self.max_tokens_per_day);
        if !(tokens_per_day >= lo && tokens_per_day <= hi) || hi <= lo {
            return None;
        }
        let t = (libm::log10(tokens_per_day) - libm::log10(lo)) / (libm::log10(hi) - libm::log10(lo));
        Some(f64::from(self.x_px.0) + t * f64::from(self.x_px.1 - self.x_px.0))
    }

    /// The horizontal pixel of `tokens_per_day`, held at the plot's edge
    /// when the volume is outside it (`None` only for a volume that is not
    /// a number).
    pub fn x_clamped(&self, tokens_per_day: f64) -> Option<f64> {
        if tokens_per_day.is_nan() {
            return None;
        }
        let v = tokens_per_day.clamp(self.min_tokens_per_day, self.max_tokens_per_day);
        self.x_of(v)
    }
}

/// Draws `data` on `area`.
///
/// # Errors
/// The backend's drawing error, as text.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &ChartData) -> Result<(), String> {
    draw_chart(area, data, true).map(|_| ())
}

/// Draws `data` on `area`, the volume marker and the curves' legend only
/// when `standalone` (the page draws its own); returns where the plot sits.
fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    standalone: bool,
) -> Result<PlotFrame, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(err)?;
    let costs: Vec<f64> = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().flatten().map(|p| p.1))
        .filter(|c| *c > 0.0)
        .collect();
    let y_lo = costs.iter().copied().fold(f64::INFINITY, f64::min).max(0.01);
    let y_hi = costs.iter().copied().fold(0.0_f64, f64::max).max(y_lo * 10.0);
    let (y_lo, y_hi) = if y_lo.is_finite() {
        (y_lo / 1.5, y_hi * 1.5)
    } else {
        (1.0, 10.0)
    };
    let (x_lo, x_hi) = (
        data.min_tokens_per_day.max(1.0),
        data.max_tokens_per_day.max(data.min_tokens_per_day * 10.0),
    );
    // The break-even key goes in a band under the chart, in columns, so
    // it covers no curve; a key too long for half the height takes a
    // corner of the plot in a standalone chart, and is left to the page's
    // list of break-even volumes on the page.
    let key_lines: Vec<String> = data
        .crossings
        .iter()
        .filter_map(|c| c.break_even.as_ref().map(BreakEvenKey::text))
        .collect();
    let (width_px, height_px) = area.dim_in_pixel();
    let band_lines = wrapped(&key_lines, width_px as i32 - 2 * (MARGIN_PX as i32 + LEGEND_PAD));
    let band = key_band(&band_lines, width_px as i32, height_px as i32);
    let (upper, lower) = area.split_vertically(height_px as i32 - band.map_or(0, |b| b.height));
    let area = &upper;
    let mut chart = ChartBuilder::on(area)
        .caption(&data.title, (SANS_SERIF, 18))
        .margin(MARGIN_PX)
        .x_label_area_size(40)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d((x_lo..x_hi).log_scale(), (y_lo..y_hi).log_scale())
        .map_err(err)?;
    let x_axis = Axis::new(
        log_ticks(x_lo, x_hi),
        |v| chart.backend_coord(&(v, y_lo)).0,
        human_tokens,
        "tokens per day",
    );
    let y_axis = Axis::new(
        log_ticks(y_lo, y_hi),
        |v| chart.backend_coord(&(x_lo, v)).1,
        |v| money_label(v, &data.currency),
        &match data.axis {
            CostAxis::Monthly => format!("{} per month", data.currency),
            CostAxis::PerMtok => format!("{} per 1M tokens", data.currency),
        },
    );
    draw_axes(area, chart.plotting_area().get_pixel_range(), &x_axis, &y_axis).map_err(err)?;
    let clamp = |(x, y): (f64, f64)| (x, y.max(y_lo));
    let mut entries: Vec<(String, RGBColor, Swatch)> = Vec::new();
    // Where the curves and rings are, in pixels: the legends go where they
    // cover the fewest.
    let mut occupied: Vec<(i32, i32)> = Vec::new();
    for s in &data.series {
        let color = PALETTE[s.palette_index % PALETTE.len()];
        // A ruled-out option stays drawn, so the price of the rule shows,
        // but faded and thinner, and named so in the legend.
        let (width, faded) = series_stroke(s);
        let style = if faded {
            color.mix(FADED_OPACITY).stroke_width(width)
        } else {
            color.stroke_width(width)
        };
        // Split at gaps so an unservable range is not bridged.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for p in &s.points {
            match p {
                Some(p) => runs.last_mut().map(|r| r.push(clamp(*p))).unwrap_or_default(),
                None => runs.push(Vec::new()),
            }
        }
        let mut drawn = false;
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            occupied.extend(run.iter().map(|p| chart.backend_coord(p)));
            chart.draw_series(LineSeries::new(run, style)).map_err(err)?;
            drawn = true;
        }
        if drawn {
            if s.ruled_out {
                entries.push((format!("{} (ruled out)", s.name), color, Swatch::Faded));
            } else {
                entries.push((s.name.clone(), color, Swatch::Line(3)));
            }
        }
    }
    let now = data.current_tokens_per_day;
    if standalone && now.is_finite() {
        // Outside the range the marker sits at the edge, and says so.
        let at = now.clamp(x_lo, x_hi);
        let marker = MARKER_COLOR;
        chart
            .draw_series(LineSeries::new(vec![(at, y_lo), (at, y_hi)], marker.stroke_width(2)))
            .map_err(err)?;
        entries.push((marker_label(now, x_lo, x_hi), marker, Swatch::Line(2)));
    }
    // Other crossings: small open dots. Break-even points: a ring with the
    // number of their line in the key.
    for c in data.crossings.iter().filter(|c| c.break_even.is_none()) {
        let at = clamp((c.tokens_per_day, c.usd));
        chart
            .draw_series(std::iter::once(Circle::new(
                at,
                3,
                RGBColor(90, 90, 90).stroke_width(1),
            )))
            .map_err(err)?;
    }
    // Rings that would cover one another are stacked upwards, each tied to
    // its point by a short line, so every number stays readable.
    let mut placed: Vec<(i32, i32)> = Vec::new();
    for c in &data.crossings {
        let Some(key) = &c.break_even else { continue };
        let at = clamp((c.tokens_per_day, c.usd));
        let px = chart.backend_coord(&at);
        let mut dy = 0;
        while placed
            .iter()
            .any(|p| (p.0 - px.0).abs() < 17 && (p.1 - (px.1 + dy)).abs() < 17)
        {
            dy -= 18;
        }
        placed.push((px.0, px.1 + dy));
        chart
            .draw_series(std::iter::once(
                EmptyElement::at(at)
                    + PathElement::new(vec![(0, 0), (0, dy)], BLACK.stroke_width(1))
                    + Circle::new((0, dy), 8, WHITE.filled())
                    + Circle::new((0, dy), 8, BLACK.stroke_width(2))
                    + Text::new(
                        key.number.to_string(),
                        (0, dy),
                        (SANS_SERIF, 11)
                            .into_font()
                            .color(&BLACK)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    ),
            ))
            .map_err(err)?;
    }
    occupied.extend(placed.iter().copied());
    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    let plot = (x_px.clone(), y_px.clone());
    // The page's curve toggles are its legend.
    let curves_at = if standalone {
        let at = best_corner(&entries, &plot, &occupied, &Corner::ALL, None);
        draw_legend(area, &entries, plot.clone(), at).map_err(err)?;
        Some(at)
    } else {
        None
    };
    match band {
        Some(band) => draw_key_band(&lower, &band_lines, band).map_err(err)?,
        // On the page, a key too long for its band is left to the page's
        // list of break-even volumes (the rings carry its numbers), so no
        // box covers the curves.
        None => {
            if let Some(curves_at) = curves_at {
                let keys: Vec<(String, RGBColor, Swatch)> =
                    key_lines.into_iter().map(|l| (l, BLACK, Swatch::Number)).collect();
                let legend = Some((curves_at, &entries[..]));
                let keys_at = best_corner(&keys, &plot, &occupied, &Corner::KEY_FIRST, legend);
                draw_legend(area, &keys, plot, keys_at).map_err(err)?;
            }
        }
    }
    area.present().map_err(err)?;
    Ok(PlotFrame {
        x_px: (x_px.start, x_px.end),
        y_px: (y_px.start, y_px.end),
        min_tokens_per_day: x_lo,
        max_tokens_per_day: x_hi,
    })
}

/// The break-even key's band under the chart: its height and columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct KeyBand {
    height: i32,
    columns: i32,
    column_width: i32,
}

/// The band `lines` need across `width` pixels (two columns when they fit),
/// or None when there is no line or the band would take more than half of
/// `height`.
fn key_band(lines: &[String], width: i32, height: i32) -> Option<KeyBand> {
    if lines.is_empty() {
        return None;
    }
    let usable = width - 2 * MARGIN_PX as i32;
    let widest = lines.iter().map(|l| text_width(l, LEGEND_FONT)).max().unwrap_or(0) + 2 * LEGEND_PAD;
    let columns = if 2 * widest <= usable && lines.len() > 1 { 2 } else { 1 };
    let rows = (lines.len() as i32 + columns - 1) / columns;
    let band = KeyBand {
        height: rows * LEGEND_ROW + 2 * LEGEND_PAD,
        columns,
        column_width: usable / columns,
    };
    (band.height * 2 <= height).then_some(band)
}

/// How a wrapped key line's continuation starts.
const CONTINUATION: &str = "   ";

/// `lines` broken at spaces to fit `width_px` at the legend's size, each
/// continuation indented: a phone's narrow drawing cuts no line off. A
/// key line's number stays with its first word, and a word wider than the
/// width is cut where it reaches the edge.
fn wrapped(lines: &[String], width_px: i32) -> Vec<String> {
    let fits = |t: &str| text_width(t, LEGEND_FONT) <= width_px;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        // "12  name": the number and its gap are part of the first word.
        let (mut current, rest) = match line.split_once("  ") {
            Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit()) => (format!("{n}  "), rest),
            _ => (String::new(), line.as_str()),
        };
        let mut fresh = true;
        for word in rest.split(' ').filter(|w| !w.is_empty()) {
            let joined = if fresh {
                format!("{current}{word}")
            } else {
                format!("{current} {word}")
            };
            if fits(&joined) {
                current = joined;
            } else {
                if !fresh {
                    out.push(core::mem::replace(&mut current, CONTINUATION.to_string()));
                }
                // The word, cut into pieces that fit.
                for c in word.chars() {
                    current.push(c);
                    if !fits(&current) {
                        current.pop();
                        out.push(core::mem::replace(&mut current, format!("{CONTINUATION}{c}")));
                    }
                }
            }
            fresh = false;
        }
        out.push(current);
    }
    out
}

/// The break-even key in its band (`area` is the band), row by row.
fn draw_key_band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[String],
    band: KeyBand,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = (SANS_SERIF, LEGEND_FONT)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let rows = (lines.len() as i32 + band.columns - 1) / band.columns;
    for (i, line) in lines.iter().enumerate() {
        let (column, row) = (i as i32 / rows, i as i32 % rows);
        let x = MARGIN_PX as i32 + column * band.column_width + LEGEND_PAD;
        let y = LEGEND_PAD + row * LEGEND_ROW + LEGEND_ROW / 2;
        // A continuation's indent is drawn as an offset: SVG collapses
        // leading spaces.
        let (indent, text) = match line.strip_prefix(CONTINUATION) {
            Some(rest) => (text_width(CONTINUATION, LEGEND_FONT), rest),
            None => (0, line.as_str()),
        };
        area.draw(&Text::new(text.to_string(), (x + indent, y), font.clone()))?;
    }
    Ok(())
}

/// How a legend entry is marked.
#[derive(Clone, Copy)]
enum Swatch {
    /// A line this many pixels wide.
    Line(u32),
    /// A thin faded line (a ruled-out option).
    Faded,
    /// A filled block.
    Block,
    /// None: the text starts with its number (the break-even key).
    Number,
}

/// Width of `text` at `size_px`, by the rule the SVG backend uses (see
/// `SvgWriter`).
fn text_width(text: &str, size_px: f64) -> i32 {
    libm::round(size_px / 1.24 / 1.24 * 0.7 * text.len() as f64) as i32
}

/// A corner of the plotting area.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Corner {
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

impl Corner {
    /// Every corner, the curves' legend's habit first.
    const ALL: [Corner; 4] = [
        Corner::UpperLeft,
        Corner::LowerRight,
        Corner::UpperRight,
        Corner::LowerLeft,
    ];
    /// Every corner, the break-even key's habit first.
    const KEY_FIRST: [Corner; 4] = [
        Corner::LowerRight,
        Corner::UpperRight,
        Corner::LowerLeft,
        Corner::UpperLeft,
    ];
}

type Plot = (std::ops::Range<i32>, std::ops::Range<i32>);

/// A legend's rows: text, colour and mark.
type Entries = [(String, RGBColor, Swatch)];

const LEGEND_ROW: i32 = 18;
const LEGEND_PAD: i32 = 8;
const LEGEND_FONT: f64 = 12.0;

/// The box a legend of `entries` takes at `corner` of `plot`:
/// (left, top, right, bottom) in pixels.
fn legend_box(entries: &Entries, plot: &Plot, corner: Corner) -> (i32, i32, i32, i32) {
    let width = entries.iter().map(|e| text_width(&e.0, LEGEND_FONT)).max().unwrap_or(0) + 2 * LEGEND_PAD + 26;
    let height = LEGEND_ROW * entries.len() as i32 + 2 * LEGEND_PAD - 4;
    let x0 = match corner {
        Corner::UpperLeft | Corner::LowerLeft => plot.0.start + 10,
        Corner::UpperRight | Corner::LowerRight => plot.0.end - width - 10,
    };
    let y0 = match corner {
        Corner::UpperLeft | Corner::UpperRight => plot.1.start + 10,
        Corner::LowerLeft | Corner::LowerRight => plot.1.end - height - 10,
    };
    (x0, y0, x0 + width, y0 + height)
}

/// The corner, in the order of `prefer`, where a legend of `entries`
/// covers the fewest `occupied` pixels (curve points and rings) and does
/// not overlap the legend already placed (`other`, at its corner).
fn best_corner(
    entries: &Entries,
    plot: &Plot,
    occupied: &[(i32, i32)],
    prefer: &[Corner; 4],
    other: Option<(Corner, &Entries)>,
) -> Corner {
    let overlaps = |a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let taken = other
        .filter(|(_, e)| !e.is_empty())
        .map(|(c, e)| legend_box(e, plot, c));
    let mut best = (prefer[0], usize::MAX);
    for &corner in prefer {
        let b = legend_box(entries, plot, corner);
        if taken.is_some_and(|t| overlaps(b, t)) {
            continue;
        }
        let covered = occupied
            .iter()
            .filter(|p| p.0 >= b.0 - 4 && p.0 <= b.2 + 4 && p.1 >= b.1 - 4 && p.1 <= b.3 + 4)
            .count();
        if covered < best.1 {
            best = (corner, covered);
        }
    }
    best.0
}

/// The legend, drawn directly in the charts' one style: a box in a corner
/// of the plotting area, one row per entry. (plotters' own legend wraps each
/// label by measuring it piece by piece, which on wasm forces a page layout
/// per measurement.)
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor, Swatch)],
    plot: Plot,
    corner: Corner,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(());
    }
    const ROW: i32 = LEGEND_ROW;
    const PAD: i32 = LEGEND_PAD;
    const FONT: f64 = LEGEND_FONT;
    let (x0, y0, right, bottom) = legend_box(entries, &plot, corner);
    let (width, height) = (right - x0, bottom - y0);
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        WHITE.mix(0.85).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        RGBColor(200, 200, 200),
    ))?;
    let font = (SANS_SERIF, FONT)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (label, color, swatch)) in entries.iter().enumerate() {
        let y = y0 + PAD + ROW * i as i32 + 5;
        let x = x0 + PAD;
        match swatch {
            Swatch::Line(w) => area.draw(&PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(*w)))?,
            Swatch::Faded => area.draw(&PathElement::new(
                vec![(x, y), (x + 18, y)],
                color.mix(FADED_OPACITY).stroke_width(1),
            ))?,
            Swatch::Block => area.draw(&Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.filled()))?,
            Swatch::Number => {}
        }
        let dx = if matches!(swatch, Swatch::Number) { 0 } else { 26 };
        area.draw(&Text::new(label.clone(), (x + dx, y), font.clone()))?;
    }
    Ok(())
}

use crate::render::svg::SvgWriter;

/// The chart as an SVG document of `width` × `height` pixels.
///
/// # Errors
/// A drawing error, as text.
pub fn render_svg(data: &ChartData, width: u32, height: u32) -> Result<String, String> {
    render(data, width, height, true).map(|(svg, _)| svg)
}

/// The chart as SVG, standalone or for the page, and where its plot sits.
fn render(data: &ChartData, width: u32, height: u32, standalone: bool) -> Result<(String, PlotFrame), String> {
    let mut svg = String::new();
    let frame = {
        let area = SvgWriter::new(&mut svg, (width, height)).into_drawing_area();
        draw_chart(&area, data, standalone)?
    };
    Ok((svg, frame))
}

/// The chart as [`render_svg`] draws it but without the volume marker and
/// the curves' legend, and where the plot sits: the page draws the marker
/// over it ([`marker_svg`]), so the chart, which does not depend on the
/// volume, is not redrawn when the volume moves, and its curve toggles are
/// the legend ([`series_color`] gives each its colour), so no legend box
/// covers a curve.
///
/// # Errors
/// A drawing error, as text.
pub fn render_svg_bare(data: &ChartData, width: u32, height: u32) -> Result<(String, PlotFrame), String> {
    render(data, width, height, false)
}

/// Opacity of a ruled-out option's curve.
pub const FADED_OPACITY: f64 = 0.35;

/// A curve's line: its width in pixels (3 self-hosted, 2 an API, 1 ruled
/// out) and whether it is faded (ruled out, at [`FADED_OPACITY`]).
pub fn series_stroke(series: &ChartSeries) -> (u32, bool) {
    match (series.ruled_out, series.self_hosted) {
        (true, _) => (1, true),
        (false, true) => (3, false),
        (false, false) => (2, false),
    }
}

/// The colour a curve is drawn in, as the SVG writes it (`#1F77B4`).
pub fn series_color(series: &ChartSeries) -> String {
    let RGBColor(r, g, b) = PALETTE[series.palette_index % PALETTE.len()];
    let mut hex = String::new();
    crate::render::svg::write_hex(&mut hex, (r, g, b));
    hex
}

/// The volume marker alone, as a transparent SVG document of `width` ×
/// `height` pixels to lay over a chart drawn by
/// [`render_svg_bare`] with `frame`: the vertical line at
/// `tokens_per_day` in the marker's style and its label ("your volume:
/// 10M/day"); outside the plot's range, at its edge with a note saying so.
pub fn marker_svg(frame: &PlotFrame, tokens_per_day: f64, width: u32, height: u32) -> String {
    use std::fmt::Write as _;
    let mut svg = format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    if let Some(x) = frame.x_clamped(tokens_per_day) {
        let x = libm::round(x) as i32;
        let RGBColor(r, g, b) = MARKER_COLOR;
        let color = format!("#{r:02X}{g:02X}{b:02X}");
        let (top, bottom) = frame.y_px;
        // Right of the line, unless that would leave the plot.
        let (anchor, dx) = if x + 290 > frame.x_px.1 {
            ("end", -6)
        } else {
            ("start", 6)
        };
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"{color}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-family=\"sans-serif\" font-size=\"12\" fill=\"{color}\">{}</text>",
            x + dx,
            bottom - 8,
            marker_label(tokens_per_day, frame.min_tokens_per_day, frame.max_tokens_per_day)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Rows drawn in a tornado chart; the rest are in the table.
pub const MAX_TORNADO_ROWS: usize = 12;

/// The sensitivity report as a tornado chart: one horizontal bar per input
/// (largest swing at the top, at most [`MAX_TORNADO_ROWS`]), from the
/// monthly saving with the input moved down to the saving with it moved
/// up, around the saving with every input as given. Rows where the
/// self-hosted option cannot serve one side are left out.
///
/// # Errors
/// A drawing error, as text.
pub fn render_tornado_svg(
    report: &crate::analysis::sensitivity::SensitivityReport,
    width: u32,
    height: u32,
) -> Result<String, String> {
    render_tornado_svg_in(report, width, height, &Currency::usd())
}

/// The tornado chart of [`render_tornado_svg`] with its savings in
/// `currency` (for drawing only).
///
/// # Errors
/// A drawing error, as text.
pub fn render_tornado_svg_in(
    report: &crate::analysis::sensitivity::SensitivityReport,
    width: u32,
    height: u32,
    currency: &Currency,
) -> Result<String, String> {
    let rate = currency.per_usd_f64();
    let num = |s: &Option<crate::codec::values::Usd>| s.map(|u| u.to_f64() * rate);
    let base = num(&report.base.saving_usd).unwrap_or(0.0);
    let rows: Vec<(String, f64, f64)> = report
        .rows
        .iter()
        .filter_map(|r| Some((r.label.clone(), num(&r.low.saving_usd)?, num(&r.high.saving_usd)?)))
        .take(MAX_TORNADO_ROWS)
        .collect();
    let mut lo = rows.iter().map(|r| r.1.min(r.2)).fold(base, f64::min);
    let mut hi = rows.iter().map(|r| r.1.max(r.2)).fold(base, f64::max);
    if hi - lo < 1.0 {
        lo -= 1.0;
        hi += 1.0;
    }
    let pad = (hi - lo) * 0.05;
    let n = rows.len().max(1);
    let mut svg = String::new();
    {
        let area = SvgWriter::new(&mut svg, (width, height)).into_drawing_area();
        fn err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
            e.to_string()
        }
        area.fill(&WHITE).map_err(err)?;
        let title = format!(
            "{} against {}: monthly saving, each input ±{}%",
            report.self_hosted,
            report.api,
            crate::base::float::fixed(report.delta.to_f64() * 100.0, 0)
        );
        // Long labels are cut to fit the label area (the table has them whole).
        let names: Vec<String> = rows
            .iter()
            .map(|r| {
                if r.0.chars().count() > 44 {
                    format!("{}…", r.0.chars().take(43).collect::<String>())
                } else {
                    r.0.clone()
                }
            })
            .collect();
        let mut chart = ChartBuilder::on(&area)
            .caption(title, (SANS_SERIF, 15))
            .margin(MARGIN_PX)
            .x_label_area_size(36)
            .y_label_area_size(290)
            .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..(n as f64))
            .map_err(err)?;
        let x_axis = Axis::new(
            linear_ticks(lo - pad, hi + pad),
            |v| chart.backend_coord(&(v, 0.0)).0,
            |v| money_label(v, &currency.code),
            &format!("{} per month saved by self-hosting", currency.code),
        );
        // Row i sits between n − i − 1 and n − i; its label at the middle.
        let y_axis = Axis {
            ticks: names
                .iter()
                .enumerate()
                .map(|(i, name)| (chart.backend_coord(&(lo, n as f64 - i as f64 - 0.5)).1, name.clone()))
                .collect(),
            light: Vec::new(),
            grid: false,
            title: String::new(),
        };
        draw_axes(&area, chart.plotting_area().get_pixel_range(), &x_axis, &y_axis).map_err(err)?;
        let down = RGBColor(214, 39, 40);
        let up = RGBColor(31, 119, 180);
        for (i, (_, low, high)) in rows.iter().enumerate() {
            let top = n as f64 - i as f64 - 0.15;
            let bottom = n as f64 - i as f64 - 0.85;
            chart
                .draw_series([
                    Rectangle::new(
                        [(base.min(*low), bottom), (base.max(*low), top)],
                        down.mix(0.8).filled(),
                    ),
                    Rectangle::new(
                        [(base.min(*high), bottom), (base.max(*high), top)],
                        up.mix(0.8).filled(),
                    ),
                ])
                .map_err(err)?;
        }
        chart
            .draw_series(LineSeries::new(
                vec![(base, 0.0), (base, n as f64)],
                BLACK.stroke_width(2),
            ))
            .map_err(err)?;
        let entries = [
            (
                format!("as given: {}", money_label(base, &currency.code)),
                BLACK,
                Swatch::Line(2),
            ),
            ("input moved down".to_string(), down, Swatch::Block),
            ("input moved up".to_string(), up, Swatch::Block),
        ];
        draw_legend(
            &area,
            &entries,
            chart.plotting_area().get_pixel_range(),
            Corner::LowerRight,
        )
        .map_err(err)?;
        area.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use crate::render::text::money_label;

    #[test]
    fn a_legend_goes_to_the_corner_it_covers_least_and_not_onto_the_other() {
        use super::{best_corner, legend_box, Corner, Swatch};
        use plotters::style::BLACK;
        let plot = (0..900, 0..500);
        let key = vec![("1 a long break-even line of the key".to_string(), BLACK, Swatch::Number); 4];
        let legend = vec![("a curve".to_string(), BLACK, Swatch::Line(3)); 3];
        // A curve along the bottom: the key leaves its habitual lower-right
        // corner for the empty upper-right one.
        let bottom: Vec<(i32, i32)> = (0..900).step_by(5).map(|x| (x, 480)).collect();
        assert_eq!(
            best_corner(&key, &plot, &bottom, &Corner::KEY_FIRST, None),
            Corner::UpperRight
        );
        // Nothing drawn: each keeps its habit.
        assert_eq!(
            best_corner(&key, &plot, &[], &Corner::KEY_FIRST, None),
            Corner::LowerRight
        );
        assert_eq!(best_corner(&legend, &plot, &[], &Corner::ALL, None), Corner::UpperLeft);
        // The key never lands on the curves' legend, even where it covers less.
        let right: Vec<(i32, i32)> = (0..500).step_by(5).flat_map(|y| [(880, y), (600, y)]).collect();
        let wide = vec![("x".repeat(150), BLACK, Swatch::Number); 4];
        let at = best_corner(
            &wide,
            &plot,
            &right,
            &Corner::KEY_FIRST,
            Some((Corner::UpperLeft, &legend)),
        );
        let (a, b) = (
            legend_box(&wide, &plot, at),
            legend_box(&legend, &plot, Corner::UpperLeft),
        );
        assert!(
            !(a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3),
            "{at:?} overlaps the legend"
        );
    }

    #[test]
    fn a_key_line_too_long_for_a_narrow_drawing_wraps_at_spaces() {
        use super::{text_width, wrapped, BreakEvenKey, LEGEND_FONT};
        let key = |number: usize, self_hosted: &str| {
            BreakEvenKey {
                number,
                self_hosted: self_hosted.into(),
                api: "gpt-oss-120b on Fireworks".into(),
                volume: "2.22B".into(),
            }
            .text()
        };
        let line = key(4, "gpt-oss-120b on B200, rented");
        let width = 280;
        assert!(text_width(&line, LEGEND_FONT) > width);
        let lines = wrapped(std::slice::from_ref(&line), width);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, LEGEND_FONT) <= width), "{lines:?}");
        assert!(
            lines[0].starts_with("4  gpt-oss-120b"),
            "the number keeps its first word: {lines:?}"
        );
        assert!(lines[1].starts_with("   "), "a continuation is indented: {lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words.join(" "), line.replacen("  ", " ", 1), "no word lost");
        // Each line of the key wraps on its own.
        let short = key(1, "x");
        let both = wrapped(&[line.clone(), short.clone()], width);
        assert_eq!(both, [lines.clone(), wrapped(&[short], width)].concat());
        // A word wider than the drawing is cut at its edge, not run past it,
        // and none of it is lost.
        let long = key(2, &"a".repeat(120));
        let cut = wrapped(std::slice::from_ref(&long), width);
        assert!(cut.len() >= 3, "{cut:?}");
        assert!(cut.iter().all(|l| text_width(l, LEGEND_FONT) <= width), "{cut:?}");
        let letters = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
        assert_eq!(cut.iter().map(|l| letters(l)).sum::<usize>(), letters(&long));
        // Wide enough, nothing changes.
        assert_eq!(wrapped(std::slice::from_ref(&line), 2000), vec![line]);
    }

    #[test]
    fn money_labels_put_the_sign_before_the_currency() {
        assert_eq!(money_label(6039.83, "USD"), "$6.04k");
        assert_eq!(money_label(-6039.83, "USD"), "-$6.04k");
        assert_eq!(money_label(-2.5e6, "EUR"), "-2.5M EUR");
        assert_eq!(money_label(0.0, "USD"), "$0");
    }
}
