//! The file formats: the scenario file, the catalog file, the estimate
//! request, the calibration file and the scenario in a link. Plain serde
//! data — the compatibility promise — read and written through
//! [`crate::codec`]; validation into the model is a layer above.

pub mod calibration;
pub mod catalog;
pub mod estimate;
pub mod formats;
pub mod link;
pub mod scenario;
