//! End-to-end tests through the public API and the command-line tool.

mod cli;
mod collections;
mod corpus;
mod diagnostics;
mod oracle;
mod preview;
mod support;
