//! End-to-end tests through the public API and the command-line tool.

mod cli;
mod corpus;
mod diagnostics;
mod oracle;
mod preview;
mod sql;
mod support;
