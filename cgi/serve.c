/* serve.c — the FastCGI master and its workers, and plain CGI.
 *
 * The master opens the listening socket and forks N workers; each worker
 * has its own SQLite connection, prepared statements and compiled
 * templates, and serves one request at a time. The master restarts a
 * worker that dies (after a growing delay if it dies young or cannot
 * start), forwards SIGHUP (reload templates) and, on SIGTERM, lets every
 * worker finish the request in flight before it exits. Beside the
 * workers it supervises one mail sender (outbox.c) the same way.
 *
 * Per request a worker makes the system calls of libfcgi's own accept
 * loop and no more: a wait in its epoll set (EPOLLEXCLUSIVE: one idle
 * worker wakes per connection), accept4, read, one write (a response
 * over 8 KB: one writev of records of up to 64 KB, then the end of the
 * request), close; a fragment it served already since the last commit
 * costs no SQLite lock (fragcache.h).
 *
 * Closing without lingering: libfcgi ends a request with shutdown() and
 * then waits until the web server closes its end, so a worker idles for a
 * round trip per request. Once the whole request has been read (stdin at
 * EOF) nothing more will arrive, so dais marks the request "detached",
 * which makes libfcgi close() at once. When input is left unread (a body
 * refused with 413), it keeps libfcgi's lingering close: closing a socket
 * with unread input sends a reset that could destroy the response.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "app.h"
#include "outbox.h"
#include "request.h"
#include "route.h"
#include "serve.h"
#include "store.h"

#define MAX_WORKERS 256
/* A response up to this size fits in libfcgi's 8 KB output buffer with
 * its record headers and the end of the request: libfcgi sends it in one
 * write(); a larger one goes out through fcgi_send_stdout(). */
#define STDOUT_SMALL 8000
#define DRAIN_MAX 65536

static volatile sig_atomic_t got_term, got_hup, got_chld;
static sigset_t orig_mask; /* the mask workers run with */

static void on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
}

/* Handlers without SA_RESTART, so a blocked accept() returns EINTR. */
static void signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Handles one request whose variables and streams are given, and writes
 * its status and headers into out; the body is resp_payload()'s. */
static void app_handle(struct app *app, void *fcgi, char **envp,
    struct request *r, struct buf *out)
{
	req_init(r, app, fcgi, envp);
	route_dispatch(r);
	if (app->st != NULL)
		store_rollback(app->st); /* a handler that forgot: never
					  * hold the write lock */
	outbox_kick(); /* mail it queued: to the sender, committed */
	resp_serialize(r, out);
}

/* The largest FCGI_STDOUT record's content that fcgi_send_stdout writes
 * (a record holds up to 65,535 bytes; this keeps them 8-byte multiples). */
#define STDOUT_RECORD 65528
#define STDOUT_IOV 64

/* Writes the iovecs to fd in full (writev may write part of them). 0, or
 * -1 on an error (the web server went away). */
static int writev_all(int fd, struct iovec *iov, int n)
{
	ssize_t w;

	while (n > 0) {
		w = writev(fd, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Sends head and body as the request's FCGI_STDOUT in records of up to
 * STDOUT_RECORD bytes, with one writev() per 21 records (1.3 MB), where
 * libfcgi's stream writes a record and a write() per 8 KB: a 51 KB
 * fragment took seven. Nothing may be in fr->out's buffer (nothing was
 * put there); FCGX_Finish_r() then ends the stream and the request. The
 * bytes the web server passes on are the same. 0, or -1 on an error. */
static int fcgi_send_stdout(FCGX_Request *fr, const char *head, size_t hlen,
    const char *body, size_t blen)
{
	unsigned char hdr[STDOUT_IOV / 2][FCGI_HEADER_LEN];
	struct iovec iov[STDOUT_IOV];
	int n = 0, h = 0;

	while (hlen + blen > 0) {
		size_t len = hlen + blen > STDOUT_RECORD ? STDOUT_RECORD :
		    hlen + blen, part;

		if (n + 3 > STDOUT_IOV) {
			if (writev_all(fr->ipcFd, iov, n) != 0)
				return -1;
			n = h = 0;
		}
		hdr[h][0] = FCGI_VERSION_1;
		hdr[h][1] = FCGI_STDOUT;
		hdr[h][2] = (unsigned char)(fr->requestId >> 8);
		hdr[h][3] = (unsigned char)fr->requestId;
		hdr[h][4] = (unsigned char)(len >> 8);
		hdr[h][5] = (unsigned char)len;
		hdr[h][6] = 0; /* no padding */
		hdr[h][7] = 0;
		iov[n].iov_base = hdr[h++];
		iov[n++].iov_len = FCGI_HEADER_LEN;
		if (hlen > 0) {
			part = hlen < len ? hlen : len;
			iov[n].iov_base = (void *)head;
			iov[n++].iov_len = part;
			head += part;
			hlen -= part;
			len -= part;
		}
		if (len > 0) {
			iov[n].iov_base = (void *)body;
			iov[n++].iov_len = len;
			body += len;
			blen -= len;
		}
	}
	return n > 0 ? writev_all(fr->ipcFd, iov, n) : 0;
}

/* Reads what is left of stdin, up to a bound; 1 when it reached EOF. */
static int drain_input(FCGX_Request *fr)
{
	char tmp[4096];
	size_t total = 0;
	int n;

	while (total < DRAIN_MAX) {
		n = FCGX_GetStr(tmp, sizeof(tmp), fr->in);
		if (n <= 0)
			return FCGX_HasSeenEOF(fr->in) == EOF &&
			    FCGX_GetError(fr->in) == 0;
		total += (size_t)n;
	}
	return 0;
}

/* Waits for the next connection with SIGTERM and SIGHUP deliverable only
 * here (epoll_pwait's or ppoll's mask), so a signal never interrupts a
 * request half read: libfcgi drops a connection whose read a signal
 * interrupts. The listening socket is in an epoll set of this worker's
 * with EPOLLEXCLUSIVE, so that a connection wakes one waiting worker, not
 * every worker (with ppoll on the socket, each woke and all but one found
 * nothing to accept: two system calls spent per idle worker and request).
 * ep < 0 (a kernel without EPOLLEXCLUSIVE) waits with ppoll as before; a
 * kept connection (fastcgi_keep_conn) is waited for with ppoll. Returns
 * the accepted descriptor (or the kept connection's), or -1 to look at
 * the flags. */
static int worker_wait(int ep, int listen_fd, int kept,
    const sigset_t *waitmask)
{
	struct epoll_event ev;
	struct pollfd p;

	if (kept < 0 && ep >= 0) {
		if (epoll_pwait(ep, &ev, 1, -1, waitmask) <= 0 || got_term)
			return -1;
	} else {
		p.fd = kept >= 0 ? kept : listen_fd;
		p.events = POLLIN;
		p.revents = 0;
		if (ppoll(&p, 1, NULL, waitmask) <= 0 || got_term)
			return -1;
		if (kept >= 0)
			return kept;
	}
	/* The listening socket is non-blocking: when another worker took
	 * the connection first (EPOLLEXCLUSIVE may wake more than one, and
	 * a worker that was busy finds it readable), this one goes back to
	 * waiting. */
	return accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
}

/* This worker's epoll set with the listening socket in it, exclusive
 * (see worker_wait), or -1 to wait with ppoll. */
static int worker_epoll(int listen_fd)
{
	struct epoll_event ev;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.fd = listen_fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0) {
		log_err("EPOLLEXCLUSIVE unavailable (%s): every idle worker "
		    "wakes for each connection", strerror(errno));
		close(ep);
		return -1;
	}
	return ep;
}

static void worker_loop(struct app *app, int listen_fd)
{
	FCGX_Request fr;
	struct request r;
	struct buf out;
	sigset_t block, waitmask;
	const char *body;
	size_t n;
	int fd, ep;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGHUP);
	buf_init(&out);
	FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
	ep = worker_epoll(listen_fd);
	while (!got_term) {
		fd = worker_wait(ep, listen_fd, fr.ipcFd, &waitmask);
		if (got_hup) {
			got_hup = 0;
			app_reload(app);
		}
		if (fd < 0)
			continue;
		/* Hand the connection to libfcgi: with keepConnection set it
		 * does not close it at the start of FCGX_Accept_r, and with
		 * ipcFd set it does not accept one itself. */
		fr.ipcFd = fd;
		fr.keepConnection = 1;
		if (FCGX_Accept_r(&fr) < 0)
			continue; /* a protocol error: libfcgi closed it */
		app_handle(app, &fr, fr.envp, &r, &out);
		n = resp_payload(&r, &body);
		if (out.len + n <= STDOUT_SMALL) {
			/* One buffer of libfcgi's: one write() in all. */
			FCGX_PutStr(out.s, (int)out.len, fr.out);
			if (n > 0)
				FCGX_PutStr(body, (int)n, fr.out);
		} else {
			fcgi_send_stdout(&fr, out.s, out.len, body, n);
		}
		resp_release(&r);
		if (drain_input(&fr) && !fr.keepConnection)
			fr.detached = 1; /* close() without lingering */
		FCGX_Finish_r(&fr);
		store_idle(app->st); /* the response is out: checkpoint now */
		arena_reset(app->arena);
		buf_shrink(&out, 1 << 20);
		buf_shrink(&app->body, 1 << 20);

	}
	if (ep >= 0)
		close(ep);
	buf_free(&out);
}

/* Plain CGI has no sender process: after its response, when mail is
 * due, the program forks and exits at once; the child sends a few
 * messages at most (the rest waits for the next request, or `dais mail
 * send`). The web server ends the request when the program exits and
 * its stdout and stderr are closed (fcgiwrap waits for both; Apache's
 * mod_cgi kills the program after the response), so the child leaves the
 * session and keeps none of them: stderr stays only when it is a file
 * (log_msg writes there), else /dev/null. */
#define CGI_MAIL_MAX 5

static void mail_child(const char *db_path)
{
	struct store *st;
	struct stat sb;
	struct buf err;
	int null = open("/dev/null", O_RDWR);

	setsid();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_IGN);
	if (null < 0)
		_exit(1);
	dup2(null, 0);
	dup2(null, 1);
	if (fstat(2, &sb) != 0 || !S_ISREG(sb.st_mode))
		dup2(null, 2);
	if (null > 2)
		close(null);
	buf_init(&err);
	st = store_open(db_path, STORE_RW, &err);
	if (st == NULL) {
		log_err("cannot open the database to send mail: %s", err.s);
		_exit(1);
	}
	buf_free(&err);
	outbox_deliver(st, CGI_MAIL_MAX);
	store_close(st);
	proc_exit(0);
}

/* Closes the app; forks the sender of what is due, if anything is. */
static void mail_after_cgi(struct app *app, const char *db_path)
{
	int due = outbox_due(app->st);

	app_close(app); /* no database connection goes across the fork */
	if (due && fork() == 0)
		mail_child(db_path);
}

/* Plain CGI: one request from the environment and stdin. */
static int serve_cgi(const struct serve_opts *o)
{
	struct app app;
	struct request r;
	struct buf out;
	const char *body;
	size_t off = 0, n;

	if (route_check() != 0 ||
	    app_open(&app, o->db_path, o->tmpl_dir) != 0) {
		static const char msg[] = "Status: 503 Service Unavailable\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Length: 36\r\n\r\n"
		    "The service is unavailable for now.\n";
		return write(1, msg, sizeof(msg) - 1) < 0;
	}
	buf_init(&out);
	app_handle(&app, NULL, NULL, &r, &out);
	n = resp_payload(&r, &body);
	buf_put(&out, body, n);
	resp_release(&r);
	while (off < out.len) {
		ssize_t w = write(1, out.s + off, out.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	buf_free(&out);
	/* The response is whole: the mail that is due (this request's, and
	 * any left by an earlier one) goes from a child of its own. */
	mail_after_cgi(&app, o->db_path);
	return 0;
}

static int listen_unix(const char *path, int mode)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_err("socket path too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	unlink(path); /* a stale socket of an earlier run */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, (mode_t)mode) != 0 || listen(fd, 1024) != 0) {
		log_err("cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int listen_tcp(const char *spec)
{
	struct sockaddr_in sa;
	const char *colon = strrchr(spec, ':');
	char host[64];
	long long port;
	int fd, one = 1;

	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host) ||
	    parse_ll(colon + 1, 1, 65535, &port) != 0) {
		log_err("--listen wants unix:PATH or HOST:PORT, not %s", spec);
		return -1;
	}
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, *host ? host : "127.0.0.1",
	    &sa.sin_addr) != 1) {
		log_err("not an IPv4 address: %s", host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 1024) != 0) {
		log_err("cannot listen on %s: %s", spec, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static pid_t worker_start(const struct serve_opts *o, int listen_fd)
{
	struct app app;
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);
	/* A worker whose master died (kill -9) finishes its request and
	 * stops, rather than serve on unsupervised. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(0);
	got_hup = 0;
	if (route_check() != 0 || app_open(&app, o->db_path, o->tmpl_dir) != 0)
		_exit(3);
	store_defer_checkpoints(app.st);
	worker_loop(&app, listen_fd);
	app_close(&app);
	proc_exit(0);
}

/* The mail sender (outbox.c): a process of its own rather than work
 * after each response, so that no worker is kept from the next request
 * by a slow or hung mailer, and retries come due without a request to
 * run them. It keeps the master's blocked signals until it has its own
 * handlers (outbox_sender_main). */
static pid_t sender_start(const struct serve_opts *o, int listen_fd)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(0);
	close(listen_fd);
	proc_exit(outbox_sender_main(o->db_path));
}

#define BACKOFF_MAX 30 /* seconds */

/* One worker place: its process (or -1 while it waits to start again), and
 * the back-off of a worker that keeps failing. */
struct slot {
	pid_t pid;
	int sender;           /* the mail sender's, not a worker's */
	int restarted;        /* not one of the first set */
	int delay;            /* seconds before the next start; doubles */
	long long started;    /* ms, monotonic */
	long long due;        /* ms: when a waiting slot starts again */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The next start of s waits twice as long as the last (1 s at first). */
static void slot_backoff(struct slot *s, long long now)
{
	s->delay = s->delay == 0 ? 1 : s->delay * 2;
	if (s->delay > BACKOFF_MAX)
		s->delay = BACKOFF_MAX;
	s->due = now + s->delay * 1000LL;
}

static void slot_start(struct slot *s, const struct serve_opts *o,
    int listen_fd)
{
	s->started = now_ms();
	s->pid = s->sender ? sender_start(o, listen_fd) :
	    worker_start(o, listen_fd);
	if (s->pid < 0) {
		log_err("cannot start a worker: %s", strerror(errno));
		slot_backoff(s, s->started);
	}
}

/* The worker of s ended with status: decides when it starts again. At
 * once if it served a while; after a delay that doubles from 1 s to
 * BACKOFF_MAX if it died young or could not start (status 3: database or
 * templates broken), so that a fault that lasts is no busy loop and the
 * other workers serve meanwhile. -1 when one of the first set could not
 * start: the configuration is wrong and the server stops. */
static int slot_ended(struct slot *s, int status)
{
	int failed = WIFEXITED(status) && WEXITSTATUS(status) == 3;
	long long now = now_ms();
	const char *who = s->sender ? "mail sender" : "worker";

	if (failed && !s->restarted) {
		log_err("a worker could not start; stopping");
		s->pid = -1;
		return -1;
	}
	if (!failed && now - s->started >= 1000) {
		s->delay = 0;
		s->due = now;
	} else {
		slot_backoff(s, now);
	}
	if (failed)
		log_err("%s %ld could not start; trying again in %d s",
		    who, (long)s->pid, s->delay);
	else if (s->delay > 0)
		log_err("%s %ld ended (status %d) young; restarting in "
		    "%d s", who, (long)s->pid, status, s->delay);
	else
		log_err("%s %ld ended (status %d); restarting",
		    who, (long)s->pid, status);
	s->pid = -1;
	return 0;
}

/* Sleeps until a signal arrives (the mask is unblocked only here) or the
 * first waiting slot is due. */
static void master_wait(const struct slot *slots, int n, const sigset_t *mask)
{
	struct timespec ts;
	long long first = -1, now;
	int i;

	for (i = 0; i < n; i++)
		if (slots[i].pid < 0 && (first < 0 || slots[i].due < first))
			first = slots[i].due;
	if (first < 0) {
		ppoll(NULL, 0, NULL, mask);
		return;
	}
	now = now_ms();
	if (first < now)
		first = now;
	ts.tv_sec = (first - now) / 1000;
	ts.tv_nsec = (first - now) % 1000 * 1000000;
	ppoll(NULL, 0, &ts, mask);
}

/* The master: starts workers, restarts the ones that end, and stops them
 * all on SIGTERM. A worker of the first set that fails at start (status
 * 3: bad database or templates) stops the server; a later one is tried
 * again with a back-off (slot_ended). */
static int master_loop(const struct serve_opts *o, int listen_fd)
{
	struct slot slots[MAX_WORKERS + 1]; /* the workers, the sender */
	int i, status, alive, rc = 0, n = o->workers + 1;
	pid_t pid;
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	orig_mask = old;
	memset(slots, 0, sizeof(slots));
	slots[n - 1].sender = 1;
	for (i = 0; i < n; i++)
		slot_start(&slots[i], o, listen_fd);
	log_info("dais %s serving with %d workers", PACKAGE_VERSION,
	    o->workers);
	while (!got_term) {
		master_wait(slots, n, &old);
		if (got_hup) {
			got_hup = 0;
			for (i = 0; i < n; i++)
				if (slots[i].pid > 0)
					kill(slots[i].pid, SIGHUP);
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < n && slots[i].pid != pid; i++)
				;
			if (i < n && slot_ended(&slots[i], status)) {
				got_term = 1;
				rc = 1;
			}
		}
		for (i = 0; i < n && !got_term; i++) {
			if (slots[i].pid < 0 && slots[i].due <= now_ms()) {
				slots[i].restarted = 1;
				slot_start(&slots[i], o, listen_fd);
			}
		}
	}
	for (i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	sigprocmask(SIG_SETMASK, &old, NULL);
	do {
		alive = 0;
		for (i = 0; i < n; i++) {
			if (slots[i].pid <= 0)
				continue;
			if (waitpid(slots[i].pid, &status, 0) == slots[i].pid ||
			    errno == ECHILD)
				slots[i].pid = -1;
			else
				alive = 1;
		}
	} while (alive);
	log_info("stopped");
	return rc;
}

int serve_main(const struct serve_opts *o)
{
	int fd, rc;

	if (o->workers < 1 || o->workers > MAX_WORKERS) {
		log_err("--workers must be between 1 and %d", MAX_WORKERS);
		return 2;
	}
	if (FCGX_Init() != 0) {
		log_err("cannot initialise libfcgi");
		return 1;
	}
	if (o->listen == NULL) {
		if (FCGX_IsCGI())
			return serve_cgi(o);
		fd = 0; /* spawn-fcgi, mod_fcgid, systemd */
	} else if (strncmp(o->listen, "unix:", 5) == 0) {
		fd = listen_unix(o->listen + 5, o->socket_mode);
	} else {
		fd = listen_tcp(o->listen);
	}
	if (fd < 0)
		return 1;
	/* Workers wait with poll and accept without blocking (worker_wait). */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
		log_err("cannot make the socket non-blocking: %s",
		    strerror(errno));
		return 1;
	}
	signals_install();
	if (outbox_wake_open() != 0)
		log_err("no wake-up pipe for the mail sender (%s): it looks "
		    "for mail every minute", strerror(errno));
	rc = master_loop(o, fd);
	if (o->listen != NULL && strncmp(o->listen, "unix:", 5) == 0)
		unlink(o->listen + 5);
	return rc;
}
