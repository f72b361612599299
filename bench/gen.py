#!/usr/bin/env python3
"""gen.py — the benchmark's data, written straight into SQLite.

The shortcut, on purpose: statements are not sent through the form one by
one (a million would take hours). Rows are inserted with SQL in one
transaction each — INSERT ... SELECT from a recursive CTE for the large sets —
with text taken from the sample statements in contrib/sample/ and HTML made
by dais's own sanitizer (`dais sanitize --format markdown`). Events,
sessions, organisations, moderators and settings are made with the dais
command line, and fragments with `dais render` (run.sh does both), except
for the bulk of the 1,000,000-statement database: there each statement's
fragment row is written by SQL too, as a copy of a fragment dais rendered
with the public id replaced, because rendering a million fragments would
take longer than the whole benchmark.

    gen.py base DB DAIS             999 statements: bench-50 (49 approved
                                    short ones; run.sh adds and approves the
                                    50th through the app), bench-4k (one
                                    ~4 KB statement, pending: run.sh
                                    approves it through the app),
                                    bench-1000 (949 approved)
    gen.py add DB DAIS EVENT N STATE   N more short statements in EVENT
    gen.py bulk DB N                N approved statements (and their
                                    statement fragments) in 100 bulk events
    gen.py pending DB N             N pending statements (queue), with
                                    their first revision
    gen.py doc OUT BYTES DAIS       a realistic pasted-HTML document
    gen.py search DB N              N approved statements for the search
                                    row, in 100 events over ten years
                                    (made here by SQL), each a mix of the
                                    sample statements' sentences and one
                                    of 20,000 made-up place names, and the
                                    search index of them (schema 014's
                                    view, with dais_text done in Python)
"""
import glob
import html as htmlmod
import os
import random
import re
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "contrib", "sample")
NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def samples():
    """The sample statements: (headers, paragraphs)."""
    out = []
    for f in sorted(glob.glob(os.path.join(SAMPLES, "[0-9][0-9]-*.md"))):
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        head, _, body = text.partition("\n\n")
        h = {}
        for line in head.splitlines():
            k, _, v = line.partition(": ")
            h[k] = v
        paras = [p.strip() for p in body.split("\n\n") if p.strip()]
        out.append((h, paras))
    return out


def sanitize(dais, md):
    return subprocess.run([dais, "sanitize", "--format", "markdown"],
                          input=md.encode(), stdout=subprocess.PIPE,
                          check=True).stdout.decode()


class Pool:
    """Texts and their sanitized HTML, made once per distinct text."""

    def __init__(self, dais):
        self.dais = dais
        self.cache = {}

    def html(self, md):
        if md not in self.cache:
            self.cache[md] = sanitize(self.dais, md)
        return self.cache[md]


def ids(db, table, col="slug"):
    return {r[0]: r[1] for r in db.execute(f"SELECT {col}, id FROM {table}")}


def org_names(db):
    return {r[0]: (r[1], r[2]) for r in
            db.execute("SELECT slug, id, name FROM organisation")}


def short_statements(pool, n, seed):
    """n short statements (~800 bytes each in a list fragment, most of it
    the footer with the speaker, organisation, session and link): a
    sample's title and people, one sentence of its text."""
    rnd = random.Random(seed)
    smp = samples()
    out = []
    for i in range(n):
        h, paras = smp[i % len(smp)]
        sentences = [x for p in paras if not p.startswith("1.")
                     for x in re.split(r"(?<=[.;:])\s+", p) if len(x) > 60]
        body = sentences[(i // len(smp) + seed) % len(sentences)]
        if len(body) > 170:
            body = body[:body.rfind(" ", 0, 160)] + "…"
        title = h["title"]
        if i >= len(smp):
            title = f"{title} ({i // len(smp) + 1})"
        out.append(dict(h, title=title, source=body, html=pool.html(body),
                        rnd=rnd.random()))
    return out


def long_statement(pool):
    """One ~4 KB statement: a whole sample and part of another."""
    smp = samples()
    h, paras = smp[0]
    extra = samples()[2][1][1:4]
    body = "\n\n".join(paras + extra)
    return dict(h, source=body, html=pool.html(body))


def insert_statements(db, event, rows, state, tag):
    ev = db.execute("SELECT id FROM event WHERE slug = ?", (event,)).fetchone()[0]
    ses = {r[0]: r[1] for r in db.execute(
        "SELECT slug, id FROM session WHERE event_id = ?", (ev,))}
    orgs = org_names(db)
    base = db.execute("SELECT count(*) FROM statement").fetchone()[0]
    for i, r in enumerate(rows):
        org_id, org_name = orgs.get(r.get("organisation", ""), (None, r.get("organisation", "")))
        beh_id, beh_name = orgs.get(r.get("on_behalf_of", ""), (None, ""))
        pub = f"{tag}{base + i:07d}"
        approved = state == "approved"
        db.execute(
            "INSERT INTO statement(public_id, event_id, session_id, title, "
            "speaker, speaker_role, org_id, org_name, behalf_org_id, "
            "on_behalf_of, cosignatories, kind, delivered, language, format, "
            "source, html, state, rev, submitter_name, submitter_email, "
            "status_hash, client_addr, created, updated, published) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, 'markdown', ?, ?, ?, "
            f"?, ?, ?, ?, '127.0.0.1', {NOW}, {NOW}, "
            f"CASE WHEN ? THEN {NOW} ELSE '' END)",
            (pub, ev, ses.get(r.get("session")), r["title"],
             r.get("speaker", ""), r.get("speaker_role", ""), org_id,
             org_name, beh_id, beh_name, r.get("kind", "intervention"),
             r.get("delivered", ""), r.get("language", "en"), r["source"],
             r["html"], state, 2 if approved else 1, "Bench secretariat",
             f"bench{(base + i) % 97}@example.org", f"bench-{pub}",
             1 if approved else 0))
        sid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        db.execute(
            "INSERT INTO revision(statement_id, rev, author, note, state, "
            "session_id, title, speaker, speaker_role, org_name, "
            "on_behalf_of, cosignatories, kind, delivered, language, format, "
            "source, html, created) SELECT id, 1, 'submitter', 'submitted', "
            "'pending', session_id, title, speaker, speaker_role, org_name, "
            "on_behalf_of, cosignatories, kind, delivered, language, format, "
            "source, html, created FROM statement WHERE id = ?", (sid,))
        if approved:
            db.execute(
                "INSERT INTO revision(statement_id, rev, author, note, state, "
                "session_id, title, speaker, speaker_role, org_name, "
                "on_behalf_of, cosignatories, kind, delivered, language, "
                "format, source, html, created) SELECT id, 2, 'bench', "
                "'approve', state, session_id, title, speaker, speaker_role, "
                "org_name, on_behalf_of, cosignatories, kind, delivered, "
                "language, format, source, html, created FROM statement "
                "WHERE id = ?", (sid,))


def connect(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA cache_size = -200000")
    return db


def cmd_base(path, dais):
    pool = Pool(dais)
    db = connect(path)
    db.execute("BEGIN")
    insert_statements(db, "bench-50", short_statements(pool, 49, 1),
                      "approved", "f")
    insert_statements(db, "bench-4k", [long_statement(pool)], "pending", "k")
    insert_statements(db, "bench-1000", short_statements(pool, 949, 2),
                      "approved", "m")
    db.execute("COMMIT")


def cmd_add(path, dais, event, n, state):
    pool = Pool(dais)
    db = connect(path)
    db.execute("BEGIN")
    insert_statements(db, event, short_statements(pool, int(n), 3), state,
                      "a" if state == "approved" else "p")
    db.execute("COMMIT")


def cmd_translate(path, event):
    """Every fourth approved original of event gets approved fr, es and ar
    versions (but none in its own language): statement rows with
    original_id set, as dais stores translations."""
    db = connect(path)
    db.execute("BEGIN")
    rows = db.execute(
        "SELECT s.id, s.language FROM statement s JOIN event e "
        "ON e.id = s.event_id "
        "WHERE e.slug = ? AND s.state = 'approved' AND s.original_id IS NULL "
        "ORDER BY s.id", (event,)).fetchall()
    cols = [r[1] for r in db.execute("PRAGMA table_info(statement)")
            if r[1] != "id"]
    for k, (sid, orig_lang) in enumerate(rows):
        if k % 4:
            continue
        for lang in ("fr", "es", "ar"):
            if orig_lang.split("-")[0] == lang:
                continue  # the sample statements are in several languages
            vals = ", ".join(
                {"public_id": f"public_id || '{lang}'",
                 "status_hash": f"status_hash || '{lang}'",
                 "original_id": "id", "language": f"'{lang}'",
                 "title": f"'[{lang}] ' || title"}.get(c, c) for c in cols)
            db.execute(f"INSERT INTO statement({', '.join(cols)}) SELECT "
                       f"{vals} FROM statement WHERE id = ?", (sid,))
    db.execute("COMMIT")


def pool_table(db):
    """A temporary table of (k, title, speaker, role, org, kind, lang,
    source, html) to draw bulk rows from, taken from existing statements."""
    db.execute("CREATE TEMP TABLE pool AS SELECT row_number() OVER (ORDER BY "
               "id) - 1 AS k, title, speaker, speaker_role, org_name, kind, "
               "language, delivered, source, html FROM statement WHERE "
               "public_id LIKE 'm%' LIMIT 400")
    return db.execute("SELECT count(*) FROM temp.pool").fetchone()[0]


def cmd_bulk(path, n):
    """n approved statements in events bulk-00..bulk-99 (made here by SQL,
    without sessions) and a statement fragment for each, by SQL."""
    n = int(n)
    db = connect(path)
    db.execute("BEGIN")
    npool = pool_table(db)
    db.execute("WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM "
               "k WHERE i < 99) INSERT INTO event(slug, title, location, "
               "starts, ends, created) SELECT printf('bulk-%02d', i), "
               "printf('Bulk event %d', i), 'Geneva', date('2020-01-01', "
               f"'+' || (i * 7) || ' days'), date('2020-01-02', '+' || (i * 7)"
               f" || ' days'), {NOW} FROM k")
    ev0 = db.execute("SELECT min(id) FROM event WHERE slug LIKE 'bulk-%'").fetchone()[0]
    # A rendered statement fragment to copy, its public id replaced.
    pid, body = db.execute("SELECT substr(key, 11), body FROM fragment WHERE "
                           "key LIKE 'statement/m%' ORDER BY key LIMIT 1").fetchone()
    db.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k "
        "WHERE i < ?1 - 1) INSERT INTO statement(public_id, event_id, title, "
        "speaker, speaker_role, org_name, kind, delivered, language, format, "
        "source, html, state, rev, submitter_name, submitter_email, "
        "status_hash, client_addr, created, updated, published) "
        "SELECT printf('b%07d', i), ?2 + i % 100, p.title, p.speaker, "
        "p.speaker_role, p.org_name, p.kind, p.delivered, p.language, "
        "'markdown', p.source, p.html, 'approved', 2, 'Bulk submitter', "
        "printf('bulk%d@example.org', i % 5000), printf('bulk-%d', i), "
        f"'127.0.0.1', {NOW}, {NOW}, {NOW} FROM k JOIN temp.pool p "
        "ON p.k = i % ?3", (n, ev0, npool))
    db.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k "
        "WHERE i < ?1 - 1) INSERT INTO fragment(key, body, etag, updated, due) "
        "SELECT printf('statement/b%07d', i), replace(?2, ?3, printf('b%07d', "
        "i)), printf('\"bulk%024d\"', i), unixepoch(), 0 FROM k",
        (n, body, pid))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def cmd_pending(path, n):
    """n pending statements in bench-1000, each with its first revision."""
    n = int(n)
    db = connect(path)
    db.execute("BEGIN")
    npool = pool_table(db)
    ev = db.execute("SELECT id FROM event WHERE slug = 'bench-1000'").fetchone()[0]
    first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM statement").fetchone()[0]
    db.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k "
        "WHERE i < ?1 - 1) INSERT INTO statement(public_id, event_id, title, "
        "speaker, speaker_role, org_name, kind, delivered, language, format, "
        "source, html, state, rev, submitter_name, submitter_email, "
        "status_hash, client_addr, created, updated) "
        "SELECT printf('q%07d', i), ?2, p.title, p.speaker, p.speaker_role, "
        "p.org_name, p.kind, p.delivered, p.language, 'markdown', p.source, "
        "p.html, 'pending', 1, 'Queue submitter', printf('queue%d@example.org',"
        " i % 5000), printf('queue-%d', i), '127.0.0.1', "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (?1 - i) || ' seconds'),"
        f" {NOW} FROM k JOIN temp.pool p ON p.k = i % ?3", (n, ev, npool))
    db.execute(
        "INSERT INTO revision(statement_id, rev, author, note, state, "
        "session_id, title, speaker, speaker_role, org_name, on_behalf_of, "
        "cosignatories, kind, delivered, language, format, source, html, "
        "created) SELECT id, 1, 'submitter', 'submitted', state, session_id, "
        "title, speaker, speaker_role, org_name, on_behalf_of, cosignatories, "
        "kind, delivered, language, format, source, html, created FROM "
        "statement WHERE id >= ?", (first,))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# ---- the sanitizer's document ------------------------------------------------

WORD_SPAN = ('<span style="font-size:11.0pt;line-height:107%;font-family:'
             '&quot;Calibri&quot;,sans-serif;mso-ascii-theme-font:minor-latin;'
             'mso-fareast-language:EN-US" lang="EN-GB">')


def wordify(html, rnd):
    """The HTML as a word processor pastes it: classes and styles on every
    paragraph, spans around runs of text, <o:p>, conditional comments, <b>
    and <i>, <font>, links with targets, an image, divs."""
    def para(m):
        inner = m.group(1)
        words = inner.split(" ")
        runs, i = [], 0
        while i < len(words):
            k = rnd.randint(4, 12)
            runs.append(WORD_SPAN + " ".join(words[i:i + k]) + "</span>")
            i += k
        cls = rnd.choice(["MsoNormal", "MsoListParagraph", "MsoBodyText"])
        return (f'<p class="{cls}" style="margin-bottom:8.0pt;text-align:'
                f'justify;mso-line-height-alt:12.0pt">' + " ".join(runs) +
                '<o:p></o:p></p>')
    html = re.sub(r"<p>(.*?)</p>", para, html, flags=re.S)
    html = html.replace("<strong>", "<b style=\"mso-bidi-font-weight:normal\">")
    html = html.replace("</strong>", "</b>")
    html = html.replace("<em>", "<i>").replace("</em>", "</i>")
    html = html.replace("<li>", '<li class="MsoListParagraphCxSpMiddle" '
                        'style="mso-list:l0 level1 lfo1">')
    return html


def cmd_doc(out, size, dais):
    size = int(size)
    rnd = random.Random(7)
    pool = Pool(dais)
    parts = []
    for h, paras in samples():
        md = "# " + h["title"] + "\n\n" + "\n\n".join(paras)
        html = pool.html(md)
        parts.append(html)
    links = ['<p>See <a href="https://www.iom.int/idm" target="_blank" '
             'title="IOM">the dialogue\'s page</a>, <a href="https://'
             'migrationnetwork.un.org/global-compact-for-migration" '
             'target="_blank" rel="noopener">the Global Compact</a> and '
             '<a href="mailto:secretariat@example.org">the secretariat</a>; '
             '<a href="javascript:alert(1)">not this</a>.</p>',
             '<ul><li><a href="https://example.org/report.pdf">Report</a> '
             '(PDF)</li><li>Annex <font face="Arial" color="#333">A</font>'
             '</li><li><u>Annex B</u></li></ul>',
             # Word's conditional comments in the two forms dais reads
             # whole (the <!--[if ...]>...<![endif]--> form hides the rest
             # of the document from dais's sanitizer: see README.md).
             '<p class="MsoListParagraphCxSpFirst"><![if !supportLists]>'
             '<span style="mso-list:Ignore">1.<span style="font:7.0pt">'
             '&nbsp;&nbsp;</span></span><![endif]>Regular pathways</p>'
             '<p class="MsoListParagraphCxSpLast"><!--[if !supportLists]-->'
             '<span style="mso-list:Ignore">2.</span><!--[endif]-->Family '
             'unity<o:p></o:p></p>',
             '<div class="WordSection1"><p class="MsoNormal"><img src="'
             'cid:image001.png" width="120" height="40"> <span lang="FR" '
             'style="mso-ansi-language:FR">Merci.</span></p></div>',
             '<table class="MsoTableGrid" border="1" cellspacing="0" '
             'style="border-collapse:collapse"><tr><td width="200" '
             'style="padding:0cm 5.4pt">Objective 5</td><td colspan="2" '
             'valign="top">Pathways</td></tr></table>']
    buf, n = [], 0
    header = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
              '<meta charset="utf-8"><style>p.MsoNormal{margin:0cm}</style>'
              '</head><body lang="EN-GB" style="tab-interval:36.0pt">')
    n = len(header.encode())
    buf.append(header)
    i = 0
    while True:
        piece = wordify(parts[i % len(parts)], rnd) + links[i % len(links)]
        b = len(piece.encode())
        if n + b + 20 > size:
            break
        buf.append(piece)
        n += b
        i += 1
    buf.append("</body></html>")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("".join(buf))


# ---- the search row --------------------------------------------------------

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "va", "bi", "de",
             "zo", "fa", "gu", "he", "ji", "pe", "qua", "ri", "sel", "tor"]


def place_name(k):
    """A made-up place name, different for each k < 8000: "Lomikara"."""
    w = ""
    for _ in range(3):
        w += SYLLABLES[k % 20]
        k //= 20
    return w.capitalize() + SYLLABLES[(k * 7 + 3) % 20]


def html_text(h):
    """What dais_text() makes of this bench's simple HTML (store.c)."""
    t = re.sub(r"<[^>]*>", " ", h or "")
    return " ".join(htmlmod.unescape(t).split())


def cmd_search(path, n):
    """n approved statements in events search-00..search-99 (2015-2024),
    each of five sample sentences and a place name (20,000 of them: each
    in about n / 20,000 statements), then indexed as dais indexes them."""
    n = int(n)
    smp = samples()
    sents = [x for h, paras in smp for p in paras if not p.startswith("1.")
             for x in re.split(r"(?<=[.;:!?])\s+", p) if len(x) > 40]
    titles = [h["title"] for h, _ in smp]
    langs = [h.get("language", "en") for h, _ in smp]
    db = connect(path)
    db.create_function("dais_text", 1, html_text, deterministic=True)
    db.execute("BEGIN")
    db.execute("CREATE TEMP TABLE sent(k INTEGER PRIMARY KEY, t TEXT)")
    db.executemany("INSERT INTO temp.sent VALUES (?, ?)", enumerate(sents))
    db.execute("CREATE TEMP TABLE place(k INTEGER PRIMARY KEY, t TEXT)")
    db.executemany("INSERT INTO temp.place VALUES (?, ?)",
                   ((k, place_name(k)) for k in range(20000)))
    db.execute("CREATE TEMP TABLE head(k INTEGER PRIMARY KEY, t TEXT, "
               "lang TEXT)")
    db.executemany("INSERT INTO temp.head VALUES (?, ?, ?)",
                   ((k, t, l) for k, (t, l) in enumerate(zip(titles, langs))))
    db.execute("WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM "
               "k WHERE i < 99) INSERT INTO event(slug, title, location, "
               "starts, ends, created) SELECT printf('search-%02d', i), "
               "printf('Dialogue %d', i), 'Geneva', date('2015-01-10', "
               f"'+' || (i * 36) || ' days'), date('2015-01-11', '+' || "
               f"(i * 36) || ' days'), {NOW} FROM k")
    ev0 = db.execute("SELECT min(id) FROM event WHERE slug LIKE 'search-%'").fetchone()[0]
    orgs = [r[0] for r in db.execute("SELECT id FROM organisation ORDER BY id")]
    db.execute("CREATE TEMP TABLE org(k INTEGER PRIMARY KEY, id INTEGER, "
               "name TEXT)")
    db.executemany("INSERT INTO temp.org SELECT ?, id, name FROM organisation "
                   "WHERE id = ?", enumerate(orgs))
    first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM statement").fetchone()[0]
    ns, nh, no = len(sents), len(titles), len(orgs)
    db.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k "
        "WHERE i < ?1 - 1), b AS (SELECT i, (SELECT t FROM temp.sent WHERE "
        "k = (i * 31) % ?2) || ' ' || (SELECT t FROM temp.sent WHERE k = "
        "(i * 17 + 3) % ?2) || ' Our delegation met people in ' || "
        "(SELECT t FROM temp.place WHERE k = (i * 7919) % 20000) || '. ' || "
        "(SELECT t FROM temp.sent WHERE k = (i * 101 + 5) % ?2) || ' ' || "
        "(SELECT t FROM temp.sent WHERE k = (i * 13 + 11) % ?2) || ' ' || "
        "(SELECT t FROM temp.sent WHERE k = (i * 53 + 7) % ?2) AS text "
        "FROM k) "
        "INSERT INTO statement(public_id, event_id, title, speaker, "
        "speaker_role, org_id, org_name, behalf_org_id, on_behalf_of, kind, "
        "delivered, language, format, source, html, state, rev, "
        "submitter_name, submitter_email, status_hash, client_addr, created, "
        "updated, published) "
        "SELECT printf('z%07d', i), ?3 + i % 100, h.t || ' (' || (SELECT t "
        "FROM temp.place WHERE k = (i * 7919) % 20000) || ')', "
        "printf('Speaker %d', i % 4999), '', o.id, o.name, CASE WHEN i % 10 "
        "= 0 THEN (SELECT id FROM temp.org WHERE k = (i / 10) % ?5) END, "
        "coalesce(CASE WHEN i % 10 = 0 THEN (SELECT name FROM temp.org "
        "WHERE k = (i / 10) % ?5) END, ''), "
        "CASE i % 4 WHEN 0 THEN 'panel' WHEN 1 THEN 'intervention' WHEN 2 "
        "THEN 'collective' ELSE 'written' END, '', h.lang, 'text', b.text, "
        "'<p>' || replace(replace(replace(b.text, '&', '&amp;'), '<', "
        "'&lt;'), '>', '&gt;') || '</p>', 'approved', 2, 'Search "
        "submitter', printf('search%d@example.org', i % 5000), "
        "printf('search-%d', i), '127.0.0.1', {NOW}, {NOW}, {NOW} "
        "FROM b JOIN temp.head h ON h.k = b.i % ?4 JOIN temp.org o ON "
        "o.k = b.i % ?5".replace("{NOW}", NOW), (n, ns, ev0, nh, no))
    db.execute("INSERT INTO search(rowid, title, body, speaker, "
               "organisation, behalf, facet) SELECT id, title, body, "
               "speaker, organisation, behalf, facet FROM search_source "
               "WHERE id >= ? ORDER BY id", (first,))
    db.execute("INSERT INTO search_doc(id, event_id, org_id, behalf_org_id, "
               "kind, language, year) SELECT id, event_id, org_id, "
               "behalf_org_id, kind, language, year FROM search_source "
               "WHERE id >= ? ORDER BY id", (first,))
    db.execute("COMMIT")
    db.execute("INSERT INTO search(search) VALUES ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    {"base": cmd_base, "add": cmd_add, "bulk": cmd_bulk,
     "pending": cmd_pending, "doc": cmd_doc,
     "translate": cmd_translate, "search": cmd_search}[cmd](*args)


if __name__ == "__main__":
    main(sys.argv)
