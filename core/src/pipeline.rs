//! What of the AWS SDK's per-call pipeline a session store does without.
//!
//! Every DynamoDB call runs the SDK's default interceptors. Three of them
//! only add headers that DynamoDB does not need to answer a session's
//! calls: the user agent (`user-agent`, `x-amz-user-agent`: the SDK builds
//! the string, with its feature list, on every call, the dearest of the
//! three), the attempt counter (`amz-sdk-request`) and a random invocation id
//! (`amz-sdk-invocation-id`). Together they cost about 46,000 instructions
//! per call, 9% of a session cycle's (BENCHMARKS.md, "What issue 16 changed").
//!
//! Clock-skew correction stays on: it costs about 6,500 instructions per
//! call (1.3% of a cycle), and without it a host whose clock is more than
//! five minutes off has every call refused (SigV4 signatures carry the
//! time), which loses every session on that host. Recursion detection is
//! permanent in the SDK and costs one environment lookup.
//!
//! The generated client has no public way to drop a default interceptor,
//! but each of these checks the configuration bag for a
//! [`DisableInterceptor`] of its own type before every hook: [`LeanCalls`]
//! puts those there at the first hook of every call. The check is by type,
//! so `aws-runtime` must be the SDK's own version; a test in `process`
//! asserts that the headers are absent from the request on the wire.

use aws_runtime::invocation_id::InvocationIdInterceptor;
use aws_runtime::request_info::RequestInfoInterceptor;
use aws_runtime::user_agent::UserAgentInterceptor;
use aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::disable_interceptor;

/// Turns the user agent, request info and invocation id interceptors off
/// for every call of the client that carries it.
#[derive(Debug, Default)]
pub struct LeanCalls;

const WHY: &str = "dynamodb_session: session calls do without it";

impl Intercept for LeanCalls {
    fn name(&self) -> &'static str {
        "dynamodb_session::LeanCalls"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let layer = cfg.interceptor_state();
        layer.store_put(disable_interceptor::<UserAgentInterceptor>(WHY));
        layer.store_put(disable_interceptor::<RequestInfoInterceptor>(WHY));
        layer.store_put(disable_interceptor::<InvocationIdInterceptor>(WHY));
        Ok(())
    }
}
