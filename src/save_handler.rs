//! `session.save_handler = dynamodb`: a native ext/session module, so that
//! an application stores its sessions in DynamoDB with php.ini settings
//! alone, the way `session.save_handler = redis` works for phpredis.
//!
//! ext-php-rs has no bindings for ext/session; the module structure below
//! mirrors `ps_module` from `ext/session/php_session.h` (stable since PHP 7).
//! Each callback is a thin shell around the same `Session` the class uses,
//! so behaviour (strict mode, lazy write, locking, fail-closed reads) is
//! identical.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use dynamodb_session_core::config::{options_from_save_path, Config};
use ext_php_rs::ffi::{zend_long, zend_string};
use ext_php_rs::types::ZendStr;

use crate::handler::{
    emit, new_session, php_settings, read_session, report, DynamoSession, Warnings, WARNING_PREFIX,
};
use crate::php;

const SUCCESS: c_int = 0;
const FAILURE: c_int = -1;

type ModData = *mut *mut c_void;

/// `ps_module` (ext/session/php_session.h).
#[repr(C)]
pub struct PsModule {
    s_name: *const c_char,
    s_open: unsafe extern "C" fn(ModData, *const c_char, *const c_char) -> c_int,
    s_close: unsafe extern "C" fn(ModData) -> c_int,
    s_read:
        unsafe extern "C" fn(ModData, *mut zend_string, *mut *mut zend_string, zend_long) -> c_int,
    s_write: unsafe extern "C" fn(ModData, *mut zend_string, *mut zend_string, zend_long) -> c_int,
    s_destroy: unsafe extern "C" fn(ModData, *mut zend_string) -> c_int,
    s_gc: unsafe extern "C" fn(ModData, zend_long, *mut zend_long) -> zend_long,
    s_create_sid: unsafe extern "C" fn(ModData) -> *mut zend_string,
    s_validate_sid: unsafe extern "C" fn(ModData, *mut zend_string) -> c_int,
    s_update_timestamp:
        unsafe extern "C" fn(ModData, *mut zend_string, *mut zend_string, zend_long) -> c_int,
}

// SAFETY: the table is immutable and its only pointer is to a static C string.
unsafe impl Sync for PsModule {}

/// The name PHP's `session.save_handler` selects.
pub const SAVE_HANDLER_NAME: &CStr = c"dynamodb";

static MODULE: PsModule = PsModule {
    s_name: SAVE_HANDLER_NAME.as_ptr(),
    s_open: open,
    s_close: close,
    s_read: read,
    s_write: write,
    s_destroy: destroy,
    s_gc: gc,
    s_create_sid: create_sid,
    s_validate_sid: validate_sid,
    s_update_timestamp: update_timestamp,
};

extern "C" {
    // ext/session/php_session.h
    fn php_session_register_module(module: *const PsModule) -> c_int;
}

/// Makes `session.save_handler = dynamodb` available; called from module
/// startup. ext/session looks the handler up by name at each request start,
/// so it does not matter that it started before this extension.
pub fn register() -> Result<(), String> {
    // SAFETY: the module table is a static that lives for the process.
    match unsafe { php_session_register_module(&MODULE) } {
        SUCCESS => Ok(()),
        _ => Err("cannot register the 'dynamodb' session save handler".into()),
    }
}

/// Runs a callback with the `Session` behind `mod_data`, then raises its
/// warnings once the session is no longer borrowed; FAILURE (with a
/// warning) when there is none or the callback panics.
fn with_session<T>(
    mod_data: ModData,
    operation: &str,
    fallback: T,
    body: impl FnOnce(&mut DynamoSession) -> (T, Warnings),
) -> T {
    let outcome = {
        // SAFETY: ext/session passes the address of PS(mod_data), which
        // `open` set to a boxed Session (or left null). The reference does
        // not outlive this block.
        let session = unsafe { mod_data.as_ref() }
            .and_then(|data| unsafe { data.cast::<DynamoSession>().as_mut() });
        let Some(session) = session else {
            php::warning(&format!(
                "{WARNING_PREFIX} {operation} failed: the session is not open"
            ));
            return fallback;
        };
        catch_unwind(AssertUnwindSafe(|| body(session)))
    };
    match outcome {
        Ok((value, warnings)) => {
            emit(warnings);
            value
        }
        Err(_) => {
            php::warning(&format!("{WARNING_PREFIX} {operation} failed: internal error (a bug in dynamodb_session; please report it)"));
            fallback
        }
    }
}

/// The bytes of a zend_string argument.
fn bytes<'a>(value: *mut zend_string) -> &'a [u8] {
    // SAFETY: ext/session passes live zend_strings for keys and values.
    unsafe { value.cast::<ZendStr>().as_ref() }.map_or(&[], ZendStr::as_bytes)
}

fn status(ok: bool) -> c_int {
    if ok {
        SUCCESS
    } else {
        FAILURE
    }
}

unsafe extern "C" fn open(
    mod_data: ModData,
    save_path: *const c_char,
    session_name: *const c_char,
) -> c_int {
    let outcome = catch_unwind(|| {
        // SAFETY: ext/session passes NUL-terminated strings (or null).
        let text = |ptr: *const c_char| {
            if ptr.is_null() {
                String::new()
            } else {
                unsafe { CStr::from_ptr(ptr) }
                    .to_string_lossy()
                    .into_owned()
            }
        };
        let (save_path, name) = (text(save_path), text(session_name));
        let config = options_from_save_path(&save_path).and_then(|options| {
            Config::from_sources(&options, &crate::ini::value, &|var| std::env::var(var).ok())
        });
        match config {
            Ok(config) => {
                // SAFETY: PS(mod_data) is ours until close; non-null means
                // PHP re-opens without closing (session_reset()): the
                // session in it, and any lock it holds, carries on.
                let current = unsafe { *mod_data }.cast::<DynamoSession>();
                if let Some(session) = unsafe { current.as_mut() } {
                    if *session.config() == config {
                        session.open(&name);
                        return SUCCESS;
                    }
                    // Other settings: that session ends here.
                    let mut old = unsafe { Box::from_raw(current) };
                    unsafe { *mod_data = std::ptr::null_mut() };
                    let _ = old.close();
                }
                let mut session = new_session(config);
                session.open(&name);
                unsafe { *mod_data = Box::into_raw(Box::new(session)).cast() };
                SUCCESS
            }
            Err(e) => {
                php::warning(&format!("{WARNING_PREFIX} open failed: {e} (session.save_path, dynamodb_session.* directives)"));
                FAILURE
            }
        }
    });
    outcome.unwrap_or(FAILURE)
}

unsafe extern "C" fn close(mod_data: ModData) -> c_int {
    // SAFETY: take back the Session `open` boxed; ext/session calls close once.
    let raw = unsafe { std::mem::replace(&mut *mod_data, std::ptr::null_mut()) };
    if raw.is_null() {
        return SUCCESS;
    }
    let mut session = unsafe { Box::from_raw(raw.cast::<DynamoSession>()) };
    let outcome = catch_unwind(AssertUnwindSafe(|| session.close()));
    match outcome {
        Ok(Ok(())) => SUCCESS,
        Ok(Err(e)) => {
            php::warning(&format!("{WARNING_PREFIX} close failed: {e}"));
            FAILURE
        }
        Err(_) => FAILURE,
    }
}

unsafe extern "C" fn read(
    mod_data: ModData,
    key: *mut zend_string,
    val: *mut *mut zend_string,
    _max: zend_long,
) -> c_int {
    let id = bytes(key);
    with_session(mod_data, "read", FAILURE, |session| {
        let (data, warnings) = read_session(session, id);
        match data {
            Some(data) => {
                // SAFETY: ext/session takes ownership of *val.
                unsafe { *val = ZendStr::new(&data, false).into_raw().cast() };
                (SUCCESS, warnings)
            }
            None => (FAILURE, warnings),
        }
    })
}

unsafe extern "C" fn write(
    mod_data: ModData,
    key: *mut zend_string,
    val: *mut zend_string,
    _max: zend_long,
) -> c_int {
    store(mod_data, key, val, "write")
}

/// `write` and `update_timestamp` alike: the session logic stores changed
/// data and only refreshes the expiry of unchanged data.
fn store(
    mod_data: ModData,
    key: *mut zend_string,
    val: *mut zend_string,
    operation: &str,
) -> c_int {
    let (id, data) = (bytes(key), bytes(val).to_vec());
    with_session(mod_data, operation, FAILURE, |session| {
        let (ok, warnings) = report(operation, id, session.write(id, data, php_settings()));
        (status(ok), warnings)
    })
}

unsafe extern "C" fn destroy(mod_data: ModData, key: *mut zend_string) -> c_int {
    let id = bytes(key);
    with_session(mod_data, "destroy", FAILURE, |session| {
        let (ok, warnings) = report("destroy", id, session.destroy(id));
        (status(ok), warnings)
    })
}

unsafe extern "C" fn gc(_mod_data: ModData, _max: zend_long, nrdels: *mut zend_long) -> zend_long {
    // Expiry is DynamoDB TTL's job; see SessionHandler::garbageCollect().
    if let Some(deleted) = unsafe { nrdels.as_mut() } {
        *deleted = 0;
    }
    0
}

unsafe extern "C" fn create_sid(mod_data: ModData) -> *mut zend_string {
    let (length, bits) = php::sid_settings();
    with_session(
        mod_data,
        "create_sid",
        std::ptr::null_mut(),
        |session| match session.create_sid(length, bits) {
            Ok(id) => (
                ZendStr::new(id.as_bytes(), false).into_raw().cast(),
                Vec::new(),
            ),
            // Null makes ext/session fall back to its own generator.
            Err(e) => (
                std::ptr::null_mut(),
                vec![format!("{WARNING_PREFIX} create_sid failed: {e}")],
            ),
        },
    )
}

unsafe extern "C" fn validate_sid(mod_data: ModData, key: *mut zend_string) -> c_int {
    let id = bytes(key);
    with_session(mod_data, "validate_sid", FAILURE, |session| {
        (status(session.validate_id(id, php_settings())), Vec::new())
    })
}

unsafe extern "C" fn update_timestamp(
    mod_data: ModData,
    key: *mut zend_string,
    val: *mut zend_string,
    _max: zend_long,
) -> c_int {
    store(mod_data, key, val, "update_timestamp")
}
