//! The pools of the compiled rule tables that both table families use: the
//! one string of all table strings and the element types that print no
//! variant names (see `rules::list`; `build.rs` writes `pools_shared.rs`).

use crate::rules::list::{List, Pooled, Str, Strings};

include!(concat!(env!("OUT_DIR"), "/pools_shared.rs"));
