//! Tests of the structural check.
