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

pub use eval::{CollectionResult, Evaluation, Evaluator, Members, RuleResult, recorded_membership};
pub use model::{Collection, DirectMember, MemberKind, Rule, Site};
pub use resources::{Resource, ResourceKind, Resources};

#[cfg(test)]
mod ruletest_tests;
#[cfg(test)]
mod tests;
