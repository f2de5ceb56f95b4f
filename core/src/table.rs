//! Table provisioning (`SessionHandler::createTable()`): an on-demand (or
//! provisioned) table keyed by the session key, with TTL on the expiry
//! attribute so DynamoDB deletes expired sessions at no cost. Idempotent:
//! an existing table with the right key only gets TTL enabled if needed.

use std::time::{Duration, Instant};

use aws_sdk_dynamodb::error::{BuildError, ProvideErrorMetadata};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ProvisionedThroughput,
    ScalarAttributeType, TableDescription, TableStatus, TimeToLiveSpecification, TimeToLiveStatus,
};
use aws_sdk_dynamodb::Client;

use crate::config::{Config, TableLayout};
use crate::error::StoreError;
use crate::process;
use crate::store::map_sdk_error;

/// The longest wait for a new table to become ACTIVE.
pub const ACTIVE_WAIT: Duration = Duration::from_secs(120);
const POLL: Duration = Duration::from_millis(250);

/// What `create_table` found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioned {
    /// The table was created by this call (not found existing).
    pub created: bool,
    /// TTL was switched on by this call.
    pub ttl_enabled_now: bool,
}

/// Creates the sessions table if needed and makes sure TTL is on.
pub fn create_table(config: &Config) -> Result<Provisioned, StoreError> {
    let layout = config.table.clone();
    let capacity = config.provisioned_capacity;
    process::run_with_timeout(
        &config.client,
        ACTIVE_WAIT + Duration::from_secs(30),
        |client| async move {
            let created = match describe(&client, &layout.table_name).await? {
                Some(table) => {
                    check_key_schema(&layout, &table)?;
                    false
                }
                None => create(&client, &layout, capacity).await?,
            };
            wait_until_active(&client, &layout.table_name).await?;
            let ttl_enabled_now = enable_ttl(&client, &layout).await?;
            Ok(Provisioned {
                created,
                ttl_enabled_now,
            })
        },
    )
}

async fn describe(client: &Client, table: &str) -> Result<Option<TableDescription>, StoreError> {
    match client.describe_table().table_name(table).send().await {
        Ok(output) => Ok(output.table),
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) =>
        {
            Ok(None)
        }
        Err(e) => Err(map_sdk_error("DescribeTable", e)),
    }
}

/// The table must be keyed by the hash key alone, of type S.
fn check_key_schema(layout: &TableLayout, table: &TableDescription) -> Result<(), StoreError> {
    let keys: Vec<String> = table
        .key_schema()
        .iter()
        .map(|k| format!("{} ({})", k.attribute_name(), k.key_type().as_str()))
        .collect();
    let table_hash_key = table
        .key_schema()
        .iter()
        .find(|k| *k.key_type() == KeyType::Hash)
        .map(|k| k.attribute_name().to_string())
        .unwrap_or_default();
    let hash_type = table
        .attribute_definitions()
        .iter()
        .find(|d| d.attribute_name() == table_hash_key)
        .map_or("unknown", |d| d.attribute_type().as_str());
    let expected = format!("{} (HASH)", layout.hash_key);
    if keys == [expected.clone()] && hash_type == "S" {
        return Ok(());
    }
    Err(StoreError::Service {
        operation: "DescribeTable",
        code: "IncompatibleTable".into(),
        message: format!(
            "table '{}' has the key schema [{}] (hash key type {hash_type}), but sessions need exactly {expected} of type S (option hash_key); use another table_name or hash_key",
            layout.table_name,
            keys.join(", "),
        ),
    })
}

/// Creates the table; `Ok(false)` when someone else created it meanwhile.
async fn create(
    client: &Client,
    layout: &TableLayout,
    capacity: Option<(i64, i64)>,
) -> Result<bool, StoreError> {
    let build = |e: BuildError| StoreError::Client(e.to_string());
    let mut request = client
        .create_table()
        .table_name(&layout.table_name)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(&layout.hash_key)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(build)?,
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name(&layout.hash_key)
                .key_type(KeyType::Hash)
                .build()
                .map_err(build)?,
        );
    request = match capacity {
        None => request.billing_mode(BillingMode::PayPerRequest),
        Some((read, write)) => request
            .billing_mode(BillingMode::Provisioned)
            .provisioned_throughput(
                ProvisionedThroughput::builder()
                    .read_capacity_units(read)
                    .write_capacity_units(write)
                    .build()
                    .map_err(build)?,
            ),
    };
    match request.send().await {
        Ok(_) => Ok(true),
        Err(e) if e.code() == Some("ResourceInUseException") => Ok(false),
        Err(e) => Err(map_sdk_error("CreateTable", e)),
    }
}

async fn wait_until_active(client: &Client, table: &str) -> Result<(), StoreError> {
    let started = Instant::now();
    loop {
        let status = describe(client, table)
            .await?
            .and_then(|t| t.table_status().cloned());
        if status == Some(TableStatus::Active) {
            return Ok(());
        }
        if started.elapsed() > ACTIVE_WAIT {
            return Err(StoreError::Timeout {
                operation: "DescribeTable (waiting for ACTIVE)",
                after: ACTIVE_WAIT,
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Turns TTL on for the expiry attribute; `Ok(false)` when it already was.
async fn enable_ttl(client: &Client, layout: &TableLayout) -> Result<bool, StoreError> {
    let current = client
        .describe_time_to_live()
        .table_name(&layout.table_name)
        .send()
        .await
        .map_err(|e| map_sdk_error("DescribeTimeToLive", e))?;
    if let Some(ttl) = current.time_to_live_description() {
        let on = matches!(
            ttl.time_to_live_status(),
            Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
        );
        match ttl.attribute_name() {
            Some(name) if on && name == layout.expires_attribute => return Ok(false),
            Some(name) if on => {
                return Err(StoreError::Service {
                    operation: "DescribeTimeToLive",
                    code: "IncompatibleTable".into(),
                    message: format!(
                        "table '{}' has TTL on attribute '{name}', but sessions expire by '{}' (option session_lifetime_attribute)",
                        layout.table_name, layout.expires_attribute
                    ),
                })
            }
            _ => {}
        }
    }
    client
        .update_time_to_live()
        .table_name(&layout.table_name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name(&layout.expires_attribute)
                .build()
                .map_err(|e| StoreError::Client(e.to_string()))?,
        )
        .send()
        .await
        .map_err(|e| map_sdk_error("UpdateTimeToLive", e))?;
    Ok(true)
}
