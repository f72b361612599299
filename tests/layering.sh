#!/bin/bash
# layering.sh — who may call whom, read from the built objects with nm:
# nothing in libdais.a calls into main.o (main.c is main() only), no two
# members of libdais.a call each other (the command line's table and its
# commands excepted: cli.c lists them, they print its usage), and the
# upward calls that were removed stay removed. Starts no server.
#
# LIBDAIS and MAIN_O name other objects to check (e.g. an older build).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

LIBDAIS=${LIBDAIS:-$top_builddir/libdais.a}
MAIN_O=${MAIN_O:-$top_builddir/cgi/main.o}
command -v nm >/dev/null || { echo "layering: needs nm (binutils)"; exit 77; }
check "libdais.a is built" [ -f "$LIBDAIS" ]
check "main.o is built" [ -f "$MAIN_O" ]

# One line per global symbol of a member: "MEMBER TYPE NAME"; TYPE U is
# a reference, any other a definition.
nm -P -A -g "$LIBDAIS" 2>/dev/null |
	sed -n 's/^[^[]*\[\([^]]*\)\]: \([^ ]*\) \([^ ]*\).*/\1 \3 \2/p' |
	sort -u > "$T_DIR/lib.syms"
nm -P -g --defined-only "$MAIN_O" 2>/dev/null | awk '{ print $1 }' |
	sort -u > "$T_DIR/main.defs"
awk '$2 != "U" { print $3 }' "$T_DIR/lib.syms" | sort -u > "$T_DIR/lib.defs"
# "FROM TO": member FROM references a symbol that member TO defines.
awk 'NR == FNR { if ($2 != "U") def[$3] = $1; next }
	$2 == "U" && ($3 in def) && def[$3] != $1 { print $1, def[$3] }' \
	"$T_DIR/lib.syms" "$T_DIR/lib.syms" | sort -u > "$T_DIR/edges"
members=$(awk '{ print $1 }' "$T_DIR/lib.syms" | sort -u)
check "libdais.a has members" [ -n "$members" ]

# Symbols only main.o defines, referenced from libdais.a.
only_main=$(comm -23 "$T_DIR/main.defs" "$T_DIR/lib.defs")
for m in $members; do
	bad=$(awk -v m="$m" '$1 == m && $2 == "U" { print $3 }' "$T_DIR/lib.syms" |
		grep -Fxf <(printf '%s\n' $only_main) | tr '\n' ' ')
	eq "$m calls nothing defined only in main.o" "$bad" ""
done

# Two members that call each other.
for m in $members; do
	back=$(awk -v m="$m" '$1 == m { print $2 }' "$T_DIR/edges" | while read -r o; do
		case $m/$o in cli*.o/cli*.o) continue ;; esac
		grep -qx "$o $m" "$T_DIR/edges" && printf '%s ' "$o"
	done)
	eq "$m and the members it calls do not call it back" "$back" ""
done

# calls FROM TO: FROM.o references a symbol defined in TO.o.
calls() { grep -qx "$1.o $2.o" "$T_DIR/edges"; }
not() { ! "$@"; }
# defines MEMBER SYMBOL
defines() { grep -qx "$1.o [^U] $2" "$T_DIR/lib.syms"; }
check "moderate.o calls statement.o" calls moderate statement
check "statement.o does not call moderate.o" not calls statement moderate
check "statement.o and moderate.o write the audit log through audit.o" \
	calls statement audit
check "moderate.o calls audit.o" calls moderate audit
check "auth.o does not call statement.o (tokens hash in token.o)" \
	not calls auth statement
check "auth.o hashes session tokens with token.o" calls auth token
check "token.o defines token_hash" defines token token_hash
for m in $members; do
	case $m in page_*.o)
		check "$m does not call serve.o" not calls "${m%.o}" serve ;;
	esac
done
check "app.o defines app_open" defines app app_open
check "page_login.o defines page_login" defines page_login page_login
check "auth.o defines no page" \
	[ -z "$(awk '$1 == "auth.o" && $2 != "U" && $3 ~ /^page_/' "$T_DIR/lib.syms")" ]
check "auth.o defines no command" \
	[ -z "$(awk '$1 == "auth.o" && $2 != "U" && $3 ~ /^cmd_/' "$T_DIR/lib.syms")" ]
check "commands are defined in cli*.o only" \
	[ -z "$(awk '$2 != "U" && $3 ~ /^cmd_/ && $1 !~ /^cli/' "$T_DIR/lib.syms")" ]

# One mechanism for private links: the mail sender makes them through
# token.o (token_status_link), not with a copy of its hashing.
check "outbox.o makes private links through token.o" calls outbox token
check "outbox.o hashes no token itself" not grep -qx "outbox.o U crypto_generichash" "$T_DIR/lib.syms"
t_finish
