//! The validated model: the workload and the curves' volume range, API
//! prices and their bills, self-hosted options and their monthly lines, the
//! cost curves (line, staircase, hybrid) and the scenario that holds them.
//! Built once from the file formats of [`crate::spec`]; each type names its
//! own numeric inputs, which the analyses vary.

pub mod api;
pub mod curve;
pub mod dated;
pub mod hybrid;
pub mod scenario;
pub mod selfhost;
pub mod staircase;
pub mod workload;
