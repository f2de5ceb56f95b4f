--TEST--
With the extension loaded, session.save_handler=files keeps working and the dynamodb handler is listed
--EXTENSIONS--
dynamodb_session
--INI--
session.save_handler=files
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
$dir = sys_get_temp_dir() . '/ddb-files-' . getmypid();
@mkdir($dir);
session_save_path($dir);
session_id('filesession');
session_start();
var_dump(session_module_name());
$_SESSION['x'] = 1;
session_write_close();
var_dump(file_get_contents("$dir/sess_filesession"));
unlink("$dir/sess_filesession");
rmdir($dir);
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
preg_match('/Registered save handlers => (.*)/', $info, $m);
var_dump(in_array('dynamodb', explode(' ', trim($m[1]))));
?>
--EXPECT--
string(5) "files"
string(6) "x|i:1;"
bool(true)
