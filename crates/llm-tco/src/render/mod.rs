//! Presentation: the break-even and tornado charts (drawn with plotters on
//! the [`svg`] backend, with the [`axes`] of this module), HTML escaping and
//! the text of numbers, money and volumes, the verdict and a sizing's
//! operating point in words.

#[cfg(feature = "chart")]
pub mod axes;
#[cfg(feature = "chart")]
pub mod chart;
pub mod html;
pub mod sizing;
#[cfg(feature = "chart")]
pub mod svg;
pub mod text;
pub mod verdict;
