//! The DynamoDB side: the item format shared with the AWS SDK for PHP, the
//! requests the handler makes, and the one place SDK errors become
//! [`StoreError`]s.
//!
//! Every write uses the expression API (`UpdateExpression` with `#names`):
//! the SDK for PHP's legacy `AttributeUpdates` without `Action` is silently
//! ignored by DynamoDB Local, and `lock` is a reserved word.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::operation::update_item::UpdateItemOutput;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{
    AttributeValue, ConsumedCapacity, ReturnConsumedCapacity, ReturnValue,
};
use aws_sdk_dynamodb::Client;

use crate::config::{DataType, TableLayout};
use crate::error::StoreError;
use crate::item::{Attribute, StoredItem};
use crate::stats::{self, Counter};

/// Lock attributes (see `lock`). `lock` is the SDK's; the lease and owner
/// are ours, so SDK handlers see our locks and we respect theirs.
pub const LOCK_ATTRIBUTE: &str = "lock";
pub const LOCK_EXPIRES_ATTRIBUTE: &str = "lock_expires";
pub const LOCK_OWNER_ATTRIBUTE: &str = "lock_owner";

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
    /// Writes data and expiry, keeping any other attribute (an SDK lock).
    pub const SAVE: &str = "SET #d = :d, #e = :e";
    /// Writes data and expiry and releases our lock in the same request.
    pub const SAVE_AND_RELEASE: &str = "SET #d = :d, #e = :e REMOVE #l, #le, #lo";
    /// Refreshes only the expiry.
    pub const TOUCH: &str = "SET #e = :e";
    pub const TOUCH_AND_RELEASE: &str = "SET #e = :e REMOVE #l, #le, #lo";
    pub const RELEASE: &str = "REMOVE #l, #le, #lo";
    /// Takes the lock. A new session gets an expiry too (the lease's end), so
    /// TTL removes the item if its request dies before writing.
    pub const ACQUIRE: &str = "SET #l = :l, #le = :le, #lo = :lo, #e = if_not_exists(#e, :e)";
    /// Free, ours already, or a lease that has run out. An SDK lock has no
    /// lease attribute, so the comparison is false and it is respected.
    pub const LOCK_AVAILABLE: &str = "attribute_not_exists(#l) OR #lo = :lo OR #le < :now";
    pub const OWNED: &str = "#lo = :lo";
    /// A touch must not create a stub item for a session someone destroyed.
    pub const ITEM_EXISTS: &str = "attribute_exists(#k)";
}

/// What an acquire attempt found.
#[derive(Debug, Clone, PartialEq)]
pub enum Acquire {
    /// The lock is ours; the item as it is now (`data: None` for a session
    /// that was not stored: the acquire created the item).
    Acquired(StoredItem),
    /// Another request (or an SDK handler) holds it.
    Busy,
}

/// Decodes a DynamoDB item into a [`StoredItem`] (see `item`).
pub fn decode(layout: &TableLayout, item: &HashMap<String, AttributeValue>) -> StoredItem {
    StoredItem::from_attributes(
        layout,
        item.get(&layout.data_attribute).map(attribute),
        item.get(&layout.expires_attribute).map(attribute),
    )
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

/// Session data in the attribute type the table layout asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataValue {
    String(String),
    Binary(Vec<u8>),
}

impl DataValue {
    /// Encodes `data` for `data_type`; gives the bytes back when the type is
    /// S and they are not UTF-8 (DynamoDB would reject them).
    pub fn new(data_type: DataType, data: Vec<u8>) -> Result<DataValue, Vec<u8>> {
        match data_type {
            DataType::Binary => Ok(DataValue::Binary(data)),
            DataType::String => String::from_utf8(data)
                .map(DataValue::String)
                .map_err(|e| e.into_bytes()),
        }
    }

    /// The stored size in bytes.
    pub fn len(&self) -> usize {
        match self {
            DataValue::String(s) => s.len(),
            DataValue::Binary(bytes) => bytes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The requests the session handler makes against one table.
#[derive(Debug, Clone)]
pub struct Store {
    client: Client,
    layout: TableLayout,
}

impl Store {
    pub fn new(client: Client, layout: TableLayout) -> Store {
        Store { client, layout }
    }

    pub fn layout(&self) -> &TableLayout {
        &self.layout
    }

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
    }

    /// Decodes a returned item, counting its data bytes as read.
    fn decode_read(&self, item: &HashMap<String, AttributeValue>) -> StoredItem {
        let stored_bytes = match item.get(&self.layout.data_attribute) {
            Some(AttributeValue::S(s)) => s.len(),
            Some(AttributeValue::B(blob)) => blob.as_ref().len(),
            _ => 0,
        };
        stats::add(Counter::BytesRead, stored_bytes as u64);
        decode(&self.layout, item)
    }

    /// Reads an item (consistent unless configured otherwise).
    pub async fn get(&self, key: &str) -> Result<Option<StoredItem>, StoreError> {
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

    /// Writes data and expiry. With `owner`, only while that owner holds the
    /// lock, and the lock is released by the same request: `Ok(false)` when
    /// the lock was lost (the newer session is left alone).
    pub async fn save(
        &self,
        key: &str,
        data: DataValue,
        expires: i64,
        owner: Option<&str>,
    ) -> Result<bool, StoreError> {
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
        let request = match owner {
            None => request.update_expression(expr::SAVE),
            Some(owner) => with_owner(request.update_expression(expr::SAVE_AND_RELEASE), owner),
        };
        conditional(written(request.send().await), "UpdateItem")
    }

    /// Moves the expiry of an existing item; `Ok(false)` when there is no
    /// item (it was destroyed meanwhile), which is left that way. With
    /// `owner`, also releases the lock, and `Ok(false)` means it was lost.
    pub async fn touch(
        &self,
        key: &str,
        expires: i64,
        owner: Option<&str>,
    ) -> Result<bool, StoreError> {
        let request = self
            .update(key)
            .expression_attribute_names(expr::EXPIRES, &self.layout.expires_attribute)
            .expression_attribute_values(
                expr::EXPIRES_VALUE,
                AttributeValue::N(expires.to_string()),
            );
        let request = match owner {
            None => request
                .update_expression(expr::TOUCH)
                .condition_expression(expr::ITEM_EXISTS)
                .expression_attribute_names(expr::KEY, &self.layout.hash_key),
            Some(owner) => with_owner(request.update_expression(expr::TOUCH_AND_RELEASE), owner),
        };
        conditional(written(request.send().await), "UpdateItem")
    }

    /// Takes the lock when it is free, ours, or its lease ran out, and
    /// returns the item in the same request. `stub_expires` is the expiry a
    /// not-yet-stored session gets (unix seconds).
    pub async fn acquire(
        &self,
        key: &str,
        owner: &str,
        lease_until_ms: i64,
        now_ms: i64,
        stub_expires: i64,
    ) -> Result<Acquire, StoreError> {
        let result = self
            .update(key)
            .update_expression(expr::ACQUIRE)
            .condition_expression(expr::LOCK_AVAILABLE)
            .expression_attribute_names(expr::LOCK, LOCK_ATTRIBUTE)
            .expression_attribute_names(expr::LOCK_EXPIRES, LOCK_EXPIRES_ATTRIBUTE)
            .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE)
            .expression_attribute_names(expr::EXPIRES, &self.layout.expires_attribute)
            .expression_attribute_values(expr::LOCK_VALUE, AttributeValue::N("1".into()))
            .expression_attribute_values(
                expr::LEASE_VALUE,
                AttributeValue::N(lease_until_ms.to_string()),
            )
            .expression_attribute_values(expr::OWNER_VALUE, AttributeValue::S(owner.to_string()))
            .expression_attribute_values(expr::NOW_MS_VALUE, AttributeValue::N(now_ms.to_string()))
            .expression_attribute_values(
                expr::EXPIRES_VALUE,
                AttributeValue::N(stub_expires.to_string()),
            )
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(output) => {
                record_capacity(Counter::WriteCapacityMilliunits, output.consumed_capacity());
                Ok(Acquire::Acquired(
                    self.decode_read(&output.attributes.unwrap_or_default()),
                ))
            }
            Err(e) if is_condition_failure(&e) => Ok(Acquire::Busy),
            Err(e) => Err(map_sdk_error("UpdateItem", e)),
        }
    }

    /// Releases our lock without writing; a `stub` item (created by the
    /// acquire, never written) is deleted instead. `Ok(false)`: not ours any
    /// more.
    pub async fn release(&self, key: &str, owner: &str, stub: bool) -> Result<bool, StoreError> {
        if stub {
            return self.delete(key, Some(owner)).await;
        }
        let request = self.update(key).update_expression(expr::RELEASE);
        conditional(
            written(with_owner(request, owner).send().await),
            "UpdateItem",
        )
    }

    /// Deletes an item; deleting a missing item succeeds. With `owner`, only
    /// while that owner holds the lock (`Ok(false)` otherwise).
    pub async fn delete(&self, key: &str, owner: Option<&str>) -> Result<bool, StoreError> {
        stats::increment(Counter::DeleteItem);
        let request = self
            .client
            .delete_item()
            .table_name(&self.layout.table_name)
            .key(&self.layout.hash_key, self.key(key))
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        let request = match owner {
            None => request,
            Some(owner) => request
                .condition_expression(expr::OWNED)
                .expression_attribute_names(expr::LOCK_OWNER, LOCK_OWNER_ATTRIBUTE)
                .expression_attribute_values(
                    expr::OWNER_VALUE,
                    AttributeValue::S(owner.to_string()),
                ),
        };
        let result = request.send().await.map(|output| {
            record_capacity(Counter::WriteCapacityMilliunits, output.consumed_capacity());
        });
        conditional(result, "DeleteItem")
    }
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

/// Counts the capacity DynamoDB reported for a request.
fn record_capacity(counter: Counter, consumed: Option<&ConsumedCapacity>) {
    stats::add_capacity(counter, consumed.and_then(ConsumedCapacity::capacity_units));
}

/// Counts the write capacity of a successful UpdateItem.
fn written<E>(result: Result<UpdateItemOutput, E>) -> Result<(), E> {
    result.map(|output| {
        record_capacity(Counter::WriteCapacityMilliunits, output.consumed_capacity());
    })
}

/// A conditional request's outcome: `Ok(false)` when its condition failed.
fn conditional<T, E, R>(
    result: Result<T, SdkError<E, R>>,
    operation: &'static str,
) -> Result<bool, StoreError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(true),
        Err(e) if is_condition_failure(&e) => Ok(false),
        Err(e) => Err(map_sdk_error(operation, e)),
    }
}

fn is_condition_failure<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error
        .as_service_error()
        .is_some_and(|e| e.code() == Some("ConditionalCheckFailedException"))
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
