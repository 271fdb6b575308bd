//! The analyses of a validated scenario: the report ([`report::evaluate`]),
//! break-even crossings, payback month by month, one self-hosted option
//! against one API ([`pair`]), the inputs that can vary ([`param`]),
//! sensitivity, Monte Carlo, the six-question guide, usage logs and the
//! [`verdict`] (the answer first). The
//! pricing helpers they share are in [`pricing`].

pub mod breakeven;
pub mod guide;
pub mod montecarlo;
pub mod pair;
pub mod param;
pub mod payback;
pub mod pricing;
pub mod report;
pub mod sensitivity;
pub mod usage;
pub mod verdict;
