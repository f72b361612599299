/* notify.c — the e-mail notifications: who is told what, in which
 * language.
 *
 * Each message is built here whole, every header included: addresses are
 * checked, header values carry no CR or LF, and a subject with non-ASCII
 * text is RFC 2047 encoded. It is queued in the outbox inside the
 * transaction of the change it tells of (outbox.h), and handed to
 * mail_command later, never while the request waits.
 */
#include "config.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "catalog.h"
#include "date.h"
#include "i18n.h"
#include "moderate.h"
#include "notify.h"
#include "outbox.h"
#include "request.h"
#include "settings.h"
#include "statement.h"
#include "store.h"
#include "tz.h"
#include "valid.h"

/* A header value: one line, control characters replaced. */
static void header_value(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(b, ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s);
}

/* The subject, RFC 2047 base64-encoded when it is not plain ASCII. */
static void header_subject(struct buf *b, const char *s)
{
	const char *p;
	char enc[4 * 80];
	size_t n = strlen(s), off;

	for (p = s; *p != '\0' && (unsigned char)*p < 0x80; p++)
		;
	buf_puts(b, "Subject: ");
	if (*p == '\0') {
		header_value(b, s);
		buf_puts(b, "\n");
		return;
	}
	/* Encoded words of at most 45 input bytes, cut between characters. */
	for (off = 0; off < n;) {
		size_t k = n - off > 45 ? 45 : n - off;

		while (off + k < n && ((unsigned char)s[off + k] & 0xc0) == 0x80)
			k--;
		sodium_bin2base64(enc, sizeof(enc),
		    (const unsigned char *)s + off, k,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s=?UTF-8?B?%s?=\n", off ? " " : "", enc);
		off += k;
	}
}

/* Queues one plain-text mail to one address, if mail is set up (inside
 * the transaction of the change it tells of: outbox.h): to go now, or
 * with due (unix time) not before then, about statement_id (then without
 * a private link: outbox_add_at). 0, or -1 when it could not be
 * queued. */
static int mail_queue(struct request *r, const char *to, const char *subject,
    const char *body, const struct outbox_link *link, long long statement_id,
    long long due)
{
	const char *cmd = setting_get(r->st, r->a, SET_mail_command);
	const char *from = setting_get(r->st, r->a, SET_mail_from);
	struct buf m;
	char date[DATE_MAIL_SIZE];
	int rc;

	assert(r->st->in_tx);
	if (*cmd == '\0' || valid_email(to) != NULL)
		return 0;
	date_mail(date, due > 0 ? due : (long long)time(NULL));
	buf_init(&m);
	buf_puts(&m, "From: ");
	header_value(&m, *from ? from : "dais <dais@localhost>");
	buf_puts(&m, "\nTo: ");
	header_value(&m, to);
	buf_puts(&m, "\n");
	header_subject(&m, subject);
	buf_printf(&m, "Date: %s\nContent-Language: %s\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n"
	    "\n%s\n", date, i18n_current(), body);
	rc = due > 0 ? outbox_add_at(r->st, to, subject, m.s, statement_id,
	    due) : outbox_add(r->st, to, subject, m.s, link);
	if (rc != 0)
		log_err("mail to %s could not be queued: %s", to,
		    sqlite3_errmsg(r->st->db));
	buf_free(&m);
	return rc;
}

static int mail_send(struct request *r, const char *to, const char *subject,
    const char *body, const struct outbox_link *link)
{
	return mail_queue(r, to, subject, body, link, 0, 0);
}

/* 1 when mail is set up: a mail command, and base_url for the links (a
 * link is never built from the request's Host, which the client chooses:
 * a forged one would put a look-alike address in a moderator's mail). */
static int mail_ready(struct request *r)
{
	if (*setting_get(r->st, r->a, SET_mail_command) == '\0')
		return 0;
	if (req_public_url(r, "/") != NULL)
		return 1;
	log_err("no e-mail sent: base_url is not set (dais config set "
	    "base_url https://example.org/statements); links in e-mails come "
	    "only from it");
	return 0;
}

int notify_available(struct request *r)
{
	return *setting_get(r->st, r->a, SET_mail_command) != '\0' &&
	    req_public_url(r, "/") != NULL;
}

/* The language of a mail to someone who chose lang ("" or a language
 * dais does not have: default_language); made current, the one before
 * returned for mail_lang_end(). */
static const char *mail_lang(struct request *r, const char *lang)
{
	const char *l = i18n_supported(lang);

	if (l == NULL)
		l = i18n_supported(setting_get(r->st, r->a,
		    SET_default_language));
	return i18n_use(l);
}

static void mail_lang_end(const char *prev)
{
	i18n_use(prev);
}

int notify_submission(struct request *r, const struct statement *st,
    int corrected)
{
	sqlite3_stmt *s;
	const char *subject, *body, *to, *prev;
	int rc = 0, held = !corrected && st->hold_reason != NULL &&
	    *st->hold_reason != '\0';

	if (!mail_ready(r))
		return 0;
	s = store_stmt(r->st, SQL_MOD_EMAILS);
	/* Each moderator chose which of the three they get (page_account.c). */
	sql_int(s, 1, held ? 2 : corrected ? 3 : 1);
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		to = arena_strdup(r->a, sql_col(s, 0));
		/* Each moderator in the language they sign in with. */
		prev = mail_lang(r, sql_col(s, 1));
		/* TRANSLATORS: e-mail subjects, to moderators; %s is the
		 * statement's title. */
		subject = held ? arena_printf(r->a, _("Held statement to "
		    "review: %s"), st->title) : corrected ?
		    arena_printf(r->a, _("Corrected statement to review: %s"),
		    st->title) : arena_printf(r->a, _("New statement to "
		    "review: %s"), st->title);
		/* The title, organisation and event stand on lines of their
		 * own between the sentences. */
		body = arena_printf(r->a, "%s\n\n  %s\n  %s\n  %s\n\n%s\n",
		    /* TRANSLATORS: %s says why, as the queue shows it (in
		     * English: "3 links", "contains “casino”"). */
		    held ? arena_printf(r->a, _("A statement was submitted and "
		    "is held for a closer look (%s): the spam settings "
		    "hold_words or hold_links matched it. It waits for review "
		    "and is marked “Held” in the queue."), st->hold_reason) :
		    corrected ? _("The submitter corrected a statement whose "
		    "changes you requested. It waits for review again.") :
		    _("A statement was submitted and waits for review."),
		    st->title, st->org_name, st->event_title,
		    /* TRANSLATORS: the last line of an e-mail to moderators;
		     * %s is the address of the statement's review page. */
		    arena_printf(r->a, _("Review it: %s"), req_public_url(r,
		    arena_printf(r->a, "/moderate/%s", st->public_id))));
		rc = mail_send(r, to, subject, body, NULL);
		mail_lang_end(prev);
	}
	sqlite3_reset(s);
	return rc;
}

/* A private link to st's status page, made when the mail is handed over
 * (outbox_link): the token exists in clear only in the mail, and the
 * hash stored beside the statement's first one, which keeps working. */
static void private_link(struct request *r, const struct statement *st,
    struct outbox_link *link)
{
	link->statement_id = st->id;
	link->email = NULL;
	link->reset_id = 0;
	link->url = req_public_url(r, "/status/");
	link->mark = outbox_link_mark(r->a);
}

/* The receipt goes to an address nobody has confirmed: it carries only
 * fixed text, the reference and the private link (nothing the submitter
 * typed, which would make dais relay anyone's words to anyone), and at
 * most rate_receipt_per_hour of them go to one address in an hour. */
int notify_receipt(struct request *r, const struct statement *st)
{
	long long limit = setting_int(r->st, SET_rate_receipt_per_hour);
	const char *site, *prev;
	struct outbox_link link;
	char *key, *p;
	int rc;

	if (!mail_ready(r) || valid_email(st->submitter_email) != NULL)
		return 0;
	/* One key per mailbox: any case, and without a +tag. */
	key = arena_printf(r->a, "receipt:%s", st->submitter_email);
	for (p = key; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if ((p = strchr(key, '+')) != NULL)
		memmove(p, strchr(p, '@'), strlen(strchr(p, '@')) + 1);
	if (limit > 0 && store_rate_count(r->st, key) >= limit) {
		log_err("no receipt sent for statement %s: %lld receipts went "
		    "to its address this hour (rate_receipt_per_hour)",
		    st->public_id, limit);
		return 0;
	}
	if (store_rate_hit(r->st, key) != 0) {
		log_err("no receipt queued for statement %s: its count could "
		    "not be stored (%s)", st->public_id,
		    sqlite3_errmsg(r->st->db));
		return -1;
	}
	site = setting_get(r->st, r->a, SET_site_name);
	private_link(r, st, &link);
	/* In the language of the form the submitter used. */
	prev = mail_lang(r, st->ui_lang);
	/* TRANSLATORS: the subject of the e-mail a submitter receives; %s
	 * is the statement's reference (8 letters and digits). */
	rc = mail_send(r, st->submitter_email, arena_printf(r->a,
	    _("Statement received: reference %s"), st->public_id),
	    /* TRANSLATORS: the e-mail a submitter receives: the first %s is
	     * the site's name, the second the statement's reference, the
	     * third a private link. Keep the empty lines and the two spaces
	     * before the link. */
	    arena_printf(r->a, _("Hello,\n\na statement was sent to %s with "
	    "this e-mail address. Its reference is %s. A moderator will "
	    "review it before it is published.\n\nYour private link, to see "
	    "it, correct it while it waits, or withdraw it (do not share "
	    "it):\n\n  %s\n\nIf you did not send it, withdraw it with the "
	    "link above, or ignore this message.\n"), site, st->public_id,
	    link.mark), &link);
	mail_lang_end(prev);
	return rc;
}

/* The "is published" mail's text, in the current language. */
static const char *published_body(struct request *r,
    const struct statement *st)
{
	/* TRANSLATORS: an e-mail: the statement's title, its
	 * reference, its public address. Keep the empty lines and
	 * the two spaces before the address. */
	return arena_printf(r->a, _("Hello,\n\nyour statement “%s” "
	    "(reference %s) was approved and is published:\n\n  %s\n"),
	    st->title, st->public_id,
	    req_public_url(r, arena_printf(r->a, "/s/%s", st->public_id)));
}

/* A decision goes to the address typed with the statement, which nobody
 * has confirmed: the mail names it by its reference and carries the
 * moderators' own words, never the submitter's (the title of a published
 * statement is public, and reviewed). */
int notify_decision(struct request *r, const struct statement *st,
    const struct mod_action *a)
{
	const char *subject = NULL, *body = NULL, *prev;
	struct outbox_link link, *with = NULL;
	int rc = 0;

	if (!mail_ready(r))
		return 0;
	prev = mail_lang(r, st->ui_lang);
	if (strcmp(a->name, "approve") == 0 &&
	    st->publish_at > (long long)time(NULL)) {
		/* An embargo: the address would be a 404 until then. The
		 * mail says when, in the event's time zone (as the review
		 * page shows it), and the one with the address goes then,
		 * queued now in this transaction (cancelled if the statement
		 * is withdrawn or rejected before: moderate.c). */
		const char *when = tz_time_human(r->a, i18n_current(),
		    st->publish_at, event_time_zone(r->st, r->a, st->id));

		if (*when == '\0') /* a zone this server cannot read */
			when = tz_time_human(r->a, i18n_current(),
			    st->publish_at, NULL);

		/* TRANSLATORS: an e-mail subject; %s is the statement's
		 * title. */
		subject = arena_printf(r->a, _("Approved: %s"), st->title);
		/* TRANSLATORS: an e-mail: the statement's title, its
		 * reference, the date and time it will be published (with
		 * its time zone). Keep the empty lines. */
		body = arena_printf(r->a, _("Hello,\n\nyour statement “%s” "
		    "(reference %s) was approved. It will be published on "
		    "%s. We will send you its address then.\n"), st->title,
		    st->public_id, when);
		rc = mail_send(r, st->submitter_email, subject, body, NULL);
		if (rc == 0)
			rc = mail_queue(r, st->submitter_email,
			    arena_printf(r->a, _("Published: %s"), st->title),
			    published_body(r, st), NULL, st->id,
			    st->publish_at);
		subject = NULL;
	} else if (strcmp(a->name, "approve") == 0) {
		/* TRANSLATORS: an e-mail subject; %s is the statement's
		 * title. */
		subject = arena_printf(r->a, _("Published: %s"), st->title);
		body = published_body(r, st);
	} else if (strcmp(a->name, "reject") == 0) {
		/* TRANSLATORS: an e-mail subject; %s is the statement's
		 * reference. */
		subject = arena_printf(r->a, _("Not published: reference %s"),
		    st->public_id);
		/* TRANSLATORS: an e-mail: the statement's reference, then
		 * the moderators' words (in their language). */
		body = arena_printf(r->a, _("Hello,\n\nyour statement with "
		    "the reference %s will not be published. The moderators "
		    "wrote:\n\n  %s\n"), st->public_id, st->note);
	} else if (strcmp(a->name, "request_changes") == 0) {
		private_link(r, st, &link);
		with = &link;
		/* TRANSLATORS: an e-mail subject; %s is the statement's
		 * reference. */
		subject = arena_printf(r->a, _("Changes requested: reference "
		    "%s"), st->public_id);
		/* TRANSLATORS: an e-mail: the statement's reference, the
		 * moderators' words, a private link. */
		body = arena_printf(r->a, _("Hello,\n\nthe moderators ask for "
		    "changes to your statement with the reference %s:\n\n"
		    "  %s\n\nCorrect it here (a private link: do not share "
		    "it):\n\n  %s\n"), st->public_id, st->note, link.mark);
	} else if (strcmp(a->name, "withdraw") == 0) {
		/* TRANSLATORS: an e-mail subject; %s is the statement's
		 * title. */
		subject = arena_printf(r->a, _("Withdrawn from publication: "
		    "%s"), st->title);
		/* TRANSLATORS: an e-mail: the statement's title, its
		 * reference, then the address of the submitter's "My
		 * statements" page. */
		body = arena_printf(r->a, _("Hello,\n\nthe moderators "
		    "withdrew your statement “%s” (reference %s) from "
		    "publication: it is no longer shown on the site.\n\n"
		    "Your statements and their state:\n\n  %s\n"), st->title,
		    st->public_id, req_public_url(r, "/my"));
	} else if (strcmp(a->name, "restore") == 0 &&
	    strcmp(st->state, "withdrawn") == 0) {
		/* TRANSLATORS: an e-mail subject; %s is the statement's
		 * title. */
		subject = arena_printf(r->a, _("Restored: %s"), st->title);
		/* TRANSLATORS: an e-mail: the statement's title, its
		 * reference, then the address of the submitter's "My
		 * statements" page. */
		body = arena_printf(r->a, _("Hello,\n\nthe moderators "
		    "restored your statement “%s” (reference %s): it is back "
		    "in the queue and will be reviewed again before it is "
		    "published.\n\nYour statements and their state:\n\n  "
		    "%s\n"), st->title, st->public_id,
		    req_public_url(r, "/my"));
	}
	if (subject != NULL)
		rc = mail_send(r, st->submitter_email, subject, body, with);
	mail_lang_end(prev);
	return rc;
}

int notify_edited(struct request *r, const struct statement *st,
    const char *const *changed, int n)
{
	const char *prev, *subject, *body;
	struct buf list;
	int rc, i;

	if (n == 0 || !mail_ready(r))
		return 0;
	prev = mail_lang(r, st->ui_lang);
	buf_init(&list);
	for (i = 0; i < n; i++)
		buf_printf(&list, "  - %s\n", _(changed[i]));
	/* TRANSLATORS: an e-mail subject; %s is the statement's title. */
	subject = arena_printf(r->a, _("Edited by the moderators: %s"),
	    st->title);
	/* TRANSLATORS: an e-mail: the statement's title, its reference, a
	 * list of the parts that changed (one per line, e.g. "  - Title"),
	 * its public address. Keep the empty lines and the two spaces
	 * before the address. */
	body = arena_printf(r->a, _("Hello,\n\nthe moderators edited your "
	    "published statement “%s” (reference %s). What they changed:\n"
	    "\n%s\nIt is published as it is now here:\n\n  %s\n"),
	    st->title, st->public_id, list.s, req_public_url(r,
	    arena_printf(r->a, "/s/%s", st->public_id)));
	buf_free(&list);
	rc = mail_send(r, st->submitter_email, subject, body, NULL);
	mail_lang_end(prev);
	return rc;
}

/* The sign-in link goes only to an address statements were sent from
 * (the caller checks), in the language of the page it was asked from. */
int notify_my_link(struct request *r, const char *email)
{
	struct outbox_link link;
	const char *site = setting_get(r->st, r->a, SET_site_name);

	if (!mail_ready(r))
		return 0;
	link.statement_id = 0;
	link.email = email;
	link.reset_id = 0;
	link.url = req_public_url(r, "/my/link/");
	link.mark = outbox_link_mark(r->a);
	/* TRANSLATORS: the subject of the e-mail with a sign-in link to
	 * the "My statements" page; %s is the site's name. */
	return mail_send(r, email, arena_printf(r->a, _("Your statements on "
	    "%s: sign-in link"), site),
	    /* TRANSLATORS: the e-mail with a sign-in link: the site's name,
	     * then the link. Keep the empty lines and the two spaces before
	     * the link. */
	    arena_printf(r->a, _("Hello,\n\nsomeone asked to see the "
	    "statements sent to %s from this e-mail address. To see them, "
	    "open this link (it works once, within an hour; do not share "
	    "it):\n\n  %s\n\nIf you did not ask for it, ignore this "
	    "message.\n"), site, link.mark), &link);
}

/* The reset link goes only to the address of the moderator's own record
 * (the caller found it), in the language they sign in with. */
int notify_reset(struct request *r, long long moderator_id, const char *user,
    const char *email, const char *lang)
{
	struct outbox_link link;
	const char *site = setting_get(r->st, r->a, SET_site_name), *prev;
	int rc;

	if (!mail_ready(r))
		return 0;
	link.statement_id = 0;
	link.email = NULL;
	link.reset_id = moderator_id;
	link.url = req_public_url(r, "/reset/");
	link.mark = outbox_link_mark(r->a);
	prev = mail_lang(r, lang);
	/* TRANSLATORS: the subject of the e-mail with a password reset link
	 * for a moderator; %s is the site's name. */
	rc = mail_send(r, email, arena_printf(r->a, _("Your password on %s: "
	    "reset link"), site),
	    /* TRANSLATORS: the e-mail with a password reset link: the site's
	     * name, the moderator's user name, then the link. Keep the empty
	     * lines and the two spaces before the link. */
	    arena_printf(r->a, _("Hello,\n\nsomeone asked to set a new "
	    "password for the moderator account %s on %s. To choose one, "
	    "open this link (it works once, within an hour; do not share "
	    "it):\n\n  %s\n\nIf you did not ask for it, ignore this message: "
	    "your password stays as it is.\n"), user, site, link.mark), &link);
	mail_lang_end(prev);
	return rc;
}
