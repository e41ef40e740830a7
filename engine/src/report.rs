//! Runs T-SQL reports written against the site database's views over a
//! snapshot, with SQL Server's semantics.
//!
//! | stage | input → output | module |
//! |---|---|---|
//! | parse | T-SQL text → sqlparser statements (MsSqlDialect; no `;` needed, ANSI nested joins, identifiers folded) | `parse` |
//! | rewrite | statement → statement DataFusion can plan (`TOP`, `dbo.`, `fn_rbac_*`, hints, `@variables`, T-SQL functions, CONVERT styles, ORDER BY a column an alias shadows) | `rewrite`, `order` |
//! | plan | statement → DataFusion plan over lower-cased views (T-SQL types, string `+`, PIVOT) | `session` |
//! | collation | plan → plan with SQL Server's comparisons, LIKE, grouping and ordering | `semantics` |
//! | run | script → result sets, variables assigned in order | `batch` |
//! | control flow | IF, WHILE, BREAK, CONTINUE, RETURN, blocks; PRINT, RAISERROR, THROW | `flow` |
//! | functions | T-SQL's functions and CONVERT styles by type; PARSE (en-US); datetimeoffset; FOR JSON PATH; the site database's own functions (`site_functions.toml`) | `functions`, `convert`, `culture`, `offsets`, `json`, `site` |
//! | own tables | temp tables and table variables: CREATE (IDENTITY, DEFAULT), SELECT … INTO, INSERT, UPDATE, DELETE, DROP (in memory; views are never changed) | `dml`, `tables` |

mod batch;
mod check;
mod convert;
mod culture;
mod dml;
mod expr;
mod flow;
mod format;
mod functions;
mod json;
mod lints;
mod lists;
mod numeric;
pub(crate) mod offsets;
mod order;
pub mod parse;
mod rewrite;
mod semantics;
mod session;
mod site;
mod subqueries;
mod tables;
mod udfs;
mod vars;
mod xml;

pub use batch::{ReportOutput, ResultSet, run, run_with};
pub use check::{CheckOutput, Parameter, check};
pub use flow::RunOptions;
