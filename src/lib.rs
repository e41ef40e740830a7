//! wqlkit: parse, translate and evaluate ConfigMgr (SCCM) WQL.
//!
//! This crate re-exports the layers ([`core`], [`wql`], [`engine`], [`demo`]) and holds
//! the command-line tool's shared pieces.
pub use wqlkit_core as core;
pub use wqlkit_demo as demo;
pub use wqlkit_engine as engine;
pub use wqlkit_wql as wql;

pub mod render;
