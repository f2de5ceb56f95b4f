//! `DynamoDbSession\ConfigurationException`, registered with `ClassBuilder`
//! in module startup: a `#[php_class]` exception would lack file, line and
//! trace.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::zend::{ce, ClassEntry};

use crate::registration::{builtin_class, BuiltinClass};

/// PHP name of the configuration exception.
pub const CONFIGURATION_EXCEPTION: &str = "DynamoDbSession\\ConfigurationException";

static CONFIGURATION_EXCEPTION_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

/// Registers the exception classes; called from module startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CONFIGURATION_EXCEPTION)
        .extends((invalid_argument_exception, "\\InvalidArgumentException"))
        .registration(remember_configuration_exception)
        .register()
}

fn invalid_argument_exception() -> &'static ClassEntry {
    builtin_class(BuiltinClass::InvalidArgumentException)
}

fn remember_configuration_exception(ce: &'static mut ClassEntry, _: ArgInfoTables) {
    CONFIGURATION_EXCEPTION_CE.store(ce, Ordering::Release);
}

/// The class entry to throw for invalid options (`\Exception` should
/// registration somehow not have happened).
pub fn configuration_exception() -> &'static ClassEntry {
    let ptr = CONFIGURATION_EXCEPTION_CE.load(Ordering::Acquire);
    // SAFETY: set once at module startup to a class entry the engine owns
    // for the life of the process.
    unsafe { ptr.as_ref() }.unwrap_or_else(ce::exception)
}
