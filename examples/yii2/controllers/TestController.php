<?php

namespace app\controllers;

use Yii;
use yii\web\Controller;
use yii\web\Response;

/** GET /index.php?r=test/index&name=alice stores the name; every request shows it. */
class TestController extends Controller
{
    public function actionIndex(?string $name = null): string
    {
        Yii::$app->response->format = Response::FORMAT_RAW;
        Yii::$app->response->headers->set('Content-Type', 'text/plain');
        $session = Yii::$app->session;
        if ($name !== null) {
            $session->set('name', $name);
        }
        $session->set('counter', $session->get('counter', 0) + 1);
        return sprintf(
            "instance=%s name=%s counter=%d session_id=%s\n",
            gethostname(),
            $session->get('name', '(none)'),
            $session->get('counter'),
            $session->getId()
        );
    }
}
