# vg_check.sh — vg_check LOG...: valgrind memcheck logs, each clean: no
# error, no "definitely lost", no invalid access, and a summary at the
# end. A log that stops after valgrind's header belongs to a process that
# exec'd another program (the sendmail command of notifications) or was
# killed on purpose (kill -9 of a worker): nothing ran under memcheck after
# it, so it is counted apart. Prints the bad logs; 1 if any. Sourced by
# lib.sh (faults.sh's memcheck), run by `make check-valgrind`:
#   bash tests/vg_check.sh vg/*.log
vg_check() {
	local f bad= cut=0 clean=0
	for f in "$@"; do
		if grep -q -E 'definitely lost in|Invalid (read|write|free)|uninitialised|Mismatched free|overlap|Process terminating' "$f"; then
			bad="$bad $f"
		elif grep -q 'ERROR SUMMARY' "$f"; then
			if grep -q 'ERROR SUMMARY: 0 errors' "$f" &&
			    grep -q 'LEAK SUMMARY\|All heap blocks were freed' "$f"; then
				clean=$((clean + 1))
			else
				bad="$bad $f"
			fi
		elif [ "$(grep -v -c -E '^==[0-9]+== (Memcheck|Copyright|Using Valgrind|Command|Parent PID|$)' "$f")" -eq 0 ]; then
			cut=$((cut + 1))
		else
			bad="$bad $f"
		fi
	done
	echo "memcheck: $clean logs clean, $cut ended at an exec or a kill, $(echo $bad | wc -w) bad" >&2
	[ -z "$bad" ] && [ "$clean" -gt 0 ] && return 0
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
