//! The bottom layer: checked decimal arithmetic and rounding, floats as
//! text and as decimals, calendar dates. It knows nothing of documents or
//! of the model.

pub mod date;
pub mod decimal;
pub mod float;
