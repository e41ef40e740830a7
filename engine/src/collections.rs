//! Collections: their definitions (from a snapshot's collection views or a
//! definitions file), whole-site evaluation as a dependency graph, the
//! difference with the membership a snapshot records, and `explain`.

pub mod definitions;
pub mod eval;
pub mod explain;
pub mod graph;
pub mod model;
pub mod resources;
pub mod ruletest;
mod table;

/// `message`, with "did you mean" and the closest of `candidates` to `name`.
pub(crate) fn did_you_mean(message: String, name: &str, candidates: impl IntoIterator<Item = String>) -> String {
    let hint = wqlkit_core::catalog::closest(name, candidates);
    if hint.is_empty() {
        message
    } else {
        format!("{message}; did you mean {}?", hint.join(", "))
    }
}

pub use eval::{CollectionResult, Evaluation, Evaluator, Members, RuleResult, recorded_membership};
pub use model::{Collection, DirectMember, MemberKind, Rule, Site};
pub use resources::{Resource, ResourceKind, Resources};

#[cfg(test)]
mod ruletest_tests;
