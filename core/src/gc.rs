//! `SessionHandler::garbageCollect()`: deletes expired, unlocked sessions
//! for tables without TTL. A parallel Scan (one task per segment) reads only
//! the keys of expired items that no live lock protects; each is then
//! deleted with a DeleteItem conditional on the same test, 25 at a time in
//! parallel, so that a session revived or locked between the Scan and the
//! delete is kept (BatchWriteItem cannot be conditional). Throttled deletes
//! are retried by the SDK's standard retry mode. The whole run is bounded by
//! `gc_timeout`.
//!
//! TTL is the recommended path: it costs nothing, while a Scan reads (and
//! bills) the whole table on every run.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use tokio::task::JoinSet;

use crate::config::{Config, TableLayout};
use crate::error::StoreError;
use crate::process;
use crate::store::{map_sdk_error, LOCK_ATTRIBUTE, LOCK_EXPIRES_ATTRIBUTE};

/// Deletes in flight at once per segment.
const BATCH_SIZE: usize = 25;

/// Expired, and either not locked or locked by a lease that has run out.
/// An SDK lock (no lease) protects its item.
const EXPIRED_AND_UNLOCKED: &str = "#e <= :now AND (attribute_not_exists(#l) OR #le < :now_ms)";

/// Deletes expired, unlocked sessions; returns how many.
pub fn garbage_collect(config: &Config, now: i64, now_ms: i64) -> Result<u64, StoreError> {
    let layout = config.table.clone();
    let segments = config.gc_segments;
    process::run_with_timeout(&config.client, config.gc_timeout, |client| async move {
        let mut tasks = JoinSet::new();
        for segment in 0..segments {
            let (client, layout) = (client.clone(), layout.clone());
            tasks.spawn(async move {
                collect_segment(&client, &layout, segment, segments, now, now_ms).await
            });
        }
        let (deleted, first_error) = sum_of(tasks, "scan").await;
        match first_error {
            None => Ok(deleted),
            Some(e) => Err(StoreError::Transport {
                operation: "garbage collection",
                message: format!("{e} (after deleting {deleted} sessions)"),
            }),
        }
    })
}

async fn collect_segment(
    client: &Client,
    layout: &TableLayout,
    segment: u32,
    segments: u32,
    now: i64,
    now_ms: i64,
) -> Result<u64, StoreError> {
    let mut deleted = 0;
    let mut start_key: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let page = client
            .scan()
            .table_name(&layout.table_name)
            .segment(segment as i32)
            .total_segments(segments as i32)
            .filter_expression(EXPIRED_AND_UNLOCKED)
            .projection_expression("#k")
            .expression_attribute_names("#k", &layout.hash_key)
            .expression_attribute_names("#e", &layout.expires_attribute)
            .expression_attribute_names("#l", LOCK_ATTRIBUTE)
            .expression_attribute_names("#le", LOCK_EXPIRES_ATTRIBUTE)
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .expression_attribute_values(":now_ms", AttributeValue::N(now_ms.to_string()))
            .set_exclusive_start_key(start_key.take())
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| map_sdk_error("Scan", e))?;
        let keys = page.items.unwrap_or_default();
        for chunk in keys.chunks(BATCH_SIZE) {
            deleted += delete_batch(client, layout, chunk, now, now_ms).await?;
        }
        match page.last_evaluated_key {
            Some(key) if !key.is_empty() => start_key = Some(key),
            _ => return Ok(deleted),
        }
    }
}

/// Deletes up to 25 keys in parallel, each only if it is still expired and
/// unlocked; returns how many were deleted.
async fn delete_batch(
    client: &Client,
    layout: &TableLayout,
    keys: &[HashMap<String, AttributeValue>],
    now: i64,
    now_ms: i64,
) -> Result<u64, StoreError> {
    let mut deletes = JoinSet::new();
    for key in keys {
        let request = client
            .delete_item()
            .table_name(&layout.table_name)
            .set_key(Some(key.clone()))
            .condition_expression(EXPIRED_AND_UNLOCKED)
            .expression_attribute_names("#e", &layout.expires_attribute)
            .expression_attribute_names("#l", LOCK_ATTRIBUTE)
            .expression_attribute_names("#le", LOCK_EXPIRES_ATTRIBUTE)
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .expression_attribute_values(":now_ms", AttributeValue::N(now_ms.to_string()));
        deletes.spawn(async move {
            match request.send().await {
                Ok(_) => Ok(1),
                Err(e)
                    if matches!(
                        e.as_service_error(),
                        Some(DeleteItemError::ConditionalCheckFailedException(_))
                    ) =>
                {
                    Ok(0)
                }
                Err(e) => Err(map_sdk_error("DeleteItem", e)),
            }
        });
    }
    match sum_of(deletes, "delete").await {
        (deleted, None) => Ok(deleted),
        (_, Some(e)) => Err(e),
    }
}

/// Waits for every task and adds up their counts; the first error (a task
/// that failed, or panicked: named by `what`) comes back beside the sum.
async fn sum_of(
    mut tasks: JoinSet<Result<u64, StoreError>>,
    what: &str,
) -> (u64, Option<StoreError>) {
    let mut sum = 0;
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(count)) => sum += count,
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(StoreError::Client(format!("{what} task failed: {e}")));
            }
        }
    }
    (sum, first_error)
}
