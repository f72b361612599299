#!/bin/bash
# run.sh — the browser tests: a real nginx and `dais serve` with the sample
# event, driven by Debian's headless Chromium through playwright-core
# (submit.test.js: the public form; moderate.test.js: the moderators;
# queue.test.js: the queue's boxes and bulk decisions, and the audit log;
# publish.test.js: host pages showing the statements; languages.test.js:
# every page in English, French, Spanish and Arabic; search.test.js: public
# search from the header, filters and pages; timezone.test.js: an
# embargo typed in the event's time zone; originals.test.js: a moderator
# offers a statement's original document on its public page; mine.test.js:
# a submitter's way back, "My statements" and the receipt's copy button;
# accounts.test.js: a moderator's account page, a forgotten password and
# its reset link;
# archive.test.js: the list of events, an event's and an organisation's
# pages, and printing them; privacy.test.js: the privacy notice and
# /admin/erase; sanitize.test.js: the differential
# test of the sanitizer, every output parsed by Chromium into the tree dais
# wrote and showing the input's text; structure.test.js: the admin pages
# that edit, reorder, delete and merge events, sessions and organisations,
# and moving a statement; settings.test.js: the settings on /admin and an
# event page's contents list; flow.test.js: the review page's banner after a
# decision, "Approve and next" and Undo; history.test.js: the edit boxes
# hold the cleaned statement, the history the words changed). Screenshots
# are kept
# in tests/out/screenshots.
#
# nginx also serves the host pages of publish.test.js (tests/browser/host/,
# with @PORT@ replaced) at /news/, on dais's port and on a second one: the
# second origin stands for another site, listed in dais's cors_origins.
# Only ssi.html (and lang/*, the pages in each language) has SSI on; the
# others keep nginx's ETag and Last-Modified, so that a reload revalidates
# them as it would a real host page.
#
#   DAIS=build/dais bash tests/browser/run.sh
#   DAIS=build/dais BROWSER_TESTS=publish bash tests/browser/run.sh
#
# Prints "browser: N passed, N failed", the sum of the node scripts' checks
# and this script's own; a browser that cannot start is a failure.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
T_NAME=browser
here=$top_srcdir/tests/browser
ARTIFACTS=$top_srcdir/tests/out/screenshots

check "DAIS ($DAIS) is a program" test -x "$DAIS"
check "node is installed" sh -c "command -v node >/dev/null"
check "playwright-core is installed (npm install in tests/browser)" \
    test -d "$here/node_modules/playwright-core"
check "axe-core is installed" test -f "$here/node_modules/axe-core/axe.min.js"
check "Chromium is installed" test -x /usr/bin/chromium
[ "$T_FAIL" -eq 0 ] || { t_finish; exit 1; }

t_init_db || { t_finish; exit 1; }
bash "$top_srcdir/contrib/sample/load.sh" "$DAIS" >"$T_DIR/load.log" 2>&1 ||
    { fail "sample event: $(tail -3 "$T_DIR/load.log")"; t_finish; exit 1; }
"$DAIS" config set submit_min_seconds 0 >/dev/null &&
# The rate limit is the shell suites' (submit.sh, mine.sh): here the tests
# together send more statements in an hour than it allows.
"$DAIS" config set rate_submit_per_hour 0 >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add bob >/dev/null ||
    { fail "configuration and moderators"; t_finish; exit 1; }
NEWS_DIR=$T_DIR/www/news
ACCESS_LOG=$T_DIR/access.log
host_pages() {
	local f
	mkdir -p "$NEWS_DIR" || return 1
	for f in "$here"/host/*; do
		sed "s/@PORT@/$PORT/g" "$f" >"$NEWS_DIR/${f##*/}" || return 1
	done
}
# Two ports, chosen again if either was taken before nginx could bind it.
for attempt in 1 2 3 4 5; do
	PORT=$(free_port)
	PORT2=$(free_port)
	[ "$PORT2" != "$PORT" ] || continue
	ORIGIN2=http://127.0.0.1:$PORT2
	"$DAIS" config set cors_origins "$ORIGIN2" >/dev/null &&
	"$DAIS" config set base_url "http://127.0.0.1:$PORT/statements" >/dev/null ||
	    { fail "cors_origins and base_url"; t_finish; exit 1; }
	t_try_nginx "
        listen 127.0.0.1:$PORT2;
        access_log $ACCESS_LOG;
        location /news/ {
            types { text/html html; text/css css; text/javascript js; }
        }
        location = /news/ssi.html { ssi on; }
        location /news/lang/ {
            types { text/html html; }
            ssi on;
        }" && break
	grep -q 'Address already in use' "$T_DIR/nginx-error.log" || break
done
[ -n "$NGINX_PID" ] ||
    { fail "nginx did not start: $(tail -2 "$T_DIR/nginx-error.log")"; t_finish; exit 1; }
host_pages && t_start_dais || { t_finish; exit 1; }

mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png

# The cases of unit_sanitize and their outputs, for sanitize.test.js
# (built here if `make check` has not built it yet).
DAIS_BUILD=$(cd "$(dirname "$DAIS")" && pwd)
UNIT_SANITIZE=$DAIS_BUILD/tests/unit_sanitize
[ -x "$UNIT_SANITIZE" ] ||
    make -C "$DAIS_BUILD" tests/unit_sanitize >"$T_DIR/unit-build.log" 2>&1
UNIT_DUMP=$T_DIR/unit-sanitize.dump
check "unit_sanitize writes its cases for sanitize.test.js" sh -c \
    "SANITIZE_DUMP='$UNIT_DUMP' '$UNIT_SANITIZE' '$top_srcdir/tests/golden/sanitize' >'$T_DIR/unit-sanitize.out' 2>&1 && test -s '$UNIT_DUMP'"

# Each script prints its failures and ends with "NAME: N passed, N failed".
# That line is added to this script's count and shown as "NAME — ...", so
# that tests/all.sh, which adds up every "X: N passed" line of this log,
# counts each check once (in the "browser:" line).
# publish runs after submit and moderate: it counts on the statements they
# approved only for their order, and approves more of its own. languages
# runs last, so that its statements change nothing the others count; it
# opens some sixty pages. timezone runs after it: it changes the sample
# event's time zone. originals sends one more statement and approves it
# (after every test that counts the queue or the published ones). mine
# sets mail_command while it runs, and empties it again. archive runs after
# them: the two statements it approves change nothing the others count.
# phones runs after archive: it sends and approves one more statement (a
# wide table, a long word and address) and reads every kind of page at
# 320 px. export (the admin export form) sends nothing and approves
# nothing. privacy sends two statements and erases them again, after the
# others. settings (the admin settings, an event page's contents) sends
# and approves two statements and sets back the settings it changes.
# flow sends six statements, made the oldest in the queue, and
# leaves five published and one rejected, after every test that counts
# them. history, after flow (whose "N left" counts the queue), sends two
# statements and edits them, approving none. sanitize needs neither the
# server nor the database. receipt (issue 13: the confirmation, the status
# page, withdrawing) runs last: it sets mail_command while it runs, and
# approves one statement.
# BROWSER_TESTS="publish" runs only some.
for t in ${BROWSER_TESTS:-submit moderate queue publish search languages timezone originals mine accounts archive phones export privacy structure settings flow history sanitize receipt}; do
	secs=85; [ "$t" = publish ] && secs=120; [ "$t" = submit ] && secs=180; [ "$t" = languages ] && secs=300
	[ "$t" = sanitize ] && secs=240; [ "$t" = mine ] && secs=180; [ "$t" = accounts ] && secs=180; [ "$t" = archive ] && secs=120; [ "$t" = phones ] && secs=150
	[ "$t" = flow ] && secs=150; [ "$t" = history ] && secs=150; [ "$t" = queue ] && secs=150; [ "$t" = moderate ] && secs=150; [ "$t" = settings ] && secs=180; [ "$t" = receipt ] && secs=150
	( cd "$here" && BASE=$BASE DAIS_DB=$DAIS_DB ARTIFACTS=$ARTIFACTS \
	    DAIS=$DAIS_BUILD/${DAIS##*/} UNIT_DUMP=$UNIT_DUMP \
	    ORIGIN2=$ORIGIN2 NEWS_DIR=$NEWS_DIR ACCESS_LOG=$ACCESS_LOG \
	    timeout -k 5 "$secs" node "$t.test.js" ) >"$T_DIR/$t.out" 2>&1
	rc=$?
	line=$(grep -E "^$t: [0-9]+ passed, [0-9]+ failed$" "$T_DIR/$t.out" | tail -1)
	sed -E "s/^($t): ([0-9]+) passed, ([0-9]+) failed$/\1 — \2 passed, \3 failed/" "$T_DIR/$t.out"
	if [ -z "$line" ]; then
		fail "$t.test.js ended without its summary (exit $rc)"
		continue
	fi
	p=${line#*: }; p=${p%% passed*}
	f=${line%% failed}; f=${f##*, }
	T_PASS=$((T_PASS + p)); T_FAIL=$((T_FAIL + f))
	d=$(sed -n "s/^$t: \([0-9]*\) distinct checks$/\1/p" "$T_DIR/$t.out" | tail -1)
	T_DISTINCT_MORE=$((T_DISTINCT_MORE + ${d:-0}))
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || fail "$t.test.js exited $rc"
done
echo "screenshots in $ARTIFACTS"
t_finish
