#![doc = include_str!("../../ARCHITECTURE.md")]
#![warn(missing_docs)]

pub mod ast;
pub mod binder;
pub mod format;
pub mod lint;
pub mod parser;
pub mod tsql;

#[cfg(test)]
mod tests;

pub use binder::{BindOptions, Bound, bind};
pub use format::{format, format_expr};
pub use parser::parse;
pub use tsql::{Param, Translation, to_tsql};

use wqlkit_core::{Diagnostic, Diagnostics, SchemaProvider};

/// A query that parsed and bound, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The syntax tree.
    pub query: ast::Query,
    /// The bound plan and output columns.
    pub bound: Bound,
    /// Warnings from binding and lints, in source order.
    pub warnings: Vec<Diagnostic>,
}

/// parse → bind → lint: the checks `wqlkit check` runs.
pub fn compile(text: &str, schema: &dyn SchemaProvider, options: &BindOptions) -> Result<Compiled, Diagnostics> {
    let query = parse(text)?;
    let mut escapes = lint::escapes(&query, text);
    let bound = match bind(&query, schema, options) {
        Ok(b) => b,
        Err(mut e) => {
            e.0.append(&mut escapes);
            e.0.sort_by_key(|d| d.span.start);
            return Err(e);
        }
    };
    let mut warnings = bound.warnings.clone();
    warnings.append(&mut escapes);
    warnings.sort_by_key(|d| d.span.start);
    Ok(Compiled { query, bound, warnings })
}

/// parse → bind → lint → T-SQL.
pub fn translate(
    text: &str,
    schema: &dyn SchemaProvider,
    options: &BindOptions,
) -> Result<(Compiled, Translation), Diagnostics> {
    let compiled = compile(text, schema, options)?;
    let t = to_tsql(&compiled.bound.plan)?;
    Ok((compiled, t))
}
