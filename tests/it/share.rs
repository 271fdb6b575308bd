//! A scenario in a link: every fixture survives the round trip; hostile
//! fragments get an error, never a panic.

use llm_tco::spec::link::{decode_hash, encode_hash, percent_decode};
use llm_tco::{Catalog, ErrorKind, Format, ScenarioFile};
use llm_tco_tests::scenario_fixtures;

#[test]
fn every_fixture_round_trips_through_a_link() {
    let catalog = Catalog::builtin();
    for path in scenario_fixtures() {
        let text = std::fs::read_to_string(&path).expect("read");
        let file = ScenarioFile::parse(&text, Format::from_path(&path.to_string_lossy()).expect("ext")).expect("parse");
        let hash = encode_hash(&file);
        assert!(hash.starts_with("#s=%7B%22"), "{hash:.20}");
        // The link holds serde_json's compact form.
        let compact = serde_json::to_string(&file).expect("json");
        assert_eq!(llm_tco::to_compact_json(&file), compact, "{}", path.display());
        assert_eq!(percent_decode(&hash[3..]).expect("decodes"), compact);
        assert!(
            hash.bytes().all(|b| b.is_ascii_graphic()),
            "a link holds no spaces or raw bytes"
        );
        let back = decode_hash(&hash).expect("a scenario fragment").expect("decodes");
        assert_eq!(back, file, "{}", path.display());
        llm_tco::Scenario::from_file(&back, &catalog).expect("the link's scenario validates");
    }
}

#[test]
fn hostile_fragments_get_errors() {
    assert!(decode_hash("").is_none());
    assert!(decode_hash("#other").is_none());
    for (hash, says) in [
        ("#s=%E0%A4%A", "broken %-escape"),
        ("#s=%ZZ", "broken %-escape"),
        ("#s=%", "broken %-escape"),
        ("#s=%FF%FE", "not UTF-8"),
        ("#s=%7B%22schema_version%22%3A1", "EOF"),
        ("#s=", "empty"),
        ("#s=%5B%5D", "JSON object"),
    ] {
        let e = decode_hash(hash).expect("fragment").unwrap_err();
        assert!(e.message().contains(says), "{hash}: {e}");
    }
    let long = format!("#s={}", "%20".repeat(llm_tco::MAX_DOCUMENT_BYTES + 1));
    assert_eq!(
        decode_hash(&long).expect("fragment").unwrap_err().kind(),
        ErrorKind::Limit
    );
    assert_eq!(percent_decode("a%2Fb%C3%A9").expect("decodes"), "a/bé");
}
