//! Runs T-SQL reports written against the site database's views over a
//! snapshot, with SQL Server's semantics.
//!
//! | stage | input → output | module |
//! |---|---|---|
//! | parse | T-SQL text → sqlparser statements (MsSqlDialect; no `;` needed, ANSI nested joins, identifiers folded) | `parse` |
//! | rewrite | statement → statement DataFusion can plan (`TOP`, `dbo.`, `fn_rbac_*`, hints, `@variables`, T-SQL functions, CONVERT styles) | `rewrite` |
//! | plan | statement → DataFusion plan over lower-cased views (T-SQL types, string `+`, PIVOT) | `session` |
//! | collation | plan → plan with SQL Server's comparisons, LIKE, grouping and ordering | `semantics` |
//! | run | batch → result sets, variables assigned in order | `batch` |

mod batch;
mod expr;
pub mod parse;
mod rewrite;
mod semantics;
mod session;
mod vars;

pub use batch::{ReportOutput, ResultSet, run};
