--TEST--
Every PHP file of examples/ (Laravel, Symfony, Yii2, plain) parses on this PHP version (php -l)
--SKIPIF--
<?php if (!function_exists('proc_open')) die('skip proc_open is disabled'); ?>
--FILE--
<?php
// Yii2 has no Debian package, so its files are only linted here, on both lanes.
$root = dirname(__DIR__, 2) . '/examples';
$files = [];
foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root, FilesystemIterator::SKIP_DOTS)) as $file) {
    if ($file->getExtension() === 'php' && !str_contains($file->getPathname(), '/vendor/')) {
        $files[] = substr($file->getPathname(), strlen($root) + 1);
    }
}
sort($files);
foreach ($files as $file) {
    exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg("$root/$file") . ' 2>&1', $output, $status);
    echo $file, ': ', $status === 0 ? 'ok' : implode("\n", $output), "\n";
    $output = [];
}
?>
--EXPECT--
laravel/app/Providers/DynamoDbSessionServiceProvider.php: ok
laravel/config/session.php: ok
plain/index.php: ok
symfony/standalone.php: ok
yii2/components/DynamoDbSession.php: ok
yii2/config/web.php: ok
yii2/controllers/TestController.php: ok
yii2/web/index.php: ok
