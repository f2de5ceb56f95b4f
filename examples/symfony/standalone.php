<?php

// Symfony's HttpFoundation without FrameworkBundle (a micro-framework or a
// legacy application): a Session on NativeSessionStorage with the handler,
// configured from the environment as on ECS.

use DynamoDbSession\SessionHandler;
use Symfony\Component\HttpFoundation\Session\Session;
use Symfony\Component\HttpFoundation\Session\Storage\NativeSessionStorage;

return new Session(new NativeSessionStorage(
    ['cookie_httponly' => true, 'cookie_samesite' => 'lax'],
    new SessionHandler([
        'table_name' => getenv('DYNAMODB_SESSION_TABLE_NAME') ?: 'sessions',
        'region' => getenv('AWS_REGION') ?: null,
        'endpoint' => getenv('DYNAMODB_ENDPOINT_URL') ?: null,
    ]),
));
