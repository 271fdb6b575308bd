//! The break-even chart rendered natively to SVG: the same drawing function
//! the CLI calls, snapshot-checked.

use llm_tco::chart::{render_svg, ChartData};
use llm_tco::{evaluate, Catalog, Format, Scenario};
use llm_tco_tests::check_snapshot;

#[test]
fn default_chart_matches_its_snapshot() {
    let report = evaluate(&llm_tco::default_scenario()).expect("evaluate");
    let data = ChartData::from_report(&report);
    // Exact staircase corners are drawn, not the 121 samples.
    let rented = data
        .series
        .iter()
        .find(|s| s.name == "Llama 3.3 70B, 2x H100 rented")
        .expect("series");
    assert!(rented.points.len() > 121, "{}", rented.points.len());
    let svg = render_svg(&data, 1000, 620).expect("draw");
    check_snapshot("default.chart.svg", &svg);
}

#[test]
fn a_hostile_option_name_is_drawn_as_text() {
    let text =
        llm_tco::DEFAULT_SCENARIO_TOML.replacen("name = \"GPT-4o\"", "name = \"<img src=x onerror=alert(1)>\"", 1);
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
    use llm_tco::chart::human_tokens;
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
    use llm_tco::chart::volume_at_x;
    let data = ChartData::from_report(&evaluate(&llm_tco::default_scenario()).expect("evaluate"));
    // The plot spans x = 76 (1e5 tokens/day) to x = 888 (1e11) at 900 px.
    let at = |x: f64| volume_at_x(&data, 900.0, x).expect("inside the plot");
    assert!((at(76.0) / 1e5 - 1.0).abs() < 1e-9);
    assert!((at(888.0) / 1e11 - 1.0).abs() < 1e-9);
    assert!((at(482.0) / 1e8 - 1.0).abs() < 1e-9, "the middle is 1e8");
    assert_eq!(volume_at_x(&data, 900.0, 10.0), None);
    assert_eq!(volume_at_x(&data, 900.0, 895.0), None);
    let hidden = data.clone().without(&["GPT-4o".to_string()]);
    assert_eq!(hidden.series.len(), data.series.len() - 1);
}
