//! The `dynamodb_session.*` php.ini directives, one per option of
//! `core::config::OPTIONS` that can live in php.ini. Registered at module
//! startup; every new value (php.ini, `ini_set()`, `-d`) is validated with
//! the same rules as the constructor, and an invalid one is refused with a
//! warning naming the directive.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use dynamodb_session_core::config::{OptionSpec, OPTIONS};
use ext_php_rs::ffi::{zend_ini_entry, zend_string};
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::types::ZendStr;
use ext_php_rs::zend::IniEntryDef;

use crate::php;

const SUCCESS: c_int = 0;
const FAILURE: c_int = -1;

/// Registers the directives; called from module startup.
pub fn register(module_number: i32) {
    let mut entries: Vec<IniEntryDef> = Vec::new();
    for (index, spec) in OPTIONS.iter().enumerate() {
        if !spec.has_ini_directive() {
            continue;
        }
        let Ok(name) = CString::new(spec.ini_name()) else {
            continue;
        };
        // The engine keeps pointers into the table and its strings for the
        // life of the process, as it does for a C extension's static table.
        let name: &'static CStr = Box::leak(name.into_boxed_c_str());
        let mut entry = IniEntryDef::new(name, c"", IniEntryPermission::All);
        entry.on_modify = Some(on_modify);
        entry.mh_arg1 = std::ptr::without_provenance_mut(index);
        entries.push(entry);
    }
    entries.push(IniEntryDef::end());
    IniEntryDef::register(Box::leak(entries.into_boxed_slice()), module_number);
}

/// Validates a directive's new value. Refusing it keeps the old one.
unsafe extern "C" fn on_modify(
    _entry: *mut zend_ini_entry,
    new_value: *mut zend_string,
    mh_arg1: *mut c_void,
    _mh_arg2: *mut c_void,
    _mh_arg3: *mut c_void,
    _stage: c_int,
) -> c_int {
    let outcome = std::panic::catch_unwind(|| {
        let Some(spec) = OPTIONS.get(mh_arg1 as usize) else {
            return FAILURE;
        };
        // SAFETY: the engine passes the new value as a live zend_string (or
        // null for no value).
        let raw = unsafe { new_value.cast::<ZendStr>().as_ref() }
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .unwrap_or_default();
        match spec.validate_ini(&raw) {
            Ok(()) => SUCCESS,
            Err(e) => {
                php::warning(&format!(
                    "[dynamodb_session] {e}; the directive keeps its previous value"
                ));
                FAILURE
            }
        }
    });
    outcome.unwrap_or(FAILURE)
}

extern "C" {
    // Zend/zend_ini.h
    fn zend_ini_string_ex(
        name: *const c_char,
        name_length: usize,
        orig: c_int,
        exists: *mut bool,
    ) -> *mut c_char;
}

/// The current value of a `dynamodb_session.*` directive (full name).
pub fn value(name: &str) -> Option<String> {
    let mut exists = false;
    // SAFETY: the name buffer outlives the call; the engine returns a pointer
    // to the entry's NUL-terminated value (or null) that lives at least
    // until the value changes, and it is copied at once.
    let value = unsafe { zend_ini_string_ex(name.as_ptr().cast(), name.len(), 0, &raw mut exists) };
    if !exists || value.is_null() {
        return None;
    }
    // SAFETY: see above.
    Some(
        unsafe { CStr::from_ptr(value) }
            .to_string_lossy()
            .into_owned(),
    )
}

/// The spec behind each registered directive, for phpinfo and tests.
pub fn directives() -> impl Iterator<Item = &'static OptionSpec> {
    OPTIONS.iter().filter(|spec| spec.has_ini_directive())
}
