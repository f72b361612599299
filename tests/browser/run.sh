#!/bin/bash
# run.sh — the browser tests: a real nginx and `dais serve` with the sample
# event, driven by Debian's headless Chromium through playwright-core
# (submit.test.js: the public form; moderate.test.js: the moderators).
# Screenshots are kept in tests/out/screenshots.
#
#   DAIS=build/dais bash tests/browser/run.sh
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
printf 'correct horse battery\n' | "$DAIS" moderator add alice --role admin >/dev/null &&
printf 'correct horse battery\n' | "$DAIS" moderator add bob >/dev/null ||
    { fail "configuration and moderators"; t_finish; exit 1; }
t_start_nginx && t_start_dais || { t_finish; exit 1; }

mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png

# Each script prints its failures and ends with "NAME: N passed, N failed".
# That line is added to this script's count and shown as "NAME — ...", so
# that tests/all.sh, which adds up every "X: N passed" line of this log,
# counts each check once (in the "browser:" line).
for t in submit moderate; do
	( cd "$here" && BASE=$BASE DAIS_DB=$DAIS_DB ARTIFACTS=$ARTIFACTS \
	    timeout -k 5 85 node "$t.test.js" ) >"$T_DIR/$t.out" 2>&1
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
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || fail "$t.test.js exited $rc"
done
echo "screenshots in $ARTIFACTS"
t_finish
