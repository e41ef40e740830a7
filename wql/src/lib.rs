//! WQL as ConfigMgr admins write it: [`parse()`] into a syntax tree,
//! [`format()`] it back, [`bind()`] it to a catalog as a logical plan, lint it,
//! and translate the plan to parameterized T-SQL ([`to_tsql`]); [`compile`]
//! and [`translate`] chain the stages. No DataFusion, Arrow or tokio here:
//! tools that only translate stay light.
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
    let bound = bind(&query, schema, options);
    let mut lints = Vec::new();
    if options.collection_rule {
        lints.extend(lint::collection_rule(&query, schema));
    }
    lints.extend(lint::escapes(&query, text));
    let with_lints = |mut found: Vec<Diagnostic>| {
        found.extend(lints);
        found.sort_by_key(|d| d.span.start);
        found
    };
    match bound {
        Ok(bound) => {
            let warnings = with_lints(bound.warnings.clone());
            Ok(Compiled { query, bound, warnings })
        }
        Err(e) => Err(Diagnostics(with_lints(e.0))),
    }
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
