<?php
// fragment.php — the PHP-FPM baseline: dais's fragment GET written the way
// a PHP application would: the same SQLite lookup by key (the same table
// and query as dais's FRAG_GET), then the same headers and the body.
//
// nginx gives the database in the FastCGI parameter DAIS_DB. With the
// parameter PERSISTENT=1 the connection is a persistent PDO one, kept by
// the PHP-FPM child between requests (the best PHP can do); without it the
// database is opened for each request, as PHP does by default — and each
// open reads dais's schema again.
$key = substr($_SERVER['PATH_INFO'] ?? '', strlen('/fragment/'));
$db = new PDO('sqlite:' . $_SERVER['DAIS_DB'], null, null, [
	PDO::ATTR_PERSISTENT => !empty($_SERVER['PERSISTENT']),
	PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
	PDO::ATTR_TIMEOUT => 5,
]);
$st = $db->prepare('SELECT body, etag, updated, due FROM fragment WHERE key = ?');
$st->execute([$key]);
$row = $st->fetch(PDO::FETCH_NUM);
$st = null;
header('Content-Type: text/html; charset=utf-8');
header('X-Content-Type-Options: nosniff');
header('Cache-Control: public, max-age=60, stale-while-revalidate=600');
if ($row !== false) {
	header('ETag: ' . $row[1]);
	header('Last-Modified: ' . gmdate('D, d M Y H:i:s', $row[2]) . ' GMT');
	echo $row[0];
}
