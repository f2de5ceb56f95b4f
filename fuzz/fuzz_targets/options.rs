//! Fuzzes everything that parses operator input: `session.save_path`,
//! every `dynamodb_session.*` directive's parser and validator, and the
//! whole configuration built from directives. None of it may panic.
//!
//! The parsing modules are compiled in directly (they depend on nothing but
//! `thiserror`), so fuzzing does not build the AWS SDK with sanitizers.
#![no_main]

#[allow(dead_code)]
#[path = "../../core/src/compression.rs"]
mod compression;
#[allow(dead_code)]
#[path = "../../core/src/config.rs"]
mod config;
#[allow(dead_code)]
#[path = "../../core/src/encryption.rs"]
mod encryption;
#[allow(dead_code)]
#[path = "../../core/src/error.rs"]
mod error;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(options) = config::options_from_save_path(&text) {
        let _ = config::Config::from_sources(&options, &|_| None, &|_| None);
    }
    for spec in config::OPTIONS {
        let _ = spec.validate_ini(&text);
    }
    // Each line is the value of one directive, in the table's order.
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let directive = |name: &str| {
        config::OPTIONS
            .iter()
            .position(|spec| spec.ini_name() == name)
            .and_then(|index| lines.get(index).cloned())
    };
    let environment = |name: &str| lines.iter().find(|line| line.starts_with(name)).cloned();
    let _ = config::Config::from_sources(&[], &directive, &environment);
});
