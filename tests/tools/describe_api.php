<?php
// Prints the public API of the dynamodb_session classes as reflection sees
// it, one line per class and method. Run once with the extension loaded and
// once (php -n) with the stub file included: the two outputs must match.
if (isset($argv[1])) {
    require $argv[1];
}
foreach (['DynamoDbSession\ConfigurationException', 'DynamoDbSession\StoreException', 'DynamoDbSession\SessionHandler'] as $name) {
    $class = new ReflectionClass($name);
    $interfaces = $class->getInterfaceNames();
    sort($interfaces);
    echo 'class ', $name, ' extends ', $class->getParentClass() ? $class->getParentClass()->getName() : '-',
        ' implements ', implode(',', $interfaces), "\n";
    $methods = array_filter($class->getMethods(), fn ($m) => $m->getDeclaringClass()->getName() === $name);
    usort($methods, fn ($a, $b) => strcmp($a->getName(), $b->getName()));
    foreach ($methods as $method) {
        $params = array_map(
            fn ($p) => ($p->getType() ?? 'mixed') . ' $' . $p->getName() . ($p->isOptional() ? '?' : ''),
            $method->getParameters()
        );
        echo '  ', $method->isStatic() ? 'static ' : '', $method->getName(), '(', implode(', ', $params), ')',
            $method->hasReturnType() ? ': ' . $method->getReturnType() : '', "\n";
    }
}
