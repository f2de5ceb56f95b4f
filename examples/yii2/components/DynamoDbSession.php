<?php

namespace app\components;

use DynamoDbSession\SessionHandler;
use yii\web\Session;

/**
 * yii\web\Session storing sessions in DynamoDB, configured the way Yii2
 * applications on ECS configure the AWS SDK's handler: a `clientConfigs`
 * array (what went to `new DynamoDbClient(...)`) and a `sessionConfigs`
 * array (what went to `SessionHandler::fromClient($client, ...)`), both
 * usually filled from the environment in config/web.php:
 *
 *     'session' => [
 *         'class' => app\components\DynamoDbSession::class,
 *         'clientConfigs' => [
 *             'version' => 'latest',
 *             'region' => getenv('AWS_REGION'),
 *             'endpoint' => getenv('DYNAMODB_ENDPOINT_URL') ?: null,
 *         ],
 *         'sessionConfigs' => [
 *             'table_name' => getenv('DYNAMODB_SESSION_TABLE_NAME'),
 *             'locking' => true,
 *         ],
 *     ],
 *
 * The session options are the SDK's and keep their meaning. Of the client's,
 * the handler takes region, endpoint, credentials and the http timeouts;
 * `version` has no use here and is dropped. Any other key reaches the
 * handler, which throws ConfigurationException naming it.
 */
class DynamoDbSession extends Session
{
    /** @var array options of the SDK's DynamoDbClient */
    public $clientConfigs = [];

    /** @var array options of the SDK's SessionHandler */
    public $sessionConfigs = [];

    public function init()
    {
        $client = $this->clientConfigs;
        $http = $client['http'] ?? [];
        unset($client['version'], $client['http']);
        if (isset($http['connect_timeout'])) {
            $client['connect_timeout'] = $http['connect_timeout'];
        }
        if (isset($http['timeout'])) {
            $client['operation_timeout'] = $http['timeout'];
        }
        // Yii registers it with session_set_save_handler($handler, false)
        // and closes the session itself.
        $this->handler = new SessionHandler($this->sessionConfigs + $client);
        parent::init();
    }
}
