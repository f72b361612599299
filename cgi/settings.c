/* settings.c — the table of settings and their checks. */
#include "config.h"

#include <string.h>

#include "settings.h"
#include "store.h"
#include "util.h"

static const char *check_text(const char *v)
{
	if (text_problem(v, strlen(v), TEXT_LINE) != NULL)
		return "must be one line of UTF-8 text";
	return strlen(v) > 200 ? "must be at most 200 bytes" : NULL;
}

static const char *check_url(const char *v)
{
	size_t n = strlen(v);

	if (n == 0)
		return NULL;
	if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
		return "must start with https:// or http://";
	if (!header_safe(v) || strpbrk(v, " \"'<>\\") != NULL)
		return "must be a URL without spaces or quotes";
	if (v[n - 1] == '/')
		return "must not end with a slash";
	return NULL;
}

/* A whole number from 0 to 1000000. */
static const char *check_count(const char *v)
{
	long long n;

	return parse_ll(v, 0, 1000000, &n) == 0 ? NULL :
	    "must be a whole number from 0 to 1000000";
}

static const char *check_words(const char *v)
{
	if (text_problem(v, strlen(v), TEXT_LINE) != NULL)
		return "must be one line of UTF-8 text";
	return strlen(v) > 4000 ? "must be at most 4000 bytes" : NULL;
}

static const char *check_onoff(const char *v)
{
	return strcmp(v, "on") == 0 || strcmp(v, "off") == 0 ? NULL :
	    "must be on or off";
}

static const char *check_hours(const char *v)
{
	long long n;

	return parse_ll(v, 1, 24 * 90, &n) == 0 ? NULL :
	    "must be a whole number of hours from 1 to 2160";
}

static const char *check_minutes(const char *v)
{
	long long n;

	return parse_ll(v, 1, 24 * 60, &n) == 0 ? NULL :
	    "must be a whole number of minutes from 1 to 1440";
}

static const char *check_command(const char *v)
{
	if (*v == '\0')
		return NULL;
	if (*v != '/')
		return "must start with an absolute path, e.g. /usr/sbin/sendmail";
	return check_text(v);
}

static const char *check_origins(const char *v)
{
	const char *p;

	if (strcmp(v, "*") == 0 || *v == '\0')
		return NULL;
	for (p = v; *p != '\0'; p++)
		if (strchr(";,'\"<>\\", *p) != NULL || (unsigned char)*p < 0x20)
			return "must be \"*\" or origins like https://example.org "
			    "separated by spaces";
	return check_text(v);
}

static const char *check_dir(const char *v)
{
	if (*v == '\0')
		return NULL;
	if (*v != '/')
		return "must be an absolute path";
	return check_text(v);
}

static const char *check_sync(const char *v)
{
	return strcmp(v, "full") == 0 || strcmp(v, "normal") == 0 ? NULL :
	    "must be full or normal";
}

static const struct setting_def defs[] = {
	{ "base_url", "", "The public URL of dais's mount point, e.g. "
	    "https://example.org/statements (no trailing slash). Used for "
	    "links in fragments, feeds and e-mails, and as the origin that "
	    "forms must come from. Until it is set, no e-mail is sent and "
	    "pages carry no absolute links (a request's Host header is "
	    "never used for a link).",
	    check_url },
	{ "cors_origins", "", "Sites whose pages may fetch fragments with "
	    "the script loader (embed.js): \"*\" for any, or origins "
	    "separated by spaces, e.g. \"https://example.org "
	    "https://www.example.org\". Empty: the loader works only on "
	    "this site.", check_origins },
	{ "db_synchronous", "full", "SQLite synchronous mode: full (an "
	    "acknowledged submission survives a power cut) or normal "
	    "(faster; may lose the last transactions on power loss, never "
	    "corrupts). Read when a worker starts.", check_sync },
	{ "fragment_max_age", "60", "Seconds a browser or cache may reuse a "
	    "fragment without asking again (Cache-Control max-age).",
	    check_count },
	{ "fragment_stale_seconds", "600", "Seconds a cache may serve a stale "
	    "fragment while it fetches a fresh one "
	    "(stale-while-revalidate).", check_count },
	{ "frame_ancestors", "*", "Which sites may show /frame/ pages in an "
	    "iframe (the CSP frame-ancestors value): \"*\" for any, or "
	    "origins separated by spaces.", check_origins },
	{ "hold_links", "10", "A submission whose text has more links than "
	    "this is held for review and marked in the queue (a spam "
	    "sign). 0: never.", check_count },
	{ "hold_words", "", "Comma-separated words or phrases; a submission "
	    "containing one (case-insensitive) is held and marked.",
	    check_words },
	{ "login_failures_addr", "20", "Failed sign-ins from one client "
	    "address (for IPv6, one /64 network) before it must wait: after "
	    "that many it waits 1 minute, then twice as long after each "
	    "further failure, up to login_wait_max_minutes, and meanwhile "
	    "gets a 429. An address's failures are forgotten after a day "
	    "without one. 0 or 1: it waits after every failure.",
	    check_count },
	{ "login_failures_user", "10", "Failed sign-ins for one user name "
	    "within a quarter hour after which the name counts as guessed "
	    "at: an address that has failed before must then wait after its "
	    "first failure, not after login_failures_addr. Never locks the "
	    "user out: from an address without failures they still sign "
	    "in. 0: every name counts as guessed at.", check_count },
	{ "login_wait_max_minutes", "60", "The longest wait of an address "
	    "after failed sign-ins (see login_failures_addr).",
	    check_minutes },
	{ "mail_command", "", "A sendmail-compatible command that reads a "
	    "whole message on stdin, e.g. \"/usr/sbin/sendmail -t -i\" (run "
	    "without a shell). Empty: no e-mail is sent.", check_command },
	{ "mail_from", "", "The From: of notifications, e.g. \"Statements "
	    "<statements@example.org>\".", check_text },
	{ "rate_receipt_per_hour", "5", "Receipts e-mailed to one address "
	    "per hour; the submissions past it are stored and shown with "
	    "their private link, but not mailed. 0: no limit.", check_count },
	{ "rate_submit_per_hour", "20", "Submissions accepted from one client "
	    "address per hour; more get a 429 with Retry-After and the form "
	    "kept. 0: no limit.", check_count },
	{ "session_hours", "12", "How long a moderator stays signed in.",
	    check_hours },
	{ "site_name", "Statements", "The name shown in page titles and "
	    "e-mails.", check_text },
	{ "static_dir", "", "A folder where every change also writes the "
	    "affected fragments as files (event/SLUG.html, statement/ID.html, "
	    "…), for web servers and static sites to use without dais. "
	    "Empty: off.", check_dir },
	{ "submit_max_hours", "72", "A form older than this many hours is "
	    "sent back to be checked and sent again (nothing typed is lost).",
	    check_count },
	{ "trust_remote_user", "off", "on: a request whose REMOTE_USER (set "
	    "by the web server's own authentication, e.g. nginx auth_basic) "
	    "names an active moderator is signed in as that moderator. Only "
	    "turn on when the web server passes REMOTE_USER only where it has "
	    "checked the password (see the README), never from a client's "
	    "unchecked credentials.",
	    check_onoff },
	{ "submit_min_seconds", "3", "A form sent sooner than this after it "
	    "was served is sent back once (bots fill forms instantly). "
	    "0: off.", check_count },
	{ NULL, NULL, NULL, NULL },
};

const struct setting_def *setting_find(const char *key)
{
	const struct setting_def *d;

	for (d = defs; d->key != NULL; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

const struct setting_def *setting_all(void)
{
	return defs;
}

const char *setting_get(struct store *st, struct arena *a, const char *key)
{
	const struct setting_def *d = setting_find(key);

	return store_setting(st, a, key, d ? d->dflt : "");
}

long long setting_int(struct store *st, const char *key)
{
	const struct setting_def *d = setting_find(key);
	long long dflt = 0;

	if (d != NULL)
		parse_ll(d->dflt, 0, 1000000, &dflt);
	return store_setting_int(st, key, dflt);
}
