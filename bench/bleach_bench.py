#!/usr/bin/env python3
"""bleach_bench.py — the sanitizer baseline: Debian's python3-bleach with
an allowlist equivalent to dais's (cgi/sanitize.c), stdin to stdout, like
`dais sanitize --format html`.

Kept: p h2 h3 h4 blockquote ul ol li table thead tbody tr td th em strong a
br hr (and h1 h5 h6 b i, which dais keeps as h2 h4 strong em — bleach cannot
rename); a: href, title; ol: start; td, th: colspan, rowspan; th: scope;
dir on the blocks; URLs http, https, mailto. Every other tag is stripped
(its content kept), comments dropped. bleach does less than dais (no
content-model repair, script and style content kept as text, no rel added),
so the comparison flatters bleach if anything.

    bleach_bench.py            stdin to stdout, once
    bleach_bench.py --time N   stdin cleaned N times in this process; prints
                               the mean seconds of one clean() (without the
                               interpreter's start and the import)
"""
import sys
import time

import bleach

BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
          "li", "table", "thead", "tbody", "tr", "td", "th"]
TAGS = BLOCKS + ["em", "strong", "b", "i", "a", "br", "hr"]
ATTRS = {t: ["dir"] for t in BLOCKS}
ATTRS["a"] = ["href", "title"]
ATTRS["ol"] = ["start", "dir"]
ATTRS["td"] = ["colspan", "rowspan", "dir"]
ATTRS["th"] = ["colspan", "rowspan", "scope", "dir"]

cleaner = bleach.sanitizer.Cleaner(tags=TAGS, attributes=ATTRS,
                                   protocols=["http", "https", "mailto"],
                                   strip=True, strip_comments=True)
text = sys.stdin.read()
if len(sys.argv) == 3 and sys.argv[1] == "--time":
    n = int(sys.argv[2])
    cleaner.clean(text)  # warm-up
    t0 = time.perf_counter()
    for _ in range(n):
        cleaner.clean(text)
    print((time.perf_counter() - t0) / n)
else:
    sys.stdout.write(cleaner.clean(text))
