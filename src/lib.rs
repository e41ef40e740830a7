#![doc = include_str!("../ARCHITECTURE.md")]
pub use wqlkit_core as core;
pub use wqlkit_demo as demo;
pub use wqlkit_engine as engine;
pub use wqlkit_wql as wql;

pub mod render;
