<?php
// Where a session request's CPU goes, from `perf script` output (bench/profile):
// every sample's own frame is put in one bucket (AWS SDK pipeline, JSON,
// hyper/tokio/http, TLS and crypto, our code, Rust std, libc, PHP, kernel, …)
// by its shared object and, inside the extension, by the crates its Rust
// symbol names. A second view charges libc and Rust std/core/alloc samples
// (malloc, memcpy, Vec, HashMap…) to the nearest caller in another bucket,
// and the kernel's samples are split by their nearest user-space caller. Then the
// heaviest symbols by self time. µs per request = sampled CPU / requests.
//
// With a second listing of the same samples made with inline expansion, the
// buckets go by the innermost inlined function (with LTO, a Rust function
// holds much code of other crates), the top symbols still by real function.
//
// Usage: php -n profile-breakdown.php <requests> <extension.so> <top N> <script.txt> [script-inline.txt]
//   script.txt:        perf script -F pid,period,ip,sym,dso --no-inline -i perf.data
//   script-inline.txt: the same without --no-inline

[$_, $requests, $extension, $top, $physicalFile, $inlineFile] = $argv + [1 => '0', 2 => '', 3 => '25', 4 => 'php://stdin', 5 => ''];
$requests = max(1, (int) $requests);
$extensionName = basename((string) realpath($extension) ?: $extension);

const BUCKETS = [
    'sdk' => 'AWS SDK pipeline (aws_smithy_*, aws_sdk_*, aws_sigv4, aws_runtime…)',
    'json' => 'JSON (aws_smithy_json, serde_json)',
    'net' => 'hyper / tokio / http (h2, tower, bytes, mio, futures…)',
    'tls' => 'TLS and crypto (rustls, ring, webpki, sha2, hmac)',
    'ours' => 'our code (dynamodb_session*, ext_php_rs)',
    'rust' => 'Rust std / core / alloc, other crates',
    'ext?' => 'extension, no symbols (a stripped build)',
    'libc' => 'libc (malloc, free, memcpy…), vdso',
    'php' => 'PHP (php-fpm, opcache, PHP extensions)',
    'lib' => 'other libraries',
    'kernel' => 'kernel',
    '?' => 'unknown',
];
// Crate name => bucket, for Rust symbols. The first crate named in a symbol
// that is not std's (core::ptr::drop_in_place<hyper::…> is hyper's) decides.
const CRATES = [
    'sdk' => ['aws_smithy_runtime', 'aws_smithy_runtime_api', 'aws_smithy_types', 'aws_smithy_http', 'aws_smithy_async',
        'aws_smithy_observability', 'aws_smithy_schema', 'aws_smithy_query', 'aws_smithy_xml', 'aws_smithy_eventstream',
        'aws_smithy_http_client', 'aws_smithy_compression', 'aws_smithy_checksums',
        'aws_sdk_dynamodb', 'aws_sigv4', 'aws_runtime', 'aws_credential_types', 'aws_types', 'aws_config', 'aws_http',
        'aws_endpoint', 'aws_sig_auth', 'tracing', 'tracing_core', 'fastrand', 'uuid', 'time', 'urlencoding', 'percent_encoding',
        'form_urlencoded', 'hex', 'base64', 'base64_simd', 'crc32fast', 'lru', 'regex', 'regex_lite', 'regex_automata'],
    'json' => ['aws_smithy_json', 'serde', 'serde_json', 'ryu', 'itoa', 'zmij'],
    'net' => ['hyper', 'hyper_util', 'hyper_rustls', 'tokio', 'tokio_util', 'tokio_rustls', 'http', 'http_body', 'http_body_util',
        'h2', 'tower', 'tower_service', 'tower_layer', 'bytes', 'mio', 'futures', 'futures_util', 'futures_core',
        'futures_channel', 'futures_task', 'pin_project', 'pin_project_lite', 'want', 'try_lock', 'socket2', 'httparse',
        'httpdate', 'ipnet', 'slab', 'parking_lot', 'parking_lot_core', 'atomic_waker'],
    'tls' => ['rustls', 'rustls_pki_types', 'rustls_webpki', 'webpki', 'ring', 'untrusted', 'rustls_native_certs',
        'rustls_pemfile', 'sha2', 'sha1', 'hmac', 'digest', 'block_buffer', 'aes', 'aes_gcm', 'ghash', 'polyval', 'ctr',
        'cipher', 'subtle', 'zeroize', 'aws_lc_rs', 'aws_lc_sys'],
    'ours' => ['dynamodb_session', 'dynamodb_session_core', 'ext_php_rs'],
];
// Functions from C or assembly linked into the extension.
const C_PREFIXES = ['ring_core_' => 'tls', 'aws_lc_' => 'tls', 'ZSTD_' => 'rust', 'HUF_' => 'rust', 'FSE_' => 'rust'];

$crateBucket = [];
foreach (CRATES as $bucket => $crates) {
    foreach ($crates as $crate) {
        $crateBucket[$crate] = $bucket;
    }
}

$cache = [];
/** The bucket of one frame. */
$classify = function (string $symbol, string $dso) use (&$cache, $crateBucket, $extensionName): string {
    $key = "$symbol\0$dso";
    if (isset($cache[$key])) {
        return $cache[$key];
    }
    $base = basename($dso);
    if ($dso === '[kernel.kallsyms]' || str_starts_with($dso, '[kernel') || str_starts_with($dso, '[guest.kernel')) {
        $bucket = 'kernel';
    } elseif ($dso === '[vdso]' || preg_match('/^(libc|libm|libpthread|libdl|librt|ld-linux[^.]*)[.-]/', $base)) {
        $bucket = 'libc';
    } elseif ($base === $extensionName || preg_match('/dynamodb_session|^dds-.*\.so$/', $base)) {
        $bucket = rust_bucket($symbol, $crateBucket);
    } elseif (preg_match('/^php(-fpm|-cgi)?[0-9.]*$/', $base) || str_starts_with($dso, '/usr/lib/php/') || $base === 'opcache.so') {
        $bucket = 'php';
    } elseif ($dso === '[unknown]' || $dso === '') {
        $bucket = '?';
    } else {
        $bucket = 'lib';
    }
    return $cache[$key] = $bucket;
};

function rust_bucket(string $symbol, array $crateBucket): string
{
    if ($symbol === '[unknown]' || $symbol === '') {
        return 'ext?';
    }
    foreach (C_PREFIXES as $prefix => $bucket) {
        if (str_starts_with($symbol, $prefix)) {
            return $bucket;
        }
    }
    preg_match_all('/(?:^|[<\s&(\[*,])(?:(?:dyn|mut|const|unsafe|impl) )*([a-z_][a-z0-9_]*)::/', $symbol, $m);
    $crates = $m[1];
    if (!$crates && preg_match('/^_ZN(\d+)/', $symbol, $n)) {
        $crates = [substr($symbol, 3 + strlen($n[1]), (int) $n[1])]; // a name left mangled (legacy scheme)
    }
    foreach ($crates as $crate) {
        if (isset($crateBucket[$crate])) {
            return $crateBucket[$crate];
        }
        if (str_starts_with($crate, 'aws_smithy_') || str_starts_with($crate, 'aws_sdk_')) {
            return 'sdk';
        }
    }
    return 'rust';
}

// --- Read the samples ---------------------------------------------------------
$self = array_fill_keys(array_keys(BUCKETS), 0);
$charged = $self;
$kernelBy = [];
$symbols = [];
$libs = [];
$total = 0;
$samples = 0;
$moved = 0; // libc and Rust std samples charged to a caller
$switches = 0; // the kernel's finish_task_switch
$inlined = 0; // samples whose frames were expanded into their inlined functions
$physicalIn = fopen($physicalFile, 'r') ?: exit(1);
$inlineIn = $inlineFile === '' ? null : fopen($inlineFile, 'r');
while (($sample = read_sample($physicalIn)) !== null) {
    [$period, $physical] = $sample;
    $frames = array_map(fn ($f) => [$f[1], $f[2]], $physical);
    if ($inlineIn !== null && ($expanded = read_sample($inlineIn)) !== null && ($logical = with_inlines($physical, $expanded[1])) !== null) {
        $inlined += count($logical) > count($frames) ? 1 : 0;
        $frames = $logical;
    }
    if ($period === 0 || !$frames) {
        continue;
    }
    $samples++;
    $total += $period;
    [$symbol, $dso] = $frames[0];
    $bucket = $classify($symbol, $dso);
    $self[$bucket] += $period;
    if ($bucket === 'kernel' && str_starts_with($symbol, 'finish_task_switch')) {
        $switches += $period;
    }
    if ($bucket === 'lib') {
        $libs[basename($dso)] = ($libs[basename($dso)] ?? 0) + $period;
    }
    // Top symbols: the function the sample's address is in (not its inlined callees).
    $name = $physical[0][1] . '  [' . basename($physical[0][2]) . ']';
    $symbols[$name] = ($symbols[$name] ?? 0) + $period;
    // The nearest caller outside libc and Rust std (and, for the kernel, outside the kernel).
    $owner = $bucket;
    if (in_array($bucket, ['libc', 'rust', 'kernel'], true)) {
        $owner = null;
        for ($i = 1; $i < count($frames); $i++) {
            $caller = $classify(...$frames[$i]);
            if (!in_array($caller, ['libc', 'rust', 'kernel', '?'], true)) {
                $owner = $caller;
                break;
            }
        }
        if ($owner !== null && $bucket !== 'kernel') {
            $moved += $period;
        }
    }
    if ($bucket === 'kernel') {
        $kernelBy[$owner ?? '?'] = ($kernelBy[$owner ?? '?'] ?? 0) + $period;
        $charged['kernel'] += $period;
    } else {
        $charged[$owner ?? $bucket] += $period;
    }
}
if ($samples === 0) {
    fwrite(STDERR, "no samples in $physicalFile\n");
    exit(1);
}

/**
 * The next sample of `perf script -F pid,period,ip,sym,dso` output:
 * [period, [[ip, symbol, shared object], …] innermost first], or null at the end.
 *
 * @param resource $in
 */
function read_sample($in): ?array
{
    static $pending = [];
    $key = (int) $in;
    $period = $pending[$key] ?? null;
    $frames = [];
    while (($line = fgets($in)) !== false) {
        if ($line[0] === "\t") {
            // "\t    7f12ab symbol name (/path/to/dso)", or "(inlined)"
            if (preg_match('/^\s+([0-9a-f]+) (.*) \(([^()]*)\)$/', rtrim($line), $m)) {
                $frames[] = [$m[1], $m[2], $m[3]];
            }
        } elseif (trim($line) !== '') {
            // " 3296/3296      250000 " (pid/tid period): the next sample starts
            $next = preg_match('/(\d+)\s*$/', $line, $m) ? (int) $m[1] : 0;
            if ($period !== null) {
                $pending[$key] = $next;
                return [$period, $frames];
            }
            $period = $next;
        }
    }
    unset($pending[$key]);
    return $period === null ? null : [$period, $frames];
}

/**
 * The sample's frames with each one's inlined functions in front of it, from
 * the same sample printed with inline expansion (where perf prints one line
 * per inlined function at the same address, most of them as "(inlined)"
 * instead of the shared object); null when the two do not line up.
 */
function with_inlines(array $physical, array $expanded): ?array
{
    $runs = [];
    foreach ($expanded as [$ip, $symbol]) {
        if ($runs && $runs[count($runs) - 1][0] === $ip) {
            $runs[count($runs) - 1][1][] = $symbol;
        } else {
            $runs[] = [$ip, [$symbol]];
        }
    }
    if (count($runs) !== count($physical)) {
        return null;
    }
    $frames = [];
    foreach ($physical as $i => [$ip, $symbol, $dso]) {
        if ($runs[$i][0] !== $ip) {
            return null;
        }
        $names = $runs[$i][1];
        foreach ($names as $j => $name) {
            // DWARF names some inlined functions without their path
            // ({async_fn#0}, escape_string_inner): the enclosing one decides.
            if ($j === count($names) - 1 || preg_match('/^(<|[a-z_][a-z0-9_]*::)/', $name) || !str_contains($symbol, '::')) {
                $frames[] = [$name, $dso];
            }
        }
    }
    return $frames;
}

// --- Report -----------------------------------------------------------------------
$us = fn (int $ns) => $ns / 1000 / $requests;
$pct = fn (int $ns) => 100 * $ns / $total;
printf("%d samples, %.0f µs of CPU per request sampled (%d requests)%s\n\n", $samples, $us($total), $requests,
    $inlineIn === null ? '' : sprintf('; %.0f%% of the samples had inlined functions', 100 * $inlined / $samples));
$row = fn (string $label, string ...$cells) => print(pad($label, -70) . ' ' . pad($cells[0], 7) . ' ' . pad($cells[1], 8)
    . '   ' . pad($cells[2], 9) . ' ' . pad($cells[3], 8) . "\n");
$row('', 'self', '', 'libc, std', '');
$row('bucket', 'share', 'µs/req', '→ caller', 'µs/req');
foreach (BUCKETS as $key => $label) {
    if ($self[$key] === 0 && $charged[$key] === 0) {
        continue;
    }
    if ($key === 'lib' && $libs) {
        arsort($libs);
        $label .= ' (' . implode(', ', array_slice(array_keys($libs), 0, 3)) . ')';
    }
    $row(shorten($label, 70), sprintf('%.1f%%', $pct($self[$key])), sprintf('%.1f', $us($self[$key])),
        sprintf('%.1f%%', $pct($charged[$key])), sprintf('%.1f', $us($charged[$key])));
}
if ($switches > 0) {
    $row('  of which finish_task_switch (with perf -p, largely perf\'s own)', sprintf('%.1f%%', $pct($switches)), sprintf('%.1f', $us($switches)), '', '');
}
$row('total', '100%', sprintf('%.1f', $us($total)), '100%', sprintf('%.1f', $us($total)));
if ($self['libc'] + $self['rust'] > 0) {
    printf("(\"→ caller\": libc and Rust std samples charged to the nearest caller in another bucket; %.0f%% of them had one)\n",
        100 * $moved / ($self['libc'] + $self['rust']));
}
if ($self['kernel'] > 0) {
    arsort($kernelBy);
    $parts = [];
    foreach ($kernelBy as $key => $ns) {
        if ($ns < $self['kernel'] / 100) {
            continue;
        }
        $parts[] = sprintf('%s %.0f%%', $key === '?' ? 'not unwound' : explode(' (', BUCKETS[$key])[0], 100 * $ns / $self['kernel']);
    }
    echo "\nthe kernel's samples, by the nearest user-space caller: ", implode(', ', $parts), "\n";
}

arsort($symbols);
printf("\ntop %d symbols by self time\n%s %s  %s\n", $top, pad('share', 7), pad('µs/req', 8), 'symbol  [shared object]');
foreach (array_slice($symbols, 0, (int) $top, true) as $name => $ns) {
    printf("%6.1f%% %8.1f  %s\n", $pct($ns), $us($ns), shorten($name, 140));
}

/** Pads to $width characters (not bytes), on the left, or on the right when $width < 0. */
function pad(string $text, int $width): string
{
    $fill = str_repeat(' ', max(0, abs($width) - preg_match_all('/./us', $text)));
    return $width < 0 ? $text . $fill : $fill . $text;
}

function shorten(string $text, int $width): string
{
    return preg_match_all('/./us', $text) <= $width ? $text : substr($text, 0, $width - 3) . '...';
}
