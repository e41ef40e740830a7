#![doc = include_str!("../../ARCHITECTURE.md")]
#![warn(missing_docs)]

pub mod ast;
pub mod format;
pub mod parser;

pub use format::format;
pub use parser::parse;
