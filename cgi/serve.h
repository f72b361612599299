/* serve.h — the FastCGI server (master and workers) and plain CGI. */
#ifndef DAIS_SERVE_H
#define DAIS_SERVE_H

struct serve_opts {
	const char *listen;      /* "unix:PATH", "HOST:PORT" or NULL (fd 0) */
	int workers;
	int socket_mode;         /* permissions of a unix socket */
	const char *db_path;
	const char *tmpl_dir;
};

/* Runs until SIGTERM or SIGINT. Returns the process exit status. */
int serve_main(const struct serve_opts *o);

#endif
