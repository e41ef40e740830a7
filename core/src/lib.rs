#![doc = include_str!("../../ARCHITECTURE.md")]
#![warn(missing_docs)]

pub mod catalog;
pub mod diagnostic;
pub mod plan;
pub mod span;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod types;

pub use catalog::{Catalog, ClassDef, ClassKind, PropertyDef, SchemaProvider, ViewDef};
pub use diagnostic::{Code, Diagnostic, Diagnostics, Label, Severity};
pub use plan::LogicalPlan;
pub use span::Span;
pub use types::{DateTime, SqlType, Value, WmiType};
