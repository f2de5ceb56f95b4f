//! Small bridges to the PHP engine: option arrays, ini settings, warnings.

use std::ffi::{c_char, c_int};

use dynamodb_session_core::config::OptionValue;
use ext_php_rs::error::php_error;
use ext_php_rs::flags::ErrorType;
use ext_php_rs::types::{ZendHashTable, Zval};

/// Converts a PHP options array into the core's option values.
pub fn options_from_array(array: &ZendHashTable) -> Vec<(String, OptionValue)> {
    array
        .iter()
        .map(|(key, value)| (key.to_string(), option_value(value)))
        .collect()
}

fn option_value(value: &Zval) -> OptionValue {
    if value.is_reference() {
        if let Some(target) = value.reference() {
            return option_value(target);
        }
    }
    if value.is_null() {
        OptionValue::Null
    } else if let Some(b) = value.bool().filter(|_| value.is_bool()) {
        OptionValue::Bool(b)
    } else if let Some(n) = value.long().filter(|_| value.is_long()) {
        OptionValue::Int(n)
    } else if let Some(f) = value.double().filter(|_| value.is_double()) {
        OptionValue::Float(f)
    } else if value.is_string() {
        let bytes = value.binary_slice::<u8>().unwrap_or_default();
        OptionValue::String(String::from_utf8_lossy(bytes).into_owned())
    } else if let Some(array) = value.array() {
        OptionValue::Array(options_from_array(array))
    } else if value.is_object() {
        OptionValue::Other("object")
    } else {
        OptionValue::Other("resource")
    }
}

extern "C" {
    // Zend API (Zend/zend_ini.h), exported by every PHP build.
    fn zend_ini_long(name: *const c_char, name_length: usize, orig: c_int) -> i64;
}

/// An integer ini setting's current value (0 when unknown).
fn ini_long(name: &str) -> i64 {
    // SAFETY: the name pointer and length describe a live UTF-8 buffer; the
    // engine only reads it and returns 0 for unknown settings.
    unsafe { zend_ini_long(name.as_ptr().cast(), name.len(), 0) }
}

/// A duration setting in seconds, such as `session.gc_maxlifetime` (the
/// SDK's default session lifetime) or `max_execution_time` (the default lock
/// lease); 0 when unset or negative.
pub fn ini_seconds(name: &str) -> u64 {
    u64::try_from(ini_long(name)).unwrap_or(0)
}

/// `session.sid_length` and `session.sid_bits_per_character`, with PHP's
/// defaults when unset (the settings are deprecated from PHP 8.4 on, but
/// still honoured).
pub fn sid_settings() -> (usize, u32) {
    let length = usize::try_from(ini_long("session.sid_length"))
        .ok()
        .filter(|&n| n > 0)
        .unwrap_or(32);
    let bits = u32::try_from(ini_long("session.sid_bits_per_character"))
        .ok()
        .filter(|&n| n > 0)
        .unwrap_or(4);
    (length, bits)
}

/// Emits an `E_WARNING`, prefixed by PHP with the calling method's name.
pub fn warning(message: &str) {
    php_error(&ErrorType::Warning, message);
}

/// Reports why module startup failed (PHP then refuses to load the module).
pub fn startup_error(message: &str) {
    php_error(&ErrorType::CoreWarning, message);
}
