//! The file formats: the scenario file, the catalog file, the estimate
//! request, the calibration file and the scenario in a link. Plain serde
//! data — the compatibility promise — read and written through
//! [`crate::codec`]; validation into the model is a layer above. The
//! importers ([`import`]) read other projects' formats (public price
//! databases, Hugging Face `config.json`) into catalog files.

pub mod accuracy;
pub mod calibration;
pub mod catalog;
pub mod estimate;
pub mod formats;
pub mod import;
pub mod link;
pub mod scenario;
