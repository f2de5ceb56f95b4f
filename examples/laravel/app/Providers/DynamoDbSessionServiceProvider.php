<?php

namespace App\Providers;

use DynamoDbSession\SessionHandler;
use Illuminate\Support\Facades\Session;
use Illuminate\Support\ServiceProvider;

/**
 * The `dynamodb` session driver (SESSION_DRIVER=dynamodb), built from the
 * `dynamodb` key of config/session.php.
 *
 * Laravel calls the handler's read()/write()/destroy() itself and never
 * open()/close(): the session is read by the StartSession middleware and
 * written at the end of it, and a lock (`locking => true`) is released by
 * that write. Keys are the bare 40-character Laravel session id.
 *
 * Register it in bootstrap/providers.php (Laravel 11+) or in the `providers`
 * list of config/app.php (Laravel 8-10).
 */
class DynamoDbSessionServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        Session::extend('dynamodb', function ($app) {
            $config = $app['config'];

            return new SessionHandler($config->get('session.dynamodb', []) + [
                // Laravel counts minutes, the handler seconds.
                'session_lifetime' => (int) $config->get('session.lifetime', 120) * 60,
            ]);
        });

        // Long-running workers (Octane, RoadRunner)
        // serve many requests in one PHP process, so PHP's own end of request,
        // where the extension releases what a request left behind, comes only
        // when the worker exits. Laravel's terminate step is the end of a
        // request there: release any session lock this request still holds
        // (a request that threw before the session was saved, a regenerate()
        // that moved to a new id) and forget its state. Under php-fpm it is
        // harmless: the lock is normally released already.
        $this->app->terminating(static function (): void {
            SessionHandler::endRequest();
        });
    }
}
