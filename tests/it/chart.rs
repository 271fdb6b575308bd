//! The break-even chart rendered natively to SVG: the same drawing function
//! the CLI calls, snapshot-checked.

use llm_tco::render::chart::{render_svg, ChartData};
use llm_tco::{evaluate, Catalog, Format, Scenario};
use llm_tco_tests::check_snapshot;

#[test]
fn default_chart_matches_its_snapshot() {
    let report = evaluate(&llm_tco::default_scenario()).expect("evaluate");
    let data = ChartData::from_report(&report);
    // Exact staircase corners are drawn, not just the samples: the steps
    // are vertical (two points at the same volume).
    let rented = data
        .series
        .iter()
        .find(|s| s.name == "gpt-oss-120b on B200, rented")
        .expect("series");
    let vertical = rented
        .points
        .windows(2)
        .filter(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a.0 == b.0 && a.1 != b.1))
        .count();
    assert!(
        vertical > 10,
        "{vertical} vertical steps in {} points",
        rented.points.len()
    );
    let svg = render_svg(&data, 1000, 620).expect("draw");
    check_snapshot("default.chart.svg", &svg);
}

#[test]
fn a_hostile_option_name_is_drawn_as_text() {
    let text = llm_tco::DEFAULT_SCENARIO_TOML.replacen(
        "name = \"Claude Opus 5\"",
        "name = \"<img src=x onerror=alert(1)>\"",
        1,
    );
    let scenario = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let svg = render_svg(
        &ChartData::from_report(&evaluate(&scenario).expect("evaluate")),
        800,
        500,
    )
    .expect("draw");
    assert!(
        svg.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the name is escaped"
    );
    assert!(!svg.contains("<img"), "no markup injected");
}

#[test]
fn human_volumes_read_well() {
    use llm_tco::render::text::human_tokens;
    for (v, text) in [
        (950.0, "950"),
        (1_500.0, "1.5k"),
        (67_765_719.0, "67.8M"),
        (7.78e9, "7.78B"),
        (1e11, "100B"),
    ] {
        assert_eq!(human_tokens(v), text);
    }
}

#[test]
fn the_pointer_maps_back_to_the_volume_axis() {
    use llm_tco::render::chart::volume_at_x;
    let data = ChartData::from_report(&evaluate(&llm_tco::default_scenario()).expect("evaluate"));
    // The plot spans x = 76 (1e5 tokens/day) to x = 888 (1e11) at 900 px.
    let at = |x: f64| volume_at_x(&data, 900.0, x).expect("inside the plot");
    assert!((at(76.0) / 1e5 - 1.0).abs() < 1e-9);
    assert!((at(888.0) / 1e11 - 1.0).abs() < 1e-9);
    assert!((at(482.0) / 1e8 - 1.0).abs() < 1e-9, "the middle is 1e8");
    assert_eq!(volume_at_x(&data, 900.0, 10.0), None);
    assert_eq!(volume_at_x(&data, 900.0, 895.0), None);
    let hidden = data.clone().without(&["Claude Opus 5".to_string()]);
    assert_eq!(hidden.series.len(), data.series.len() - 1);
}

/// The default scenario at `tokens_per_day`.
fn default_at(tokens_per_day: &str) -> llm_tco::Report {
    let line = "tokens_per_day = \"10000000\"";
    assert!(
        llm_tco::DEFAULT_SCENARIO_TOML.contains(line),
        "the default sets tokens_per_day"
    );
    let text = llm_tco::DEFAULT_SCENARIO_TOML.replacen(line, &format!("tokens_per_day = \"{tokens_per_day}\""), 1);
    evaluate(&Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse")).expect("evaluate")
}

#[test]
fn the_chart_without_its_marker_does_not_depend_on_the_volume() {
    use llm_tco::render::chart::render_svg_bare;
    let (at_10m, frame) = render_svg_bare(&ChartData::from_report(&default_at("10000000")), 900, 520).expect("draw");
    let (at_3b, frame_3b) =
        render_svg_bare(&ChartData::from_report(&default_at("3000000000")), 900, 520).expect("draw");
    // The page keeps the drawn chart while the volume moves: same bytes.
    assert_eq!(at_10m, at_3b);
    assert_eq!(frame, frame_3b);
    assert!(!at_10m.contains("your volume"));
    // The full chart is the same drawing plus the marker and its legend entry.
    let full = render_svg(&ChartData::from_report(&default_at("10000000")), 900, 520).expect("draw");
    assert!(full.contains("your volume: 10M/day"));
    assert!(full.len() > at_10m.len());
}

#[test]
fn a_hidden_curve_leaves_the_others_their_colours_and_the_page_draws_no_legend_box() {
    use llm_tco::render::chart::{render_svg_bare, series_color};
    let data = ChartData::from_report(&default_at("10000000"));
    let color = |d: &ChartData, name: &str| series_color(d.series.iter().find(|s| s.name == name).expect("series"));
    let fireworks = color(&data, "gpt-oss-120b on Fireworks");
    let mini = color(&data, "GPT-5.4 mini");
    assert_ne!(fireworks, mini);
    let hidden = data.clone().without(&["GPT-5.4 mini".to_string()]);
    assert_eq!(color(&hidden, "gpt-oss-120b on Fireworks"), fireworks);
    let (svg, _) = render_svg_bare(&hidden, 900, 520).expect("draw");
    assert!(
        svg.contains(&format!("stroke=\"{fireworks}\"")),
        "the curve keeps its colour"
    );
    assert!(
        !svg.contains(&format!("stroke=\"{mini}\"")),
        "the hidden curve is not drawn"
    );
    // The page's toggles are the legend: no entry of it in the drawing,
    // while the standalone chart (the CLI's, the exports') has one.
    let entry = ">\nClaude Opus 5\n<";
    assert!(!svg.contains(entry), "no legend box on the page's chart");
    assert!(render_svg(&data, 900, 520).expect("draw").contains(entry));
}

#[test]
fn a_key_too_long_for_its_band_covers_no_curve_on_the_page() {
    use llm_tco::render::chart::render_svg_bare;
    let data = ChartData::from_report(&default_at("10000000"));
    // A short drawing: the default's eight key lines take more than half
    // of it. Standalone, the key takes a corner of the plot; on the page,
    // whose break-even list carries the same numbered lines, it is left out.
    let standalone = render_svg(&data, 400, 300).expect("draw");
    let (page, _) = render_svg_bare(&data, 400, 300).expect("draw");
    assert!(standalone.contains("beats Claude Opus 5 above"));
    assert!(!page.contains("beats"), "no key box over the page's plot");
    // Where the band fits, the page's chart keeps its key.
    let (tall, _) = render_svg_bare(&data, 400, 640).expect("draw");
    assert!(tall.contains("beats Claude Opus 5 above"));
}

#[test]
fn the_marker_sits_where_the_pointer_reads_the_same_volume() {
    use llm_tco::render::chart::{marker_svg, render_svg_bare, volume_at_x};
    let data = ChartData::from_report(&default_at("10000000"));
    let (_, frame) = render_svg_bare(&data, 900, 520).expect("draw");
    for volume in [1e5, 3.3e6, 1e7, 2.5e9, 1e11] {
        let x = frame.x_of(volume).expect("inside the plot");
        let back = volume_at_x(&data, 900.0, x).expect("inside the plot");
        assert!((back / volume - 1.0).abs() < 1e-9, "{volume} -> x {x} -> {back}");
    }
    let marker = marker_svg(&frame, 1e7, 900, 520);
    let x = frame.x_of(1e7).expect("inside").round();
    assert!(
        marker.contains(&format!(
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"",
            frame.y_px.0, frame.y_px.1
        )),
        "{marker}"
    );
    assert!(marker.contains("your volume: 10M/day"), "{marker}");
    // Outside the plot: the marker at the edge, with a note saying so.
    assert_eq!(frame.x_of(1e12), None);
    let clamped = marker_svg(&frame, 1e12, 900, 520);
    assert!(clamped.contains(&format!("<line x1=\"{}\"", frame.x_px.1)), "{clamped}");
    assert!(
        clamped.contains("your volume: 1T/day, above the chart's range"),
        "{clamped}"
    );
    let below = marker_svg(&frame, 10.0, 900, 520);
    assert!(below.contains(&format!("<line x1=\"{}\"", frame.x_px.0)), "{below}");
    assert!(below.contains("below the chart's range"), "{below}");
}

#[test]
fn break_even_points_are_numbered_with_the_pair_and_the_texts_volume() {
    let report = evaluate(&llm_tco::default_scenario()).expect("evaluate");
    let data = ChartData::from_report(&report);
    let keys: Vec<_> = data.keys().collect();
    let above: Vec<_> = report
        .break_even
        .iter()
        .filter(|p| p.self_hosted_cheaper.tokens_per_day.is_some())
        .collect();
    assert_eq!(keys.len(), above.len(), "one key per pair that has a break-even volume");
    for (i, (key, pair)) in keys.iter().zip(&above).enumerate() {
        assert_eq!(key.number, i + 1);
        assert_eq!(
            (key.self_hosted.as_str(), key.api.as_str()),
            (pair.self_hosted.as_str(), pair.api.as_str())
        );
        let v = pair.self_hosted_cheaper.tokens_per_day.expect("above").to_f64();
        assert_eq!(key.volume, llm_tco::render::text::human_tokens(v));
    }
    let svg = render_svg(&data, 1000, 620).expect("draw");
    for key in &keys {
        let mut escaped = String::new();
        llm_tco::render::html::escape_into(&mut escaped, &key.text());
        assert!(svg.contains(&escaped), "{}", key.text());
    }
}

#[test]
fn ruled_out_options_are_dimmed_and_named_in_the_legend() {
    let text = format!(
        "{}\n[constraints]\non_premises = true\n",
        llm_tco::DEFAULT_SCENARIO_TOML
    );
    let scenario = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let data = ChartData::from_report(&evaluate(&scenario).expect("evaluate"));
    assert!(data.series.iter().any(|s| s.ruled_out));
    let svg = render_svg(&data, 1000, 620).expect("draw");
    assert!(svg.contains("Claude Opus 5 (ruled out)"), "the legend names it");
    assert!(
        svg.contains("stroke-opacity=\"0.35\"") || svg.contains("opacity=\"0.35\""),
        "drawn faded"
    );
}

#[test]
fn the_cost_per_1m_view_puts_api_lines_flat() {
    let report = evaluate(&llm_tco::default_scenario()).expect("evaluate");
    let data = ChartData::from_report(&report).per_mtok();
    let api = data.series.iter().find(|s| s.name == "Claude Opus 5").expect("series");
    let ys: Vec<f64> = api.points.iter().flatten().map(|p| p.1).collect();
    let (lo, hi) = ys.iter().fold((f64::MAX, 0.0_f64), |(a, b), y| (a.min(*y), b.max(*y)));
    // Flat but for the sampled points' rounding to cents.
    assert!((hi / lo - 1.0).abs() < 1e-3, "{lo} .. {hi}");
    let per = report
        .options
        .iter()
        .find(|o| o.name == "Claude Opus 5")
        .and_then(|o| o.usd_per_mtok)
        .expect("per 1M");
    assert!((lo - per.to_f64()).abs() < 1e-3, "{lo} against the report's {per}");
    let svg = render_svg(&data, 1000, 620).expect("draw");
    assert!(svg.contains("USD per 1M tokens"));
}
