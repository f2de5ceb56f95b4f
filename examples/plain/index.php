<?php
// The demo application, as two instances behind a load balancer would run
// it: no session code beyond session_start(); php.ini selects DynamoDB
// (session.save_handler = dynamodb). Same behaviour as the Yii2 example's
// test/index: stores ?name= and counts this session's requests.
session_start();
if (isset($_GET['name'])) {
    $_SESSION['name'] = (string) $_GET['name'];
}
$_SESSION['counter'] = ($_SESSION['counter'] ?? 0) + 1;
header('Content-Type: text/plain');
printf(
    "instance=%s name=%s counter=%d session_id=%s\n",
    getenv('DEMO_INSTANCE') ?: gethostname(),
    $_SESSION['name'] ?? '(none)',
    $_SESSION['counter'],
    session_id()
);
