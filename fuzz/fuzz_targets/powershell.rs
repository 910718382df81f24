//! Fuzzes the `powershell` source: `source::extract(text, InputFormat::Powershell)` and the rules on
//! each document it finds. See docs/performance.md ("Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::source::InputFormat;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::check_source(data, InputFormat::Powershell));
