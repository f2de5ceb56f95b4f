//! `SessionHandler::garbageCollect()`: deletes expired, unlocked sessions
//! for tables without TTL. A parallel Scan (one task per segment) reads only
//! the keys of expired items that no live lock protects; BatchWriteItem
//! deletes them 25 at a time, retrying unprocessed items with backoff. The
//! whole run is bounded by `gc_timeout`.
//!
//! TTL is the recommended path: it costs nothing, while a Scan reads (and
//! bills) the whole table on every run.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use aws_sdk_dynamodb::Client;
use tokio::task::JoinSet;

use crate::config::{Config, TableLayout};
use crate::error::StoreError;
use crate::process;
use crate::store::{map_sdk_error, LOCK_ATTRIBUTE, LOCK_EXPIRES_ATTRIBUTE};

/// DynamoDB's BatchWriteItem limit.
const BATCH_SIZE: usize = 25;
/// Attempts for a batch's unprocessed items before giving up.
const BATCH_ATTEMPTS: u32 = 10;

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
        let mut deleted = 0;
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(count)) => deleted += count,
                Ok(Err(e)) => {
                    first_error.get_or_insert(e);
                }
                Err(e) => {
                    first_error.get_or_insert(StoreError::Client(format!("scan task failed: {e}")));
                }
            }
        }
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
            deleted += delete_batch(client, &layout.table_name, chunk).await?;
        }
        match page.last_evaluated_key {
            Some(key) if !key.is_empty() => start_key = Some(key),
            _ => return Ok(deleted),
        }
    }
}

/// Deletes up to 25 keys, retrying what DynamoDB leaves unprocessed with
/// exponential backoff (50 ms doubling, capped at 2 s).
async fn delete_batch(
    client: &Client,
    table: &str,
    keys: &[HashMap<String, AttributeValue>],
) -> Result<u64, StoreError> {
    let mut pending: Vec<WriteRequest> = Vec::with_capacity(keys.len());
    for key in keys {
        let delete = DeleteRequest::builder()
            .set_key(Some(key.clone()))
            .build()
            .map_err(|e| StoreError::Client(e.to_string()))?;
        pending.push(WriteRequest::builder().delete_request(delete).build());
    }
    let total = pending.len() as u64;
    let mut pause = Duration::from_millis(50);
    for attempt in 1..=BATCH_ATTEMPTS {
        let output = client
            .batch_write_item()
            .request_items(table, pending)
            .send()
            .await
            .map_err(|e| map_sdk_error("BatchWriteItem", e))?;
        pending = output
            .unprocessed_items
            .and_then(|mut items| items.remove(table))
            .unwrap_or_default();
        if pending.is_empty() {
            return Ok(total);
        }
        if attempt < BATCH_ATTEMPTS {
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(2));
        }
    }
    Err(StoreError::Service {
        operation: "BatchWriteItem",
        code: "UnprocessedItems".into(),
        message: format!(
            "{} of {total} deletes still unprocessed after {BATCH_ATTEMPTS} attempts (throttled?)",
            pending.len()
        ),
    })
}
