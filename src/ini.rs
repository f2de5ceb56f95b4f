//! The `dynamodb_session.*` php.ini directives, one per option of
//! `core::config::OPTIONS` that can live in php.ini. Registered at module
//! startup; every new value (php.ini, `ini_set()`, `-d`) is validated with
//! the same rules as the constructor, and an invalid one is refused with a
//! warning naming the directive.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use dynamodb_session_core::config::{OptionKind, OptionSpec, OPTIONS};
use dynamodb_session_core::encryption::{self, KEYS_ENV};
use ext_php_rs::ffi::{php_output_write, zend_ini_entry, zend_string};
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
        if spec.kind == OptionKind::Keys {
            // phpinfo() and `php -i` show key ids, never the keys.
            entry.displayer = Some(display_keys);
        }
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

/// `ZEND_INI_DISPLAY_ORIG` (Zend/zend_ini.h): show the php.ini value.
const DISPLAY_ORIG: c_int = 1;

/// Shows an `encryption_keys` directive in phpinfo() as its key ids.
unsafe extern "C" fn display_keys(entry: *mut zend_ini_entry, kind: c_int) {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: the engine passes one of this module's live entries.
        let Some(entry) = (unsafe { entry.as_ref() }) else {
            return;
        };
        let value = if kind == DISPLAY_ORIG && entry.modified != 0 {
            entry.orig_value
        } else {
            entry.value
        };
        // SAFETY: the entry's value is a live zend_string or null.
        let raw = unsafe { value.cast::<ZendStr>().as_ref() }
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .unwrap_or_default();
        let text = describe_keys(&raw);
        // SAFETY: a valid buffer of the given length, copied by the engine.
        unsafe { php_output_write(text.as_ptr().cast(), text.len()) };
    });
}

/// Key ids and which one encrypts, for phpinfo(): never key material.
pub fn describe_keys(raw: &str) -> String {
    if raw.trim().is_empty() {
        return "no value".into();
    }
    match encryption::parse_keys([raw]) {
        Ok(keys) => keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let role = if i == 0 { "encrypts" } else { "decrypts" };
                format!("key id {} ({role})", key.id())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Err(reason) => format!("invalid: {reason}"),
    }
}

/// The keys sessions use when no option sets them, described for
/// phpinfo(): from the directive, else the environment.
pub fn effective_keys() -> String {
    let directive = value("dynamodb_session.encryption_keys").filter(|v| !v.trim().is_empty());
    match directive {
        Some(raw) => format!("{} (php.ini)", describe_keys(&raw)),
        None => match std::env::var(KEYS_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            Some(raw) => format!("{} (${KEYS_ENV})", describe_keys(&raw)),
            None => "off".into(),
        },
    }
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
