//! Module startup: registers the exception and handler classes.
//!
//! The handler class is registered here rather than with
//! `ModuleBuilder::class` for two reasons: its interfaces belong to
//! ext/session and ext/spl, which `ClassEntry::try_find` cannot see during
//! startup (they are found in the compiler's class table instead), and
//! `read()` must be declared `string|false` like `SessionHandlerInterface`,
//! which ext-php-rs cannot express: the method is built as `string`, which
//! passes the interface check, and widened once the class exists. A
//! `string` declaration alone would make returning `false` an assertion
//! failure on debug builds of PHP.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::class::RegisteredClass;
use ext_php_rs::ffi::{compiler_globals, zend_function, zend_hash_str_find_ptr_lc, IS_FALSE};
use ext_php_rs::zend::{ce, ClassEntry};

use crate::handler::SessionHandler;

/// Engine classes the extension builds on, found at startup.
#[derive(Clone, Copy)]
pub enum BuiltinClass {
    SessionHandlerInterface,
    SessionIdInterface,
    SessionUpdateTimestampHandlerInterface,
    InvalidArgumentException,
    RuntimeException,
}

impl BuiltinClass {
    const ALL: [BuiltinClass; 5] = [
        BuiltinClass::SessionHandlerInterface,
        BuiltinClass::SessionIdInterface,
        BuiltinClass::SessionUpdateTimestampHandlerInterface,
        BuiltinClass::InvalidArgumentException,
        BuiltinClass::RuntimeException,
    ];

    fn name(self) -> &'static str {
        match self {
            BuiltinClass::SessionHandlerInterface => "SessionHandlerInterface",
            BuiltinClass::SessionIdInterface => "SessionIdInterface",
            BuiltinClass::SessionUpdateTimestampHandlerInterface => {
                "SessionUpdateTimestampHandlerInterface"
            }
            BuiltinClass::InvalidArgumentException => "InvalidArgumentException",
            BuiltinClass::RuntimeException => "RuntimeException",
        }
    }
}

static BUILTIN: [AtomicPtr<ClassEntry>; 5] = [
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
];

/// A class found by [`find_builtin_classes`]. Falls back to `\Exception`
/// only if called before startup found it, which startup prevents.
pub fn builtin_class(class: BuiltinClass) -> &'static ClassEntry {
    let ptr = BUILTIN[class as usize].load(Ordering::Acquire);
    // SAFETY: the pointer was read from the engine's class table, whose
    // internal class entries live until module shutdown.
    unsafe { ptr.as_ref() }.unwrap_or_else(ce::exception)
}

/// Looks a class up in `CG(class_table)` (lower-case key).
fn find_in_compiler_table(name: &str) -> *mut ClassEntry {
    let name = name.to_ascii_lowercase();
    // SAFETY: module startup is single-threaded and, in the NTS builds this
    // extension supports, `CG(class_table)` is a plain global that holds the
    // classes of every extension started so far.
    unsafe {
        let table = compiler_globals.class_table;
        if table.is_null() {
            return std::ptr::null_mut();
        }
        zend_hash_str_find_ptr_lc(table, name.as_ptr().cast(), name.len()).cast()
    }
}

fn find_builtin_classes() -> Result<(), String> {
    for class in BuiltinClass::ALL {
        let found = find_in_compiler_table(class.name());
        if found.is_null() {
            return Err(format!(
                "dynamodb_session needs {} (from PHP's session/SPL extensions), which is not loaded",
                class.name()
            ));
        }
        BUILTIN[class as usize].store(found, Ordering::Release);
    }
    Ok(())
}

/// The module startup function.
pub extern "C" fn startup(_type: i32, module_number: i32) -> i32 {
    let outcome = std::panic::catch_unwind(|| {
        crate::ini::register(module_number);
        find_builtin_classes()?;
        crate::exceptions::register().map_err(|e| e.to_string())?;
        register_session_handler().map_err(|e| e.to_string())?;
        crate::save_handler::register()
    });
    match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(message)) => {
            crate::php::startup_error(&message);
            -1
        }
        Err(_) => {
            crate::php::startup_error("dynamodb_session: panic during module startup");
            -1
        }
    }
}

fn session_handler_interface() -> &'static ClassEntry {
    builtin_class(BuiltinClass::SessionHandlerInterface)
}
fn session_id_interface() -> &'static ClassEntry {
    builtin_class(BuiltinClass::SessionIdInterface)
}
fn session_update_timestamp_handler_interface() -> &'static ClassEntry {
    builtin_class(BuiltinClass::SessionUpdateTimestampHandlerInterface)
}

fn register_session_handler() -> ext_php_rs::error::Result<()> {
    let mut builder = ClassBuilder::new(SessionHandler::CLASS_NAME);
    for (method, flags) in SessionHandler::method_builders() {
        builder = builder.method(method, flags);
    }
    builder
        .implements((session_handler_interface, "\\SessionHandlerInterface"))
        .implements((session_id_interface, "\\SessionIdInterface"))
        .implements((
            session_update_timestamp_handler_interface,
            "\\SessionUpdateTimestampHandlerInterface",
        ))
        .flags(SessionHandler::FLAGS)
        .object_override::<SessionHandler>()
        .registration(remember_session_handler)
        .docs(SessionHandler::DOC_COMMENTS)
        .register()
}

fn remember_session_handler(ce: &'static mut ClassEntry, arg_info: ArgInfoTables) {
    widen_read_return_type(ce);
    SessionHandler::get_metadata().set_ce(ce);
    SessionHandler::get_metadata().set_arg_info(arg_info);
}

/// Declares `read()` as returning `string|false`, like the interface.
fn widen_read_return_type(ce: &mut ClassEntry) {
    // SAFETY: runs in module startup, single-threaded, on a class just
    // registered: its function table holds internal functions whose
    // `arg_info` points one past the return type's entry.
    unsafe {
        let func: *mut zend_function =
            zend_hash_str_find_ptr_lc(&ce.function_table, c"read".as_ptr(), 4).cast();
        if let Some(func) = func.as_mut() {
            let arg_info = func.internal_function.arg_info;
            if !arg_info.is_null() {
                (*arg_info.offset(-1)).type_.type_mask |= 1 << IS_FALSE;
            }
        }
    }
}
