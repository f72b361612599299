# vg_check.sh — vg_check LOG...: valgrind memcheck logs, each ending with
# a clean summary: no error, no "definitely lost", no invalid access.
# Prints the bad ones; 1 if any. Sourced by lib.sh (faults.sh's memcheck),
# run by `make check-valgrind`: bash tests/vg_check.sh vg/*.log
vg_check() {
	local f bad=
	for f in "$@"; do
		if ! grep -q 'ERROR SUMMARY: 0 errors' "$f" ||
		    grep -q -E 'definitely lost in|Invalid (read|write|free)|uninitialised|Mismatched free|overlap|Process terminating' "$f" ||
		    ! grep -q 'LEAK SUMMARY\|All heap blocks were freed' "$f"; then
			bad="$bad $f"
		fi
	done
	[ -z "$bad" ] && return 0
	for f in $bad; do
		echo "== $f" >&2
		grep -v '^==[0-9]*== *$' "$f" | head -c 20000 >&2
	done
	return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ $# -gt 0 ] || { echo "usage: vg_check.sh LOG..." >&2; exit 2; }
	vg_check "$@"
fi
