//! `dynamodb_session`: a PHP extension storing sessions in Amazon DynamoDB.
//!
//! # Layout
//!
//! This crate is the PHP glue, the only code that touches `ext_php_rs`;
//! the session logic, the DynamoDB store and the per-process runtime live
//! in the `dynamodb_session_core` crate (`core/`), testable without PHP.
//!
//! - [`registration`]: module startup; registers the classes.
//! - [`handler`]: `DynamoDbSession\SessionHandler`, thin callbacks over
//!   `core::session::Session`, warnings instead of exceptions.
//! - [`ini`]: the `dynamodb_session.*` php.ini directives.
//! - [`save_handler`]: `session.save_handler = dynamodb`, a native ext/session
//!   module over the same session logic.
//! - [`exceptions`]: the `DynamoDbSession\ConfigurationException` class.
//! - [`php`]: option arrays, ini settings and warnings.

#![cfg_attr(windows, feature(abi_vectorcall))]

pub mod exceptions;
pub mod handler;
pub mod ini;
pub mod php;
pub mod registration;
pub mod save_handler;

use dynamodb_session_core::stats::StatValue;
use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

extern "C" {
    // ext/standard/info.h: the module's ini directives as a phpinfo table.
    fn display_ini_entries(module: *mut ModuleEntry);
}

/// `phpinfo()` section: version, AWS library versions, this worker's
/// counters, and every `dynamodb_session.*` directive.
extern "C" fn module_info(module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("dynamodb_session support", "enabled");
    info_table_row!("version", env!("CARGO_PKG_VERSION"));
    info_table_row!("session.save_handler", "dynamodb");
    for (library, version) in dynamodb_session_core::DEPENDENCY_VERSIONS {
        info_table_row!(library, version);
    }
    // Key ids only: key material never appears here.
    info_table_row!("encryption keys", ini::effective_keys().as_str());
    for (counter, value) in dynamodb_session_core::stats::snapshot() {
        let value = match value {
            StatValue::Count(count) => count.to_string(),
            StatValue::Units(units) => format!("{units:.1}"),
        };
        info_table_row!(format!("stats: {counter}").as_str(), value.as_str());
    }
    info_table_end!();
    // SAFETY: PHP passes this extension's own module entry.
    unsafe { display_ini_entries(module) };
}

/// After every request (and after ext/session wrote the session): releases
/// session locks a request left behind, e.g. after a fatal error, `exit()`
/// or a framework that never calls `close()`. Rust destructors do not run
/// after a fatal error, so the held locks are tracked outside the objects.
extern "C" fn post_deactivate() -> i32 {
    let _ = std::panic::catch_unwind(|| {
        dynamodb_session_core::store::dynamodb::registry().end_request()
    });
    0
}

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .startup_function(registration::startup)
        .post_deactivate_function(post_deactivate)
        .info_function(module_info)
}
