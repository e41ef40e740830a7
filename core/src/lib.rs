//! wqlkit's shared vocabulary: the catalog of ConfigMgr classes and the
//! site database views they map to (data, extended by the user's files), the
//! logical plan that both back ends lower from, values and SQL/WMI types, and
//! diagnostics with codes and spans. The `wqlkit` crate's documentation maps
//! the whole project.
#![warn(missing_docs)]

pub mod catalog;
pub mod diagnostic;
pub mod plan;
pub mod span;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod types;

pub use catalog::{Catalog, ClassDef, ClassKind, PropertyDef, SchemaProvider, ViewDef};
pub use diagnostic::{Code, Diagnostic, Diagnostics, Edit, Fix, Label, Severity};
pub use plan::LogicalPlan;
pub use span::Span;
pub use types::{DateTime, SqlType, Value, WmiType};
