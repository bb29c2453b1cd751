//! The path and condition notation of the binding tables (`schemas/binding/*.tsv`,
//! described in `schemas/binding/README.md`), compiled: [`Path`] and [`Expr`].
//! `super::parse` builds them (at build time), [`super::eval`] evaluates
//! them around one node.
//!
//! The notation is a deliberately small subset of what XPath can say: child,
//! parent (`..`), `self::` and `ancestor::` steps, name tests with a suffix
//! wildcard (`ram:*ID`, `*Amount`), step filters `[...]`, a final `@attribute`,
//! comparisons with literals, booleans or another path, and conditions in
//! disjunctive normal form (` | ` between alternatives, ` & ` inside one).
//!
//! Depends only on `std`: `build.rs` includes this file (see [`crate::rules::list`]).

use crate::rules::list::{List, Str};

/// A name test of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameTest {
    /// Any element.
    Any,
    /// Exactly this namespace URI and local name.
    Name {
        ns: Str,
        local: Str,
        /// Both as numbers of the table (`super::table::key`): what the walk compares.
        key: u32,
    },
    /// Local name ending in `suffix`, in namespace `ns` (any namespace if `None`).
    Suffix {
        ns: Option<Str>,
        /// The namespace's index in the table (`super::table::ANY_NS` for any).
        ns_index: u32,
        suffix: Str,
    },
}

/// The direction of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Axis {
    Child,
    Parent,
    SelfNode,
    Ancestor,
}

/// One step: axis, alternative name tests, filters that must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) axis: Axis,
    pub(crate) tests: List<NameTest>,
    pub(crate) filters: List<Expr>,
    /// The key (`super::table::key`) when the only name test is an exact
    /// name: most steps, tested with one comparison without reading `tests`.
    pub(crate) single: Option<u32>,
    /// `filters` is empty.
    pub(crate) plain: bool,
}

/// A path: steps from a start node, optionally ending in an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    /// Starts at the document (`/...`).
    pub(crate) absolute: bool,
    /// Starts with `//`: every element of the document (descendant-or-self of the root).
    pub(crate) deep: bool,
    pub(crate) steps: List<Step>,
    /// Final `@name` (attributes without namespace).
    pub(crate) attr: Option<Str>,
    /// How `super::eval` searches it, decided when the table is built.
    pub(crate) shape: Shape,
}

/// The kind of a [`Path`] as far as its evaluation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One `self::` step, relative, without attribute (a test of the start node).
    SelfTest,
    /// Child steps only, not `//`: a depth-first search that stops at the first hit.
    ChildSteps,
    /// `ancestor::X` followed by child steps, relative.
    AncestorSteps,
    /// Anything else: evaluated step by step.
    AnySteps,
}

/// A string function applied per node before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    /// `upper(...)`: upper-case.
    Upper,
    /// `norm(...)`: normalize-space.
    Norm,
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rhs {
    /// Any of these literals.
    Values(List<Str>),
    /// An `xs:boolean` (`#true` / `#false`): the value is cast, `true`/`1` or `false`/`0`.
    Bool(bool),
    /// Another path from the same start node (`$path`).
    Other(Path),
}

/// One condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Atom {
    /// The path selects something.
    Exists(Path),
    /// XPath general comparison: some item compares true with some value.
    Cmp {
        /// For `prefix/func(last)`: the nodes `func` is applied at (start if `None`).
        prefix: Option<Path>,
        func: Option<Func>,
        path: Path,
        ne: bool,
        rhs: Rhs,
    },
}

/// A condition in disjunctive normal form: any alternative whose atoms all hold
/// (an atom may be negated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expr {
    pub(crate) any: List<List<(bool, Atom)>>,
    /// Every path starts at the document (`/...` or `//...`), so the
    /// condition has one value per document: the walk evaluates it once.
    pub(crate) fixed: bool,
}
