#!/bin/bash
# all.sh — installs what is missing (Debian, as root), builds dais, and runs
# every test: unit and golden tests, the real nginx + dais integration tests,
# the browser tests, make distcheck, the HTTP suites under valgrind
# memcheck, the whole suite again in a sanitizer (ASan + UBSan) build, then
# a short run of every fuzz target. Ends with "N passed, N failed".
#
#   tests/all.sh            everything
#   QUICK=1 tests/all.sh    skip memcheck, the sanitizer build and fuzzing
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$top/tests/out
mkdir -p "$log"

echo "== packages"
bash contrib/install-deps.sh test >"$log/apt.log" 2>&1 ||
    { tail -20 "$log/apt.log"; echo "0 passed, 1 failed"; exit 1; }
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
	( cd tests/browser && npm install --no-audit --no-fund >"$log/npm.log" 2>&1 ) ||
	    { tail -20 "$log/npm.log"; echo "0 passed, 1 failed"; exit 1; }
fi

passed=0
failed=0
# Adds up every "NAME: N passed, N failed" line of the given logs.
tally() {
	local p f
	p=$(cat "$@" 2>/dev/null | sed -n 's/.*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p' | awk '{s+=$1} END {print s+0}')
	f=$(cat "$@" 2>/dev/null | sed -n 's/.*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p' | awk '{s+=$1} END {print s+0}')
	passed=$((passed + p)); failed=$((failed + f))
}
step_fail() { echo "FAILED: $1"; failed=$((failed + 1)); }
# Adds up the "(N distinct checks)" of the given logs: counted once, for the
# main build and the browser tests (memcheck and the sanitizer build run
# the same checks again).
distinct=0
tally_distinct() {
	local d
	d=$(cat "$@" 2>/dev/null | sed -n 's/.*: [0-9][0-9]* passed, [0-9][0-9]* failed (\([0-9][0-9]*\) distinct checks).*/\1/p' | awk '{s+=$1} END {print s+0}')
	distinct=$((distinct + d))
}

# build DIR CONFIGURE_ARGS...: an out-of-tree build and `make check`.
build_and_check() {
	local dir=$1; shift
	rm -rf "$dir" && mkdir -p "$dir"
	( cd "$dir" && "$top/configure" --enable-werror "$@" >configure.log 2>&1 ) ||
	    { tail -20 "$dir/configure.log"; step_fail "configure $*"; return 1; }
	( cd "$dir" && make -j2 >make.log 2>&1 ) ||
	    { grep -E 'error|warning' "$dir/make.log" | head -30; step_fail "make $*"; return 1; }
	( cd "$dir" && make -j2 check >check.log 2>&1 )
	local rc=$?
	cat "$dir"/tests/*.log 2>/dev/null | grep -E ': [0-9]+ passed, [0-9]+ failed' | sed 's/^/  /'
	tally "$dir"/tests/*.log
	if [ $rc -ne 0 ]; then
		grep -h -E '^(FAIL|ERROR)' "$dir/check.log" "$dir"/tests/*.log | head -40
		# A test program that crashed prints no summary: count it.
		grep -q '^# ERROR: *[1-9]' "$dir/test-suite.log" 2>/dev/null && step_fail "a test crashed ($dir)"
		[ "$failed" -gt 0 ] || step_fail "make check ($dir)"
	fi
}

echo "== autoreconf"
autoreconf -fi >"$log/autoreconf.log" 2>&1 || { tail "$log/autoreconf.log"; echo "0 passed, 1 failed"; exit 1; }

echo "== build and test"
build_and_check "$top/build"
tally_distinct "$top"/build/tests/*.log

if [ -f tests/browser/run.sh ] && [ -x build/dais ]; then
	echo "== browser tests"
	DAIS=$top/build/dais bash tests/browser/run.sh >"$log/browser.log" 2>&1
	grep -E ': [0-9]+ passed, [0-9]+ failed|FAIL' "$log/browser.log" | sed 's/^/  /'
	tally "$log/browser.log"
	tally_distinct "$log/browser.log"
	grep -q ': [0-9]* passed' "$log/browser.log" || step_fail "browser tests did not run"
fi

# The release tarball: it builds out of tree from a read-only copy,
# installs, uninstalls cleanly and passes the unit and CLI tests (the
# integration suites ran above; in distcheck they would double the time;
# the manual pages, made in the build, are checked there too).
if [ -f build/Makefile ]; then
	echo "== make distcheck"
	t0=$SECONDS
	dc_tests="tests/unit_util tests/unit_parse tests/unit_template"
	dc_tests="$dc_tests tests/unit_sanitize tests/cli.sh tests/unit_cli tests/man.sh"
	if ( cd build && make distcheck TESTS="$dc_tests" >"$log/distcheck.log" 2>&1 ); then
		echo "  distcheck: ok in $((SECONDS - t0)) s"
		passed=$((passed + 1))
	else
		grep -E '^(FAIL|ERROR)|rror|missing' "$log/distcheck.log" | head -20
		step_fail "make distcheck"
	fi
fi

if [ -z "${QUICK:-}" ]; then
	echo "== the HTTP suites again, every dais process under valgrind memcheck"
	( cd build && make check-valgrind >"$log/valgrind.log" 2>&1 )
	rc=$?
	vgl=$(ls build/tests/{http,submit,malformed,moderate,security,publish}.sh.log 2>/dev/null)
	cat $vgl /dev/null | grep -E ': [0-9]+ passed, [0-9]+ failed' | sed 's/^/  valgrind /'
	tally $vgl
	grep '^memcheck:' "$log/valgrind.log" | sed 's/^/  /'
	if [ $rc -eq 0 ]; then passed=$((passed + 1)); else
		grep -E '^(FAIL|== )' "$log/valgrind.log" | head -20; step_fail "make check-valgrind"
	fi

	echo "== sanitizer build (ASan + UBSan) and test"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    build_and_check "$top/build-san" --enable-sanitizers

	echo "== fuzzing, ${FUZZ_SECONDS:-20} s per target"
	if ( cd build && make fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-20}" >"$log/fuzz.log" 2>&1 ); then
		grep -E '^fuzz_|executed_units' "$log/fuzz.log" | sed 's/^/  /'
		n=$(grep -c '^fuzz_' "$log/fuzz.log"); echo "fuzz: $n passed, 0 failed" >"$log/fuzz-sum.log"
		tally "$log/fuzz-sum.log"
	else
		tail -30 "$log/fuzz.log"; step_fail "fuzzing"
	fi
fi

echo "distinct checks: $distinct (the main build's suites and the browser tests, each" \
    "check counted once however often it ran; the passes below also count" \
    "the same checks again under memcheck and in the sanitizer build)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
