<?php
// Yii2 configuration: the session component uses the extension's handler,
// configured from the environment as on ECS (AWS_REGION,
// DYNAMODB_SESSION_TABLE_NAME, and DYNAMODB_ENDPOINT_URL for a local
// DynamoDB). Yii registers the handler with session_set_save_handler($handler,
// false) and closes the session itself.
return [
    'id' => 'dynamodb-session-example',
    'basePath' => dirname(__DIR__),
    'controllerNamespace' => 'app\controllers',
    'components' => [
        'request' => [
            'cookieValidationKey' => getenv('YII_COOKIE_VALIDATION_KEY') ?: 'change-me-in-production',
        ],
        'session' => [
            'class' => yii\web\Session::class,
            'handler' => new DynamoDbSession\SessionHandler([
                'table_name' => getenv('DYNAMODB_SESSION_TABLE_NAME') ?: 'sessions',
                'region' => getenv('AWS_REGION') ?: 'ap-southeast-1',
                'endpoint' => getenv('DYNAMODB_ENDPOINT_URL') ?: null,
            ]),
        ],
    ],
];
