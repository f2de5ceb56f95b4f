//! The DynamoDB side: the item format shared with the AWS SDK for PHP, the
//! requests the handler makes, and the one place SDK errors become
//! [`StoreError`]s.
//!
//! Every write uses the expression API (`UpdateExpression` with `#names`):
//! the SDK for PHP's legacy `AttributeUpdates` without `Action` is silently
//! ignored by DynamoDB Local, and `lock` is a reserved word. Every
//! conditional request asks for the item on failure
//! (`ReturnValuesOnConditionCheckFailure`), so that a retried request whose
//! first attempt was applied is told apart from a lost lock at no cost.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{
    AttributeValue, ConsumedCapacity, ReturnConsumedCapacity, ReturnValue,
    ReturnValuesOnConditionCheckFailure,
};
use aws_sdk_dynamodb::Client;

use super::{Acquire, Conditional, DataValue, Guard, LockRequest, Store};
use crate::config::{ClientSettings, TableLayout};
use crate::error::StoreError;
use crate::item::{Attribute, LockInfo, StoredItem};
use crate::lock::LockRegistry;
use crate::process;
use crate::stats::{self, Counter};
use crate::store::{LOCK_ATTRIBUTE, LOCK_EXPIRES_ATTRIBUTE, LOCK_OWNER_ATTRIBUTE};

/// Expression placeholders and expressions, shared by every request.
mod expr {
    pub const KEY: &str = "#k";
    pub const DATA: &str = "#d";
    pub const EXPIRES: &str = "#e";
    pub const LOCK: &str = "#l";
    pub const LOCK_EXPIRES: &str = "#le";
    pub const LOCK_OWNER: &str = "#lo";
    pub const DATA_VALUE: &str = ":d";
    pub const EXPIRES_VALUE: &str = ":e";
    pub const LOCK_VALUE: &str = ":l";
    pub const LEASE_VALUE: &str = ":le";
    pub const OWNER_VALUE: &str = ":lo";
    pub const NOW_MS_VALUE: &str = ":now";
    pub const NOW_S_VALUE: &str = ":nows";
    /// Writes data and expiry, keeping any other attribute (an SDK lock).
    pub const SAVE: &str = "SET #d = :d, #e = :e";
    /// Writes data and expiry and releases our lock in the same request.
    pub const SAVE_AND_RELEASE: &str = "SET #d = :d, #e = :e REMOVE #l, #le, #lo";
    /// Refreshes only the expiry.
    pub const TOUCH: &str = "SET #e = :e";
    pub const TOUCH_AND_RELEASE: &str = "SET #e = :e REMOVE #l, #le, #lo";
    pub const RELEASE: &str = "REMOVE #l, #le, #lo";
    pub const RENEW: &str = "SET #le = :le";
    pub const RENEW_STUB: &str = "SET #le = :le, #e = :e";
    /// An expired item just locked: its stale data goes, its expiry moves on.
    pub const CLEAR_EXPIRED: &str = "SET #e = :e REMOVE #d";
    /// Takes the lock. A new session gets an expiry too (the lease's end), so
    /// TTL removes the item if its request dies before writing.
    pub const ACQUIRE: &str = "SET #l = :l, #le = :le, #lo = :lo, #e = if_not_exists(#e, :e)";
    /// Nobody holds a live lock: no lock, a lease that has run out, or an
    /// SDK lock (no lease) on an item that has expired. One definition that
    /// every condition below builds on (`concat!` needs a literal).
    macro_rules! free {
        () => {
            "(attribute_not_exists(#l) OR #le < :now OR (attribute_not_exists(#le) AND #e <= :nows))"
        };
    }
    pub const FREE: &str = free!();
    /// Free, or ours already (an earlier attempt of this acquire).
    pub const LOCK_AVAILABLE: &str = concat!("(#lo = :lo OR ", free!(), ")");
    pub const EXISTING_AND_AVAILABLE: &str =
        concat!("attribute_exists(#k) AND (#lo = :lo OR ", free!(), ")");
    pub const OWNED: &str = "#lo = :lo";
    /// A stub is deleted only while it still holds no data.
    pub const OWNED_STUB: &str = "#lo = :lo AND attribute_not_exists(#d)";
    /// A touch must not create a stub item for a session someone destroyed.
    pub const ITEM_EXISTS: &str = "attribute_exists(#k)";
    pub const EXISTS_AND_FREE: &str = concat!("attribute_exists(#k) AND ", free!());
    pub const ITEM_MISSING: &str = "attribute_not_exists(#k)";
}

/// Decodes a DynamoDB item into a [`StoredItem`] (see `item`); its key
/// attribute is the associated data of an encrypted value.
pub fn decode(layout: &TableLayout, item: &HashMap<String, AttributeValue>) -> StoredItem {
    let key = match item.get(&layout.hash_key) {
        Some(AttributeValue::S(key)) => key.as_str(),
        _ => "",
    };
    let mut decoded = StoredItem::from_attributes(
        layout,
        key,
        item.get(&layout.data_attribute).map(attribute),
        item.get(&layout.expires_attribute).map(attribute),
    );
    if item.contains_key(LOCK_ATTRIBUTE) {
        decoded.lock = Some(LockInfo {
            owner: match item.get(LOCK_OWNER_ATTRIBUTE) {
                Some(AttributeValue::S(owner)) => Some(owner.clone()),
                _ => None,
            },
            lease_until_ms: match item.get(LOCK_EXPIRES_ATTRIBUTE) {
                Some(AttributeValue::N(n)) => n.parse().ok(),
                _ => None,
            },
        });
    }
    decoded
}

fn attribute(value: &AttributeValue) -> Attribute<'_> {
    match value {
        AttributeValue::S(s) => Attribute::S(s),
        AttributeValue::B(blob) => Attribute::B(blob.as_ref()),
        AttributeValue::N(n) => Attribute::N(n),
        AttributeValue::Bool(_) => Attribute::Other("BOOL"),
        AttributeValue::Bs(_) => Attribute::Other("BS"),
        AttributeValue::L(_) => Attribute::Other("L"),
        AttributeValue::M(_) => Attribute::Other("M"),
        AttributeValue::Ns(_) => Attribute::Other("NS"),
        AttributeValue::Null(_) => Attribute::Other("NULL"),
        AttributeValue::Ss(_) => Attribute::Other("SS"),
        _ => Attribute::Other("unknown"),
    }
}

/// The locks of every DynamoDB-backed handler in this process: what request
/// shutdown releases and the lease renewer renews.
static LOCKS: LockRegistry = LockRegistry::new();

/// The process-wide registry of DynamoDB locks (see [`LockRegistry`]).
pub fn registry() -> &'static LockRegistry {
    &LOCKS
}

/// The session store on one DynamoDB table, reached through this process's
/// client for `client` (see `process`).
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: ClientSettings,
    layout: TableLayout,
}

impl DynamoStore {
    pub fn new(client: ClientSettings, layout: TableLayout) -> DynamoStore {
        DynamoStore { client, layout }
    }

    fn run<'s, T, F>(&'s self, request: impl FnOnce(Requests<'s>) -> F) -> Result<T, StoreError>
    where
        F: std::future::Future<Output = Result<T, StoreError>>,
    {
        let layout = &self.layout;
        process::run(&self.client, |client| request(Requests { client, layout }))
    }
}

impl Store for DynamoStore {
    fn get(&self, key: &str) -> Result<Option<StoredItem>, StoreError> {
        self.run(|r| async move { r.get(key).await })
    }

    fn acquire(&self, key: &str, request: &LockRequest) -> Result<Acquire, StoreError> {
        let outcome = self.run(|r| async move { r.acquire(key, request).await });
        if matches!(outcome, Ok(Acquire::Acquired { .. })) {
            process::install_fork_handlers();
            crate::lock::start_renewer(registry());
        }
        outcome
    }

    fn renew(
        &self,
        key: &str,
        owner: &str,
        lease_until_ms: i64,
        stub_expires: Option<i64>,
    ) -> Result<Conditional, StoreError> {
        self.run(|r| async move {
            let request = r
                .update(key)
                .expression_attribute_names(expr::LOCK_EXPIRES, LOCK_EXPIRES_ATTRIBUTE)
                .expression_attribute_values(
                    expr::LEASE_VALUE,
                    AttributeValue::N(lease_until_ms.to_string()),
                );
            let request = match stub_expires {
                None => while_owned(request.update_expression(expr::RENEW), owner),
                // Only while it is still a stub: never shorten a session
                // someone stored in it.
                Some(expires) => while_owned(
                    request
                        .update_expression(expr::RENEW_STUB)
                        .expression_attribute_names(expr::EXPIRES, &r.layout.expires_attribute)
                        .expression_attribute_values(
                            expr::EXPIRES_VALUE,
                            AttributeValue::N(expires.to_string()),
                        ),
                    owner,
                )
                .condition_expression(expr::OWNED_STUB)
                .expression_attribute_names(expr::DATA, &r.layout.data_attribute),
            };
            r.conditional_update(request).await
        })
    }

    fn clear_expired(
        &self,
        key: &str,
        owner: &str,
        expires: i64,
    ) -> Result<Conditional, StoreError> {
        self.run(|r| async move {
            let request = r
                .update(key)
                .update_expression(expr::CLEAR_EXPIRED)
                .expression_attribute_names(expr::DATA, &r.layout.data_attribute)
                .expression_attribute_names(expr::EXPIRES, &r.layout.expires_attribute)
                .expression_attribute_values(
                    expr::EXPIRES_VALUE,
                    AttributeValue::N(expires.to_string()),
                );
            r.conditional_update(while_owned(request, owner)).await
        })
    }

    fn save(
        &self,
        key: &str,
        data: DataValue,
        expires: i64,
        guard: Guard,
    ) -> Result<Conditional, StoreError> {
        self.run(|r| async move { r.save(key, data, expires, guard).await })
    }

    fn touch(&self, key: &str, expires: i64, guard: Guard) -> Result<Conditional, StoreError> {
        self.run(|r| async move {
            let request = r
                .update(key)
                .expression_attribute_names(expr::EXPIRES, &r.layout.expires_attribute)
                .expression_attribute_values(
                    expr::EXPIRES_VALUE,
                    AttributeValue::N(expires.to_string()),
                );
            let request = match guard {
                Guard::None => request
                    .update_expression(expr::TOUCH)
                    .condition_expression(expr::ITEM_EXISTS)
                    .expression_attribute_names(expr::KEY, &r.layout.hash_key),
                Guard::Unlocked { now_ms, now_s } => with_free(
                    request
                        .update_expression(expr::TOUCH)
                        .condition_expression(expr::EXISTS_AND_FREE)
                        .expression_attribute_names(expr::KEY, &r.layout.hash_key),
                    now_ms,
                    now_s,
                ),
                Guard::Owner(owner) => {
                    with_owner(request.update_expression(expr::TOUCH_AND_RELEASE), owner)
                }
            };
            r.conditional_update(request).await
        })
    }

    fn mark(&self, key: &str, expires: i64) -> Result<Conditional, StoreError> {
        self.run(|r| async move {
            let request = r
                .update(key)
                .update_expression(expr::TOUCH)
                .condition_expression(expr::ITEM_MISSING)
                .expression_attribute_names(expr::KEY, &r.layout.hash_key)
                .expression_attribute_names(expr::EXPIRES, &r.layout.expires_attribute)
                .expression_attribute_values(
                    expr::EXPIRES_VALUE,
                    AttributeValue::N(expires.to_string()),
                );
            r.conditional_update(request).await
        })
    }

    fn release(&self, key: &str, owner: &str, stub: bool) -> Result<Conditional, StoreError> {
        self.run(|r| async move {
            if stub {
                return r.delete(key, DeleteCondition::OwnedStub(owner)).await;
            }
            let request = r.update(key).update_expression(expr::RELEASE);
            r.conditional_update(with_owner(request, owner)).await
        })
    }

    fn delete(&self, key: &str, guard: Guard) -> Result<Conditional, StoreError> {
        self.run(|r| async move {
            let condition = match guard {
                Guard::None => DeleteCondition::None,
                Guard::Unlocked { now_ms, now_s } => DeleteCondition::Free { now_ms, now_s },
                Guard::Owner(owner) => DeleteCondition::Owned(owner),
            };
            r.delete(key, condition).await
        })
    }

    fn now_ms(&self) -> i64 {
        crate::lock::unix_ms()
    }

    fn pause(&self, duration: Duration) {
        std::thread::sleep(duration);
    }

    fn locks(&self) -> &LockRegistry {
        registry()
    }
}

enum DeleteCondition<'a> {
    None,
    Free { now_ms: i64, now_s: i64 },
    Owned(&'a str),
    OwnedStub(&'a str),
}

/// The requests, on this process's client for one table.
struct Requests<'a> {
    client: Client,
    layout: &'a TableLayout,
}

impl Requests<'_> {
    fn key(&self, key: &str) -> AttributeValue {
        AttributeValue::S(key.to_string())
    }

    /// An UpdateItem of the session's item (counted).
    fn update(&self, key: &str) -> UpdateItemFluentBuilder {
        stats::increment(Counter::UpdateItem);
        self.client
            .update_item()
            .table_name(&self.layout.table_name)
            .key(&self.layout.hash_key, self.key(key))
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
    }

    /// Decodes a returned item, counting its data bytes as read.
    fn decode_read(&self, item: &HashMap<String, AttributeValue>) -> StoredItem {
        let stored_bytes = match item.get(&self.layout.data_attribute) {
            Some(AttributeValue::S(s)) => s.len(),
            Some(AttributeValue::B(blob)) => blob.as_ref().len(),
            _ => 0,
        };
        stats::add(Counter::BytesRead, stored_bytes as u64);
        decode(self.layout, item)
    }

    async fn get(&self, key: &str) -> Result<Option<StoredItem>, StoreError> {
        stats::increment(Counter::GetItem);
        let output = self
            .client
            .get_item()
            .table_name(&self.layout.table_name)
            .key(&self.layout.hash_key, self.key(key))
            .consistent_read(self.layout.consistent_read)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
            .map_err(|e| map_sdk_error("GetItem", e))?;
        record_capacity(Counter::ReadCapacityMilliunits, output.consumed_capacity());
        Ok(output.item.map(|item| self.decode_read(&item)))
    }

    async fn save(
        &self,
        key: &str,
        data: DataValue,
        expires: i64,
        guard: Guard<'_>,
    ) -> Result<Conditional, StoreError> {
        stats::add(Counter::BytesWritten, data.len() as u64);
        let data = match data {
            DataValue::String(s) => AttributeValue::S(s),
            DataValue::Binary(bytes) => AttributeValue::B(Blob::new(bytes)),
        };
        let request = self
            .update(key)
            .expression_attribute_names(expr::DATA, &self.layout.data_attribute)
            .expression_attribute_names(expr::EXPIRES, &self.layout.expires_attribute)
            .expression_attribute_values(expr::DATA_VALUE, data)
            .expression_attribute_values(
                expr::EXPIRES_VALUE,
                AttributeValue::N(expires.to_string()),
            );
        let request = match guard {
            Guard::None => request.update_expression(expr::SAVE),
            // A lease that ran out is broken by the write, so that its late
            // holder's write is refused rather than landing on top of this.
            Guard::Unlocked { now_ms, now_s } => with_free(
                request
                    .update_expression(expr::SAVE_AND_RELEASE)
                    .condition_expression(expr::FREE)
                    .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE),
                now_ms,
                now_s,
            ),
            Guard::Owner(owner) => {
                with_owner(request.update_expression(expr::SAVE_AND_RELEASE), owner)
            }
        };
        self.conditional_update(request).await
    }

    async fn acquire(&self, key: &str, lock: &LockRequest<'_>) -> Result<Acquire, StoreError> {
        let condition = if lock.existing_only {
            expr::EXISTING_AND_AVAILABLE
        } else {
            expr::LOCK_AVAILABLE
        };
        let mut request = self
            .update(key)
            .update_expression(expr::ACQUIRE)
            .condition_expression(condition)
            .expression_attribute_names(expr::LOCK, LOCK_ATTRIBUTE)
            .expression_attribute_names(expr::LOCK_EXPIRES, LOCK_EXPIRES_ATTRIBUTE)
            .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE)
            .expression_attribute_names(expr::EXPIRES, &self.layout.expires_attribute)
            .expression_attribute_values(expr::LOCK_VALUE, AttributeValue::N("1".into()))
            .expression_attribute_values(
                expr::LEASE_VALUE,
                AttributeValue::N(lock.lease_until_ms.to_string()),
            )
            .expression_attribute_values(
                expr::OWNER_VALUE,
                AttributeValue::S(lock.owner.to_string()),
            )
            .expression_attribute_values(
                expr::NOW_MS_VALUE,
                AttributeValue::N(lock.now_ms.to_string()),
            )
            .expression_attribute_values(
                expr::NOW_S_VALUE,
                AttributeValue::N(lock.now_s.to_string()),
            )
            .expression_attribute_values(
                expr::EXPIRES_VALUE,
                AttributeValue::N(lock.stub_expires.to_string()),
            )
            .return_values(ReturnValue::AllOld);
        if lock.existing_only {
            request = request.expression_attribute_names(expr::KEY, &self.layout.hash_key);
        }
        match request.send().await {
            Ok(output) => {
                record_capacity(Counter::WriteCapacityMilliunits, output.consumed_capacity());
                let before = output
                    .attributes
                    .filter(|item| !item.is_empty())
                    .map(|item| self.decode_read(&item));
                Ok(Acquire::Acquired { before })
            }
            Err(e) => match update_refusal(&e) {
                Some(current) => {
                    let exists = current.is_some();
                    if lock.existing_only && !exists {
                        Ok(Acquire::Missing)
                    } else {
                        Ok(Acquire::Busy)
                    }
                }
                None => Err(map_sdk_error("UpdateItem", e)),
            },
        }
    }

    /// Sends a conditional UpdateItem.
    async fn conditional_update(
        &self,
        request: UpdateItemFluentBuilder,
    ) -> Result<Conditional, StoreError> {
        match request.send().await {
            Ok(output) => {
                record_capacity(Counter::WriteCapacityMilliunits, output.consumed_capacity());
                Ok(Conditional::Applied)
            }
            Err(e) => match update_refusal(&e) {
                Some(current) => Ok(Conditional::Refused(
                    current.map(|item| decode(self.layout, item)),
                )),
                None => Err(map_sdk_error("UpdateItem", e)),
            },
        }
    }

    async fn delete(
        &self,
        key: &str,
        condition: DeleteCondition<'_>,
    ) -> Result<Conditional, StoreError> {
        stats::increment(Counter::DeleteItem);
        let request = self
            .client
            .delete_item()
            .table_name(&self.layout.table_name)
            .key(&self.layout.hash_key, self.key(key))
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        let owned = |request: aws_sdk_dynamodb::operation::delete_item::builders::DeleteItemFluentBuilder, owner: &str| {
            request
                .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE)
                .expression_attribute_values(
                    expr::OWNER_VALUE,
                    AttributeValue::S(owner.to_string()),
                )
        };
        let request = match condition {
            DeleteCondition::None => request,
            DeleteCondition::Free { now_ms, now_s } => request
                .condition_expression(expr::FREE)
                .expression_attribute_names(expr::LOCK, LOCK_ATTRIBUTE)
                .expression_attribute_names(expr::LOCK_EXPIRES, LOCK_EXPIRES_ATTRIBUTE)
                .expression_attribute_names(expr::EXPIRES, &self.layout.expires_attribute)
                .expression_attribute_values(
                    expr::NOW_MS_VALUE,
                    AttributeValue::N(now_ms.to_string()),
                )
                .expression_attribute_values(
                    expr::NOW_S_VALUE,
                    AttributeValue::N(now_s.to_string()),
                ),
            DeleteCondition::Owned(owner) => {
                owned(request.condition_expression(expr::OWNED), owner)
            }
            DeleteCondition::OwnedStub(owner) => owned(
                request
                    .condition_expression(expr::OWNED_STUB)
                    .expression_attribute_names(expr::DATA, &self.layout.data_attribute),
                owner,
            ),
        };
        match request.send().await {
            Ok(output) => {
                record_capacity(Counter::WriteCapacityMilliunits, output.consumed_capacity());
                Ok(Conditional::Applied)
            }
            Err(e) => match delete_refusal(&e) {
                Some(current) => Ok(Conditional::Refused(
                    current.map(|item| decode(self.layout, item)),
                )),
                None => Err(map_sdk_error("DeleteItem", e)),
            },
        }
    }
}

/// The item a failed UpdateItem condition returned: `Some(None)` when the
/// condition failed on a missing item, `None` for any other error.
fn update_refusal<R>(
    error: &SdkError<UpdateItemError, R>,
) -> Option<Option<&HashMap<String, AttributeValue>>> {
    match error.as_service_error() {
        Some(UpdateItemError::ConditionalCheckFailedException(failed)) => {
            Some(failed.item().filter(|item| !item.is_empty()))
        }
        _ => None,
    }
}

fn delete_refusal<R>(
    error: &SdkError<DeleteItemError, R>,
) -> Option<Option<&HashMap<String, AttributeValue>>> {
    match error.as_service_error() {
        Some(DeleteItemError::ConditionalCheckFailedException(failed)) => {
            Some(failed.item().filter(|item| !item.is_empty()))
        }
        _ => None,
    }
}

/// Adds "nobody holds a live lock" names and values to an UpdateItem whose
/// condition uses [`expr::FREE`].
fn with_free(request: UpdateItemFluentBuilder, now_ms: i64, now_s: i64) -> UpdateItemFluentBuilder {
    request
        .expression_attribute_names(expr::LOCK, LOCK_ATTRIBUTE)
        .expression_attribute_names(expr::LOCK_EXPIRES, LOCK_EXPIRES_ATTRIBUTE)
        .expression_attribute_values(expr::NOW_MS_VALUE, AttributeValue::N(now_ms.to_string()))
        .expression_attribute_values(expr::NOW_S_VALUE, AttributeValue::N(now_s.to_string()))
}

/// Adds "only while `owner` holds the lock" to an UpdateItem and names the
/// lock attributes its REMOVE clause uses.
fn with_owner(request: UpdateItemFluentBuilder, owner: &str) -> UpdateItemFluentBuilder {
    request
        .condition_expression(expr::OWNED)
        .expression_attribute_names(expr::LOCK, LOCK_ATTRIBUTE)
        .expression_attribute_names(expr::LOCK_EXPIRES, LOCK_EXPIRES_ATTRIBUTE)
        .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE)
        .expression_attribute_values(expr::OWNER_VALUE, AttributeValue::S(owner.to_string()))
}

/// Adds "only while `owner` holds the lock" to an UpdateItem that leaves the
/// lock in place (DynamoDB refuses names an expression does not use).
fn while_owned(request: UpdateItemFluentBuilder, owner: &str) -> UpdateItemFluentBuilder {
    request
        .condition_expression(expr::OWNED)
        .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE)
        .expression_attribute_values(expr::OWNER_VALUE, AttributeValue::S(owner.to_string()))
}

/// Counts the capacity DynamoDB reported for a request.
fn record_capacity(counter: Counter, consumed: Option<&ConsumedCapacity>) {
    stats::add_capacity(counter, consumed.and_then(ConsumedCapacity::capacity_units));
}

/// The single mapping from SDK errors to [`StoreError`].
pub(crate) fn map_sdk_error<E, R>(operation: &'static str, error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match &error {
        SdkError::ServiceError(context) => {
            let err = context.err();
            StoreError::Service {
                operation,
                code: err.code().unwrap_or("UnknownError").to_string(),
                message: err.message().unwrap_or("no message").to_string(),
            }
        }
        SdkError::TimeoutError(_) => StoreError::Timeout {
            operation,
            after: std::time::Duration::ZERO,
        },
        SdkError::DispatchFailure(failure) if failure.is_timeout() => StoreError::Timeout {
            operation,
            after: std::time::Duration::ZERO,
        },
        SdkError::ConstructionFailure(_) => {
            StoreError::Client(format!("{operation}: {}", error_chain(&error)))
        }
        _ => StoreError::Transport {
            operation,
            message: error_chain(&error),
        },
    }
}

/// An error and its sources as one line ("dispatch failure: io error:
/// Connection refused"), without the debug dump `DisplayErrorContext` adds.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(pairs: Vec<(&str, AttributeValue)>) -> HashMap<String, AttributeValue> {
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    #[test]
    fn decodes_sdk_items_with_s_or_b_data() {
        let sdk = item(vec![
            ("id", AttributeValue::S("PHPSESSID_x".into())),
            ("data", AttributeValue::S("a|i:1;".into())),
            ("expires", AttributeValue::N("2000".into())),
            ("lock", AttributeValue::N("1".into())),
        ]);
        let decoded = decode(&TableLayout::sdk_default(), &sdk);
        assert_eq!(decoded.data.as_deref(), Some(&b"a|i:1;"[..]));
        assert_eq!(decoded.expires, Some(2000));
        assert!(decoded.problems.is_empty());

        let binary = item(vec![
            ("data", AttributeValue::B(Blob::new(vec![0u8, 255]))),
            ("expires", AttributeValue::N("2000".into())),
        ]);
        assert_eq!(
            decode(&TableLayout::sdk_default(), &binary).data,
            Some(vec![0u8, 255])
        );
    }

    #[test]
    fn wrong_attribute_types_are_reported_not_fatal() {
        let corrupt = item(vec![
            ("data", AttributeValue::N("5".into())),
            ("expires", AttributeValue::S("tomorrow".into())),
        ]);
        let decoded = decode(&TableLayout::sdk_default(), &corrupt);
        assert_eq!(decoded.data, None);
        assert_eq!(decoded.expires, None);
        assert_eq!(
            decoded.problems,
            vec![
                "attribute 'data' has type N, expected S or B".to_string(),
                "attribute 'expires' has type S, expected N".to_string()
            ]
        );
        let bad_number = item(vec![("expires", AttributeValue::N("soon".into()))]);
        assert_eq!(
            decode(&TableLayout::sdk_default(), &bad_number)
                .problems
                .len(),
            1
        );
    }
}
