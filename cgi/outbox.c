/* outbox.c — outgoing mail: the outbox table, and handing its messages to
 * mail_command with a timeout, retries and a dead-letter state.
 *
 * Delivery is at least once: a message is claimed (a lease in next_try)
 * before the mailer runs and deleted after it exits with status 0, so a
 * sender killed between the two leaves it to be sent again when the
 * lease ends (the mailer may then have taken it already: a duplicate,
 * never a loss). The mailer runs without a shell, in a process group of
 * its own, with stdout on /dev/null (under CGI, stdout is the
 * response); when it outlives mail_timeout the whole group is killed,
 * so a mailer's own children (a shell script's sleep) go too.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "outbox.h"
#include "settings.h"
#include "store.h"
#include "token.h"
#include "util.h"

#define MAX_ARGS 16
#define LEASE_MARGIN 60          /* seconds past the timeout */
#define BACKOFF_CAP (6 * 3600)   /* the longest wait between attempts */
#define IDLE_MS 60000            /* a sender looks at least this often */

static int wake_r = -1, wake_w = -1;
static int queued_unkicked, queued_ever;

/* The sender's SIGTERM, and the mask it waits with (SIGTERM deliverable
 * only while it waits: ppoll). NULL outside the sender. */
static volatile sig_atomic_t got_term;
static sigset_t sender_waitmask;
static const sigset_t *waitmask;

int outbox_add(struct store *st, const char *recipient, const char *subject,
    const char *message, const struct outbox_link *link)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_ADD);

	sql_text(s, 1, recipient);
	sql_text(s, 2, subject);
	sql_text(s, 3, message);
	sql_int(s, 4, (long long)time(NULL));
	if (link != NULL) {
		if (link->reset_id != 0)
			sql_int(s, 9, link->reset_id);
		else if (link->email == NULL)
			sql_int(s, 5, link->statement_id);
		else
			sql_text(s, 8, link->email);
		sql_text(s, 6, link->url);
		sql_text(s, 7, link->mark);
	}
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	queued_unkicked = queued_ever = 1;
	return 0;
}

int outbox_add_at(struct store *st, const char *recipient,
    const char *subject, const char *message, long long statement_id,
    long long due)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_ADD_AT);

	sql_text(s, 1, recipient);
	sql_text(s, 2, subject);
	sql_text(s, 3, message);
	sql_int(s, 4, (long long)time(NULL));
	sql_int(s, 5, due);
	sql_int(s, 6, statement_id);
	if (store_exec(s) != SQLITE_DONE)
		return -1;
	queued_unkicked = queued_ever = 1;
	return 0;
}

int outbox_cancel(struct store *st, long long statement_id)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_CANCEL);

	sql_int(s, 1, statement_id);
	sql_int(s, 2, (long long)time(NULL));
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

int outbox_cancel_decision(struct store *st, long long statement_id,
    int rev_after)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_CANCEL_DECISION);

	sql_int(s, 1, statement_id);
	sql_int(s, 2, rev_after);
	return store_exec(s) == SQLITE_DONE ? 0 : -1;
}

const char *outbox_link_mark(struct arena *a)
{
	unsigned char raw[16];
	char hex[2 * sizeof(raw) + 1];

	randombytes_buf(raw, sizeof(raw));
	hex_encode(hex, raw, sizeof(raw));
	return arena_printf(a, "[dais-link-%s]", hex);
}

/* msg with its link's mark replaced by url and a fresh private link's
 * token (token_status_link: its hash stored for statement_id; or, with
 * email, token_my_link: a sign-in link for that address; or, with
 * reset_id, token_reset_link: a password reset link for that moderator;
 * inside the caller's transaction); a new string (free it), or NULL with
 * why in err. */
static char *link_put(struct store *st, const char *msg, long long statement_id,
    const char *email, long long reset_id, const char *url, const char *mark,
    char *err, size_t errsz)
{
	struct arena *a;
	const char *at = strstr(msg, mark), *token;
	char *out = NULL;
	size_t n;

	if (at == NULL) {
		snprintf(err, errsz, "the message has lost its link's mark");
		return NULL;
	}
	if ((a = arena_new()) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	token = reset_id != 0 ? token_reset_link(st, a, reset_id) :
	    email != NULL ? token_my_link(st, a, email) :
	    token_status_link(st, a, statement_id);
	if (token == NULL) {
		snprintf(err, errsz, "cannot make its private link: %s",
		    sqlite3_errmsg(st->db));
		goto out;
	}
	n = strlen(msg) - strlen(mark) + strlen(url) + strlen(token) + 1;
	if ((out = malloc(n)) == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	snprintf(out, n, "%.*s%s%s%s", (int)(at - msg), msg, url, token,
	    at + strlen(mark));
out:
	arena_free(a);
	return out;
}

int outbox_wake_open(void)
{
	int fds[2];

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	wake_r = fds[0];
	wake_w = fds[1];
	return 0;
}

void outbox_kick(void)
{
	ssize_t k;

	if (!queued_unkicked)
		return;
	queued_unkicked = 0;
	if (wake_w >= 0)
		do
			k = write(wake_w, "m", 1);
		while (k < 0 && errno == EINTR);
	/* EAGAIN: the pipe is full of wake-ups the sender has yet to read. */
}

int outbox_queued(void)
{
	return queued_ever;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Sleeps ms, or less when fd (if >= 0) becomes readable or the sender is
 * told to stop; not at all when it was told already (a SIGTERM taken
 * while it delivered: SIGTERM is blocked outside ppoll, so none is lost
 * between this test and the wait). */
static void nap(int fd, long long ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
	struct timespec ts;

	if (got_term)
		return;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	ppoll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, &ts, waitmask);
}

/* Sleeps ms (less when a signal comes), whether or not the sender was
 * told to stop: a mailer is waited for until its deadline all the same. */
static void pause_ms(long long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	ppoll(NULL, 0, &ts, waitmask);
}

/* The child side of mailer_run: never returns. */
static void mailer_exec(char **argv, int in)
{
	sigset_t none;
	int null = open("/dev/null", O_WRONLY);

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	dup2(in, 0);
	if (null >= 0)
		dup2(null, 1);
	execv(argv[0], argv);
	_exit(127);
}

/* Writes msg to fd (non-blocking) until it is all written, the mailer
 * stops reading, or the deadline. A shutdown does not cut it short: the
 * master waits for the sender, and a message half written is worse. */
static size_t mailer_feed(int fd, const char *msg, size_t len,
    long long deadline)
{
	size_t off = 0;
	ssize_t k;

	while (off < len && mono_ms() < deadline) {
		k = write(fd, msg + off, len - off);
		if (k > 0) {
			off += (size_t)k;
		} else if (k < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			struct timespec ts = { 0, 50 * 1000000 };

			ppoll(&p, 1, &ts, waitmask);
		} else if (k < 0 && errno != EINTR) {
			break; /* EPIPE: it exited; its status says why */
		}
	}
	return off;
}

/* Waits for pid until the deadline (a shutdown lets it run to its
 * deadline); then kills its process group. 0 and the wait status in
 * *status, and *killed when it had to be killed; -1 when waitpid failed
 * (errno: never a success). */
static int mailer_reap(pid_t pid, long long deadline, int *status,
    int *killed)
{
	int step = 1;
	pid_t w;

	*killed = 0;
	*status = 0;
	for (;;) {
		w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return -1;
		if (mono_ms() >= deadline)
			break;
		pause_ms(step); /* 1, 2, 4 … 64 ms: a quick mailer waits little */
		if (step < 64)
			step *= 2;
	}
	*killed = 1;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while ((w = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	return w == pid ? 0 : -1;
}

/* Runs cmd (words split on spaces, no shell) with msg on its stdin, for
 * at most timeout seconds. 0 when it exited with status 0 after reading
 * the whole message; else -1 and why in err. */
static int mailer_run(const char *cmd, const char *msg, int timeout,
    char *err, size_t errsz)
{
	char *copy = strdup(cmd), *argv[MAX_ARGS + 1], *save = NULL, *w;
	size_t len = strlen(msg), off;
	long long deadline = mono_ms() + timeout * 1000LL;
	int fds[2], status, killed, argc = 0;
	pid_t pid;

	if (copy == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (w = strtok_r(copy, " ", &save); w != NULL && argc < MAX_ARGS;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (argc == 0 || pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(err, errsz, "cannot run %s: %s", cmd,
		    argc == 0 ? "empty command" : strerror(errno));
		free(copy);
		return -1;
	}
	pid = fork();
	if (pid == 0)
		mailer_exec(argv, fds[0]);
	free(copy);
	close(fds[0]);
	if (pid < 0) {
		close(fds[1]);
		snprintf(err, errsz, "cannot fork: %s", strerror(errno));
		return -1;
	}
	setpgid(pid, pid); /* as the child does: whichever runs first */
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	off = mailer_feed(fds[1], msg, len, deadline);
	/* Not all written: killed before it sees the end of its input, which
	 * sendmail -t -i would take for the end of the message and queue it
	 * cut short. */
	if (off < len) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	close(fds[1]);
	if (mailer_reap(pid, deadline, &status, &killed) != 0)
		snprintf(err, errsz, "cannot wait for it: %s", strerror(errno));
	else if (killed)
		snprintf(err, errsz, "no answer after %d s: its process group "
		    "was killed", timeout);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(err, errsz, "could not be run (exit status 127)");
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(err, errsz, "exit status %d", WEXITSTATUS(status));
	else if (off < len)
		snprintf(err, errsz, "took %zu of the message's %zu bytes",
		    off, len);
	else if (WIFSIGNALED(status))
		snprintf(err, errsz, "killed by signal %d", WTERMSIG(status));
	else
		return 0;
	return -1;
}

static long long next_due_ms(struct store *st);

/* A due message claimed for one attempt: what to hand over. */
struct claim {
	long long id, attempts;
	char *to, *msg;   /* malloc'd */
};

/* A due message whose attempts are all used up: its last one's sender
 * died mid-attempt (a kill -9, a crash) after claiming it. Given up, as
 * attempt_failed would have, inside the caller's transaction. */
static void claim_expired(struct store *st, long long id, const char *to,
    long long attempts_max)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_FAILED);

	sql_int(s, 1, id);
	sql_int(s, 2, (long long)time(NULL));
	sql_text(s, 3, "interrupted during an attempt");
	sql_int(s, 4, attempts_max);
	store_exec(s);
	log_err("mail %lld to %s: its sender stopped during attempt %lld of "
	    "%lld; it is undeliverable (dais mail list dead, /admin#mail)",
	    id, to, attempts_max, attempts_max);
}

/* Claims the next due message in one transaction with the private link
 * it carries (made now). 1 when one is claimed (c->msg NULL, and why in
 * err, when its link could not be made: a failed attempt), 0 when none
 * is due, -1 on a database error. A due message with no attempt left is
 * given up on the way (claim_expired), never claimed. */
static int claim_next(struct store *st, int timeout, long long attempts_max,
    struct claim *c, char *err, size_t errsz)
{
	sqlite3_stmt *s;
	long long now = (long long)time(NULL), sid = 0, reset_id = 0;
	char *url = NULL, *mark = NULL, *raw = NULL, *email = NULL;
	int rc;

	memset(c, 0, sizeof(*c));
	/* A read first: the write lock only when something is due (plain
	 * CGI looks after every request). */
	if (next_due_ms(st) != 0)
		return 0;
	if (store_begin(st) != 0)
		return -1;
	for (;;) {
		s = store_stmt(st, SQL_OUTBOX_DUE);
		sql_int(s, 1, now);
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW || sqlite3_column_int64(s, 3) <
		    attempts_max)
			break;
		c->id = sqlite3_column_int64(s, 0);
		c->to = strdup(sql_col(s, 1));
		sqlite3_reset(s);
		claim_expired(st, c->id, c->to ? c->to : "?", attempts_max);
		free(c->to);
		c->to = NULL;
	}
	if (rc != SQLITE_ROW) { /* nothing (more) due, or an error */
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			store_rollback(st);
			return -1;
		}
		return store_commit(st) != 0 ? -1 : 0;
	}
	c->id = sqlite3_column_int64(s, 0);
	c->to = strdup(sql_col(s, 1));
	raw = strdup(sql_col(s, 2));
	c->attempts = sqlite3_column_int64(s, 3) + 1;
	sid = sqlite3_column_int64(s, 4);
	if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
		url = strdup(sql_col(s, 5));
		mark = strdup(sql_col(s, 6));
	}
	if (sqlite3_column_type(s, 7) != SQLITE_NULL)
		email = strdup(sql_col(s, 7));
	reset_id = sqlite3_column_int64(s, 8);
	sqlite3_reset(s);
	s = store_stmt(st, SQL_OUTBOX_CLAIM);
	sql_int(s, 1, c->id);
	sql_int(s, 2, now + timeout + LEASE_MARGIN);
	if (c->to == NULL || raw == NULL || store_exec(s) != SQLITE_DONE) {
		store_rollback(st);
		free(c->to);
		free(raw);
		free(url);
		free(mark);
		free(email);
		return -1;
	}
	if (url == NULL || mark == NULL) {
		c->msg = raw;
		raw = NULL;
	} else {
		c->msg = link_put(st, raw, sid, email, reset_id, url, mark, err,
		    errsz);
	}
	free(raw);
	free(url);
	free(mark);
	free(email);
	if (store_commit(st) != 0) {
		free(c->to);
		free(c->msg);
		return -1;
	}
	return 1;
}

/* The attempt failed: due again after retry, 2 retry, 4 retry … (up to
 * BACKOFF_CAP) after the 1st, 2nd, 3rd failure, or dead after
 * attempts_max. */
static void attempt_failed(struct store *st, const struct claim *c,
    const char *cmd, const char *err, long long attempts_max,
    long long retry)
{
	sqlite3_stmt *s;
	long long wait, k;

	for (wait = retry, k = 1; k < c->attempts && wait < BACKOFF_CAP; k++)
		wait *= 2;
	if (wait > BACKOFF_CAP)
		wait = BACKOFF_CAP;
	s = store_stmt(st, SQL_OUTBOX_FAILED);
	sql_int(s, 1, c->id);
	sql_int(s, 2, (long long)time(NULL) + wait);
	sql_text(s, 3, err);
	sql_int(s, 4, attempts_max);
	store_exec(s);
	if (c->attempts >= attempts_max)
		log_err("mail %lld to %s could not be handed to %s (attempt "
		    "%lld of %lld): %s; it is undeliverable (dais mail list "
		    "dead, /admin#mail)", c->id, c->to, cmd, c->attempts,
		    attempts_max, err);
	else
		log_err("mail %lld to %s could not be handed to %s (attempt "
		    "%lld of %lld): %s; next attempt in %lld s", c->id, c->to,
		    cmd, c->attempts, attempts_max, err, wait);
}

/* One due message: claimed, then handed over outside any transaction. 1
 * when one was tried, 0 when none is due, -1 on a database error. */
static int deliver_one(struct store *st, const char *cmd, int timeout,
    long long attempts_max, long long retry)
{
	struct claim c;
	sqlite3_stmt *s;
	char err[160];
	int rc;

	err[0] = '\0';
	if ((rc = claim_next(st, timeout, attempts_max, &c, err,
	    sizeof(err))) <= 0)
		return rc;
	if (c.msg != NULL &&
	    mailer_run(cmd, c.msg, timeout, err, sizeof(err)) == 0) {
		s = store_stmt(st, SQL_OUTBOX_SENT);
		sql_int(s, 1, c.id);
		if (store_exec(s) != SQLITE_DONE)
			log_err("mail %lld to %s was sent but is still queued "
			    "(%s): it will be sent again", c.id, c.to,
			    sqlite3_errmsg(st->db));
	} else {
		attempt_failed(st, &c, cmd, err, attempts_max, retry);
	}
	free(c.to);
	free(c.msg);
	return 1;
}

/* While outbox_deliver runs: SIGPIPE ignored (a mailer that exits
 * before reading all makes write fail with EPIPE, not kill the sender),
 * SIGCHLD at its default (inherited as SIG_IGN, children are reaped by
 * the kernel and waitpid fails with ECHILD). Put back after. */
struct deliver_signals {
	struct sigaction pipe, chld;
};

static void deliver_signals_set(struct deliver_signals *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old->pipe);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, &old->chld);
}

static void deliver_signals_restore(const struct deliver_signals *old)
{
	sigaction(SIGPIPE, &old->pipe, NULL);
	sigaction(SIGCHLD, &old->chld, NULL);
}

int outbox_deliver(struct store *st, int max)
{
	struct arena *a = arena_new();
	struct deliver_signals old;
	const char *cmd;
	long long timeout, attempts, retry;
	int n = 0, rc;

	if (a == NULL)
		return 0;
	deliver_signals_set(&old);
	cmd = setting_get(st, a, SET_mail_command);
	timeout = setting_int(st, SET_mail_timeout);
	attempts = setting_int(st, SET_mail_attempts);
	retry = setting_int(st, SET_mail_retry_seconds);
	while (*cmd != '\0' && !got_term && (max == 0 || n < max) &&
	    (rc = deliver_one(st, cmd, (int)timeout, attempts, retry)) > 0)
		n++;
	deliver_signals_restore(&old);
	arena_free(a);
	return n;
}

/* Milliseconds until the next pending message is due (0: now), or -1. */
static long long next_due_ms(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_NEXT);
	long long ms = -1;

	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL) {
		ms = (sqlite3_column_int64(s, 0) - (long long)time(NULL)) *
		    1000;
		if (ms < 0)
			ms = 0;
	}
	sqlite3_reset(s);
	return ms;
}

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

/* SIGTERM and SIGINT stop the sender, only while it waits (ppoll with
 * waitmask) or between messages; SIGHUP (templates) is not its concern. */
static void sender_signals(void)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &sender_waitmask);
	sigdelset(&sender_waitmask, SIGTERM);
	sigdelset(&sender_waitmask, SIGINT);
	waitmask = &sender_waitmask;
}

static void wake_drain(void)
{
	char drain[64];

	while (wake_r >= 0 && read(wake_r, drain, sizeof(drain)) > 0)
		;
}

/* 1 when mail_command is set (read each time: `dais config set` changes
 * it under a running sender). */
static int mail_configured(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SETTING_GET);
	int set;

	sql_text(s, 1, SETTING_NAME(mail_command));
	set = sqlite3_step(s) == SQLITE_ROW && *sql_col(s, 0) != '\0';
	sqlite3_reset(s);
	return set;
}

int outbox_sender_main(const char *db_path)
{
	struct store *st;
	struct buf err;
	long long ms;
	int tried;

	prctl(PR_SET_NAME, "dais-mail"); /* in ps; tests tell it from workers */
	sender_signals();
	buf_init(&err);
	st = store_open(db_path, STORE_RW, &err);
	if (st == NULL) {
		log_err("the mail sender cannot open the database: %s", err.s);
		buf_free(&err);
		return 3;
	}
	buf_free(&err);
	while (!got_term) {
		if (!mail_configured(st)) { /* nothing can go: wait to be told */
			nap(wake_r, IDLE_MS);
			wake_drain();
			continue;
		}
		tried = outbox_deliver(st, 0);
		ms = next_due_ms(st);
		if (ms < 0 || ms > IDLE_MS)
			ms = IDLE_MS;
		if (tried == 0 && ms < 1000)
			ms = 1000; /* due but not deliverable (no mail_command,
				    * a database error): no busy loop */
		nap(wake_r, ms);
		wake_drain();
	}
	store_close(st);
	return 0;
}

int outbox_due(struct store *st)
{
	return mail_configured(st) && next_due_ms(st) == 0;
}

int outbox_counts(struct store *st, struct outbox_counts *c)
{
	sqlite3_stmt *s = store_stmt(st, SQL_OUTBOX_COUNTS);
	int rc = -1;

	memset(c, 0, sizeof(*c));
	sql_int(s, 1, (long long)time(NULL));
	if (sqlite3_step(s) == SQLITE_ROW) {
		c->pending = sqlite3_column_int64(s, 0);
		c->dead = sqlite3_column_int64(s, 1);
		c->oldest = sqlite3_column_int64(s, 2);
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

static int outbox_change(struct store *st, enum sql_id id, long long row)
{
	sqlite3_stmt *s = store_stmt(st, id);

	sql_int(s, 1, row);
	if (id == SQL_OUTBOX_RETRY)
		sql_int(s, 2, (long long)time(NULL));
	return store_exec_one(st, s);
}

int outbox_retry(struct store *st, long long id)
{
	int rc = outbox_change(st, SQL_OUTBOX_RETRY, id);

	if (rc == 0)
		queued_unkicked = queued_ever = 1;
	return rc;
}

int outbox_discard(struct store *st, long long id)
{
	return outbox_change(st, SQL_OUTBOX_DISCARD, id);
}
