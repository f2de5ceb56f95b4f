<?php
// Shared by the TLS fault tests and the benchmark's TLS variant.

/**
 * A private CA and a certificate for 127.0.0.1 signed by it, made with PHP's
 * openssl extension. Returns [CA certificate PEM file, server cert+key PEM file].
 */
function private_ca(string $dir): array
{
    $config = "$dir/openssl.cnf";
    file_put_contents($config, "[req]\ndistinguished_name = dn\ndefault_bits = 2048\n[dn]\n"
        . "[ca]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\n"
        . "[server]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\n"
        . "extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1\n");
    // The config is passed everywhere: a minimal system (the PHP 8.4 lane's
    // root) has no openssl.cnf of its own.
    $key = fn () => openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_EC, 'curve_name' => 'prime256v1', 'config' => $config]);
    $caKey = $key();
    $caCsr = openssl_csr_new(['commonName' => 'dynamodb_session test CA'], $caKey, ['config' => $config, 'digest_alg' => 'sha256']);
    $ca = openssl_csr_sign($caCsr, null, $caKey, 2, ['config' => $config, 'x509_extensions' => 'ca', 'digest_alg' => 'sha256'], 1);
    $serverKey = $key();
    $serverCsr = openssl_csr_new(['commonName' => '127.0.0.1'], $serverKey, ['config' => $config, 'digest_alg' => 'sha256']);
    $server = openssl_csr_sign($serverCsr, $ca, $caKey, 2, ['config' => $config, 'x509_extensions' => 'server', 'digest_alg' => 'sha256'], 2);
    openssl_x509_export($ca, $caPem);
    openssl_x509_export($server, $serverPem);
    openssl_pkey_export($serverKey, $serverKeyPem, null, ['config' => $config]);
    file_put_contents("$dir/ca.pem", $caPem);
    file_put_contents("$dir/server.pem", $serverPem . $serverKeyPem);
    return ["$dir/ca.pem", "$dir/server.pem"];
}
