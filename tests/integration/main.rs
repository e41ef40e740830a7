//! End-to-end tests through the public API and the command-line tool.

mod bridge;
mod cli;
mod collections;
mod corpus;
mod diagnostics;
mod integrity;
mod live;
mod oracle;
mod outline;
mod preview;
mod readme;
mod report_facts;
mod site;
mod sql;
mod sql_functions;
mod support;
mod ui;
mod windows_auth;
