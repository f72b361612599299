/* floor.c — the FastCGI floor: a minimal libfcgi program that answers
 * fixed bytes from memory, with what dais does around a request and nothing
 * else (no database, no routing, no templates).
 *
 *   floor SOCKET WORKERS PATH_INFO=FILE...
 *
 * Listens on the unix socket SOCKET (as `dais serve --listen unix:...`
 * does: listen(1024), mode 0660), forks WORKERS processes, and answers a
 * request whose PATH_INFO is one of the given paths with the bytes of its
 * FILE, read once at start, under the headers dais sends with a fragment
 * (same names, same-length values); any other path gets an empty 404.
 * Like dais it closes the connection without lingering once the request's
 * input has been read to its end (req.detached = 1 before FCGX_Finish_r,
 * see cgi/serve.c). SIGTERM stops it and its workers.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PATHS 16
#define MAX_WORKERS 64

struct reply {
	const char *path;
	char *bytes; /* headers and body */
	size_t len;
};

static struct reply replies[MAX_PATHS];
static int nreplies;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static char *slurp(const char *file, size_t *len)
{
	FILE *f = fopen(file, "rb");
	char *p = NULL;
	size_t cap = 0, n = 0, k;

	if (f == NULL) {
		perror(file);
		exit(1);
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((p = realloc(p, cap)) == NULL)
				exit(1);
		}
		k = fread(p + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	*len = n;
	return p;
}

/* The response as dais writes it for a fragment. */
static void reply_make(struct reply *r, const char *path, const char *file)
{
	size_t blen, hlen;
	char *body = slurp(file, &blen), head[1024];

	hlen = (size_t)snprintf(head, sizeof(head),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Cache-Control: public, max-age=60, stale-while-revalidate=600\r\n"
	    "ETag: \"000000000000000000000000\"\r\n"
	    "Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\n"
	    "\r\n", blen);
	r->path = path;
	r->len = hlen + blen;
	r->bytes = malloc(r->len);
	if (r->bytes == NULL)
		exit(1);
	memcpy(r->bytes, head, hlen);
	memcpy(r->bytes + hlen, body, blen);
	free(body);
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, 0660) != 0 || listen(fd, 1024) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads what is left of stdin; 1 when it reached EOF (as cgi/serve.c). */
static int drain_input(FCGX_Request *fr)
{
	char tmp[4096];
	size_t total = 0;
	int n;

	while (total < 65536) {
		n = FCGX_GetStr(tmp, sizeof(tmp), fr->in);
		if (n <= 0)
			return FCGX_HasSeenEOF(fr->in) == EOF &&
			    FCGX_GetError(fr->in) == 0;
		total += (size_t)n;
	}
	return 0;
}

static void worker(int fd)
{
	static const char not_found[] = "Status: 404 Not Found\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n";
	FCGX_Request fr;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR);
	while (!stop && FCGX_Accept_r(&fr) >= 0) {
		const char *p = FCGX_GetParam("PATH_INFO", fr.envp);
		int i;

		for (i = 0; i < nreplies; i++)
			if (p != NULL && strcmp(p, replies[i].path) == 0)
				break;
		if (i < nreplies)
			FCGX_PutStr(replies[i].bytes, (int)replies[i].len,
			    fr.out);
		else
			FCGX_PutStr(not_found, sizeof(not_found) - 1, fr.out);
		if (drain_input(&fr) && !fr.keepConnection)
			fr.detached = 1; /* close() without lingering */
		FCGX_Finish_r(&fr);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	pid_t pids[MAX_WORKERS];
	struct sigaction sa;
	int fd, i, n;

	if (argc < 4) {
		fprintf(stderr, "usage: floor SOCKET WORKERS PATH=FILE...\n");
		return 2;
	}
	n = atoi(argv[2]);
	if (n < 1 || n > MAX_WORKERS)
		return 2;
	for (i = 3; i < argc && nreplies < MAX_PATHS; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL)
			return 2;
		*eq = '\0';
		reply_make(&replies[nreplies++], argv[i], eq + 1);
	}
	if (FCGX_Init() != 0 || (fd = listen_unix(argv[1])) < 0) {
		fprintf(stderr, "floor: cannot listen on %s\n", argv[1]);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: accept() returns */
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n; i++)
		if ((pids[i] = fork()) == 0)
			worker(fd);
	while (!stop)
		pause();
	for (i = 0; i < n; i++)
		kill(pids[i], SIGTERM);
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	unlink(argv[1]);
	return 0;
}
