#!/bin/bash
# install-deps.sh — installs the Debian packages dais needs, only those
# missing. Usage: install-deps.sh [build|demo|test]. Needs root (apt-get).
set -u
# tzdata: the IANA time zones of events (embargo times), read at run time.
BUILD="build-essential autoconf automake pkg-config libfcgi-dev libxml2-dev
libsqlite3-dev libcmark-dev libsodium-dev gettext tzdata"
DEMO="$BUILD nginx-light sqlite3 curl"
# mandoc and man-db: tests/man.sh lints the manual pages (mandoc -Tlint,
# groff -ww) and renders them (man -l).
TEST="$DEMO clang valgrind chromium apache2 libxml2-utils python3 perl strace openssl
fcgiwrap mandoc man-db"
# Node.js and npm for the browser tests: Debian's, unless the machine has
# them already (another build of Node comes with its own npm).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	TEST="$TEST nodejs npm"
fi
case "${1:-build}" in
build) want=$BUILD ;;
demo) want=$DEMO ;;
test) want=$TEST ;;
*) echo "usage: $0 [build|demo|test]" >&2; exit 2 ;;
esac
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
