<?php

// config/session.php for the `dynamodb` driver of
// app/Providers/DynamoDbSessionServiceProvider.php. The keys above `dynamodb`
// are Laravel's own (values as in Laravel's default file); `dynamodb` holds
// the handler's options, any of the README's option table.

use Illuminate\Support\Str;

return [
    'driver' => env('SESSION_DRIVER', 'dynamodb'),

    // Minutes; also the DynamoDB item's lifetime (`session_lifetime`).
    'lifetime' => env('SESSION_LIFETIME', 120),
    'expire_on_close' => false,
    'encrypt' => false,

    // Laravel calls gc() with these odds; the handler's gc() does nothing and
    // returns 0 (DynamoDB's TTL on `expires` deletes expired sessions).
    'lottery' => [2, 100],

    'cookie' => env('SESSION_COOKIE', Str::slug(env('APP_NAME', 'laravel'), '_') . '_session'),
    'path' => '/',
    'domain' => env('SESSION_DOMAIN'),
    'secure' => env('SESSION_SECURE_COOKIE'),
    'http_only' => true,
    'same_site' => 'lax',

    'dynamodb' => [
        'table_name' => env('DYNAMODB_SESSION_TABLE_NAME', 'sessions'),
        // null: the AWS_REGION / AWS_ENDPOINT_URL... environment and the AWS chain.
        'region' => env('AWS_REGION'),
        'endpoint' => env('DYNAMODB_ENDPOINT_URL'),
        // One request at a time per session: no lost updates from parallel
        // AJAX requests. A request that cannot get the lock within
        // max_lock_wait_time reads nothing and its write is refused.
        'locking' => (bool) env('DYNAMODB_SESSION_LOCKING', false),
        'max_lock_wait_time' => 10,
    ],
];
