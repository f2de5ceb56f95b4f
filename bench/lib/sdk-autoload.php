<?php
// Class loading for the AWS SDK for PHP without Composer: the SDK and
// jmespath.php from checkouts, Guzzle, PSR-7 and their PSR interfaces from
// Debian's packages (/usr/share/php). Used by bench/apps/sdk.php only.

$sdk = rtrim($_SERVER['BENCH_SDK_PATH'] ?? getenv('BENCH_SDK_PATH') ?: '', '/');
$jmespath = rtrim($_SERVER['BENCH_JMESPATH_PATH'] ?? getenv('BENCH_JMESPATH_PATH') ?: '', '/');
foreach (['/usr/share/php/GuzzleHttp/autoload.php', '/usr/share/php/GuzzleHttp/Psr7/autoload.php',
    '/usr/share/php/GuzzleHttp/Promise/autoload.php'] as $debianAutoload) {
    require_once $debianAutoload;
}
spl_autoload_register(function (string $class) use ($sdk, $jmespath): void {
    foreach (['Aws\\' => "$sdk/src/", 'JmesPath\\' => "$jmespath/src/"] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
require_once "$sdk/src/functions.php";
if (is_file("$jmespath/src/JmesPath.php")) {
    require_once "$jmespath/src/JmesPath.php";
}
