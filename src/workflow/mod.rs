//! The commands around a build: `check` (everything but writing, plus the translation
//! consistency report), packs for journalists, proofs, handouts, `watch` and `new`.
//!
//! Each command is a module with one entry function; the binary is glue over them.

pub mod booklet;
pub mod check;
pub mod consistency;
pub mod facts;
pub mod new;
pub mod pack;
pub mod proof;
pub mod watch;
