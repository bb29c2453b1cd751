//! The CEN EN 16931 semantic rules (validation artefacts 1.3.16), one file per
//! family: `core` (BR-01 … BR-65), `co` (BR-CO-*), `dec` (BR-DEC-*), `cl`
//! (BR-CL-*), `vat/` (the VAT category rules).

pub mod cl;
pub mod co;
pub mod core;
pub mod dec;
pub(crate) mod nav;
pub mod vat;

use crate::rules::RuleDef;

/// Every EN 16931 family's rules, in registry order.
pub static FAMILIES: &[&[&RuleDef]] = &[
    core::RULES,
    dec::RULES,
    cl::RULES,
    co::RULES,
    vat::s::RULES,
    vat::z::RULES,
    vat::e::RULES,
    vat::ae::RULES,
    vat::ic::RULES,
    vat::g::RULES,
    vat::o::RULES,
    vat::af::RULES,
    vat::ag::RULES,
    vat::b::RULES,
];
