//! Records the versions of the AWS crates this build uses (from Cargo.lock),
//! for `phpinfo()` and bug reports.

fn main() {
    let lock_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");
    println!("cargo:rerun-if-changed={lock_path}");
    let lock = std::fs::read_to_string(lock_path).unwrap_or_default();
    for (crate_name, variable) in [
        ("aws-config", "DYNAMODB_SESSION_AWS_CONFIG_VERSION"),
        (
            "aws-sdk-dynamodb",
            "DYNAMODB_SESSION_AWS_SDK_DYNAMODB_VERSION",
        ),
        (
            "aws-smithy-runtime",
            "DYNAMODB_SESSION_AWS_SMITHY_RUNTIME_VERSION",
        ),
        ("tokio", "DYNAMODB_SESSION_TOKIO_VERSION"),
    ] {
        let version = package_version(&lock, crate_name).unwrap_or_else(|| "unknown".into());
        println!("cargo:rustc-env={variable}={version}");
    }
}

/// The version of `name` in a Cargo.lock (the first entry if several).
fn package_version(lock: &str, name: &str) -> Option<String> {
    let needle = format!("name = \"{name}\"\n");
    let start = lock.find(&needle)? + needle.len();
    let line = lock[start..].lines().next()?;
    Some(
        line.strip_prefix("version = \"")?
            .trim_end_matches('"')
            .to_string(),
    )
}
