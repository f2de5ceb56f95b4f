//! `DynamoDbSession\ConfigurationException` and `StoreException`, registered with `ClassBuilder`
//! in module startup: a `#[php_class]` exception would lack file, line and
//! trace.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::zend::{ce, ClassEntry};

use crate::registration::{builtin_class, BuiltinClass};

/// PHP name of the exception for invalid options.
pub const CONFIGURATION_EXCEPTION: &str = "DynamoDbSession\\ConfigurationException";
/// PHP name of the exception for failed table operations (`createTable()`,
/// `garbageCollect()`); the session callbacks warn instead of throwing.
pub const STORE_EXCEPTION: &str = "DynamoDbSession\\StoreException";

static CONFIGURATION_EXCEPTION_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static STORE_EXCEPTION_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

/// Registers the exception classes; called from module startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CONFIGURATION_EXCEPTION)
        .extends((invalid_argument_exception, "\\InvalidArgumentException"))
        .registration(remember_configuration_exception)
        .register()?;
    ClassBuilder::new(STORE_EXCEPTION)
        .extends((runtime_exception, "\\RuntimeException"))
        .registration(remember_store_exception)
        .register()
}

fn invalid_argument_exception() -> &'static ClassEntry {
    builtin_class(BuiltinClass::InvalidArgumentException)
}

fn runtime_exception() -> &'static ClassEntry {
    builtin_class(BuiltinClass::RuntimeException)
}

fn remember_configuration_exception(ce: &'static mut ClassEntry, _: ArgInfoTables) {
    CONFIGURATION_EXCEPTION_CE.store(ce, Ordering::Release);
}

fn remember_store_exception(ce: &'static mut ClassEntry, _: ArgInfoTables) {
    STORE_EXCEPTION_CE.store(ce, Ordering::Release);
}

fn registered(slot: &AtomicPtr<ClassEntry>) -> &'static ClassEntry {
    // SAFETY: set once at module startup to a class entry the engine owns
    // for the life of the process; `\Exception` should that not have happened.
    unsafe { slot.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
}

/// The class entry to throw for invalid options.
pub fn configuration_exception() -> &'static ClassEntry {
    registered(&CONFIGURATION_EXCEPTION_CE)
}

/// The class entry to throw when a table operation fails.
pub fn store_exception() -> &'static ClassEntry {
    registered(&STORE_EXCEPTION_CE)
}
