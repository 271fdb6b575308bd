#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
//! The one integration-test binary: behaviour over fixtures and the public
//! API of `llm-tco`.

mod analysis;
mod bad_input;
mod bills;
mod catalog;
mod chart;
mod entry_points;
mod golden;
mod hf_config;
mod import;
mod layers;
mod properties;
mod purity;
mod share;
mod sizing;
