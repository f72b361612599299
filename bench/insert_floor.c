/* insert_floor.c — the floor for POST /submit: a minimal libfcgi program
 * that reads the request body and inserts the same statement row into the
 * same schema (dais's database, so its indexes and full-text triggers fire
 * too), then answers 303. No parsing, no checks, no revision row, no
 * rendering: only the insert that a stored submission cannot do without.
 *
 *   insert_floor SOCKET WORKERS DB EVENT SOURCE_FILE HTML_FILE
 *
 * Each worker has its own connection with WAL, synchronous=FULL and a busy
 * timeout, and one prepared INSERT (autocommit: one transaction, one WAL
 * commit per request). Socket, workers and the close without lingering are
 * as in floor.c.
 */
#include <fcgiapp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS 64

static volatile sig_atomic_t stop;
static const char *db_path, *event_slug;
static char *source, *html;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static char *slurp(const char *file)
{
	FILE *f = fopen(file, "rb");
	char *p;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		perror(file);
		exit(1);
	}
	rewind(f);
	p = malloc((size_t)n + 1);
	if (p == NULL || fread(p, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	p[n] = '\0';
	fclose(f);
	return p;
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

static int drain_input(FCGX_Request *fr)
{
	char tmp[4096];
	size_t total = 0;
	int n;

	while (total < (1 << 24)) {
		n = FCGX_GetStr(tmp, sizeof(tmp), fr->in);
		if (n <= 0)
			return FCGX_HasSeenEOF(fr->in) == EOF &&
			    FCGX_GetError(fr->in) == 0;
		total += (size_t)n;
	}
	return 0;
}

static sqlite3 *db_open(sqlite3_int64 *event_id)
{
	sqlite3 *db;
	sqlite3_stmt *s;

	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		exit(3);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL;", NULL, NULL, NULL) != SQLITE_OK)
		exit(3);
	if (sqlite3_prepare_v2(db, "SELECT id FROM event WHERE slug = ?1", -1,
	    &s, NULL) != SQLITE_OK)
		exit(3);
	sqlite3_bind_text(s, 1, event_slug, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		exit(3);
	*event_id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return db;
}

static void worker(int fd)
{
	static const char ok_head[] = "Status: 303 See Other\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Location: /floor/status/%s\r\nContent-Length: %zu\r\n\r\n%s";
	static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";
	static const char fail[] = "Status: 503 Service Unavailable\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n";
	sqlite3_int64 event_id;
	sqlite3 *db;
	sqlite3_stmt *ins;
	FCGX_Request fr;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	db = db_open(&event_id);
	if (sqlite3_prepare_v2(db, "INSERT INTO statement(public_id, "
	    "event_id, session_id, title, speaker, speaker_role, org_id, "
	    "org_name, behalf_org_id, on_behalf_of, cosignatories, kind, "
	    "delivered, language, format, source, html, state, hold_reason, "
	    "submitter_name, submitter_email, status_hash, client_addr, "
	    "created, updated) VALUES (?1, ?2, NULL, 'Regular pathways for "
	    "children and youth', 'Yasmin Okoro', 'Youth representative, "
	    "panellist', NULL, 'Migration Youth & Children Platform', NULL, '', "
	    "'', 'panel', '2024-05-21', 'en', 'markdown', ?3, ?4, 'pending', "
	    "'', 'Bench submitter', 'bench@example.org', ?5, ?6, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", -1, &ins, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "insert_floor: %s\n", sqlite3_errmsg(db));
		exit(3);
	}
	FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR);
	srandom((unsigned)getpid());
	while (!stop && FCGX_Accept_r(&fr) >= 0) {
		char pid[9], token[41], body[80], resp[512];
		const char *addr = FCGX_GetParam("REMOTE_ADDR", fr.envp);
		int i, n, rc, eof = drain_input(&fr);

		for (i = 0; i < 8; i++)
			pid[i] = alphabet[random() % 31];
		pid[8] = '\0';
		for (i = 0; i < 40; i++)
			token[i] = "0123456789abcdef"[random() % 16];
		token[40] = '\0';
		sqlite3_bind_text(ins, 1, pid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, event_id);
		sqlite3_bind_text(ins, 3, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, html, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, token, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, addr ? addr : "", -1, SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc == SQLITE_DONE) {
			snprintf(body, sizeof(body), "See /floor/status/%s\n",
			    token);
			n = snprintf(resp, sizeof(resp), ok_head, token,
			    strlen(body), body);
			FCGX_PutStr(resp, n, fr.out);
		} else {
			FCGX_PutStr(fail, sizeof(fail) - 1, fr.out);
		}
		if (eof && !fr.keepConnection)
			fr.detached = 1;
		FCGX_Finish_r(&fr);
	}
	sqlite3_finalize(ins);
	sqlite3_close(db);
	_exit(0);
}

int main(int argc, char **argv)
{
	pid_t pids[MAX_WORKERS];
	struct sigaction sa;
	int fd, i, n;

	if (argc != 7) {
		fprintf(stderr, "usage: insert_floor SOCKET WORKERS DB EVENT "
		    "SOURCE_FILE HTML_FILE\n");
		return 2;
	}
	n = atoi(argv[2]);
	if (n < 1 || n > MAX_WORKERS)
		return 2;
	db_path = argv[3];
	event_slug = argv[4];
	source = slurp(argv[5]);
	html = slurp(argv[6]);
	if (FCGX_Init() != 0 || (fd = listen_unix(argv[1])) < 0) {
		fprintf(stderr, "insert_floor: cannot listen on %s\n", argv[1]);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
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
