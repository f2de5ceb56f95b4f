--TEST--
An invalid directive in php.ini is refused at startup with a warning naming it; the default stays in force
--EXTENSIONS--
dynamodb_session
--INI--
dynamodb_session.locking=maybe
dynamodb_session.connect_timeout=-1
dynamodb_session.data_attribute_type=blob
display_startup_errors=1
--FILE--
<?php
var_dump(ini_get('dynamodb_session.locking'), ini_get('dynamodb_session.connect_timeout'), ini_get('dynamodb_session.data_attribute_type'));
new DynamoDbSession\SessionHandler();
echo "handler created with defaults\n";
?>
--EXPECTF--
%AWarning: PHP Startup: [dynamodb_session] invalid option 'dynamodb_session.data_attribute_type': 'blob' is not one of 'string', 'binary'; the directive keeps its previous value in Unknown on line 0
%AWarning: PHP Startup: [dynamodb_session] invalid option 'dynamodb_session.locking': 'maybe' is not a boolean (use 1 or 0); the directive keeps its previous value in Unknown on line 0
%AWarning: PHP Startup: [dynamodb_session] invalid option 'dynamodb_session.connect_timeout': must be a non-negative number of seconds, got -1; the directive keeps its previous value in Unknown on line 0
string(0) ""
string(0) ""
string(0) ""
handler created with defaults
