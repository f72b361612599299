/* unit_route.c — the checks on dais's own tables: every POST route carries
 * a form token; a form value is read only by a name of its form. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "form.h"
#include "route.h"

static void handler(struct request *r, struct form_data *fd)
{
	(void)r;
	(void)fd;
}

static const struct field guarded_fields[] = {
	{ "title", 0, 100, "Title" },
	{ "csrf", FIELD_CSRF, 200, NULL },
};
static const struct form guarded = FORM_DEF("guarded", guarded_fields);

static const struct field bare_fields[] = {
	{ "title", 0, 100, "Title" },
};
static const struct form bare = FORM_DEF("bare", bare_fields);

static void test_route_tables(void)
{
	const struct route ok[] = {
		{ "GET", "/a", ROLE_ANON, &bare, handler, 0 },
		{ "GET", "/b", ROLE_ANON, NULL, handler, 0 },
		{ "POST", "/a", ROLE_ANON, &guarded, handler, 0 },
	};
	const struct route no_csrf[] = {
		{ "POST", "/a", ROLE_ANON, &guarded, handler, 0 },
		{ "POST", "/b", ROLE_MODERATOR, &bare, handler, 0 },
	};
	const struct route no_form[] = {
		{ "POST", "/c", ROLE_ANON, NULL, handler, 0 },
	};

	CHECK(route_table_unguarded(ok, 3) == NULL);
	CHECK(route_table_unguarded(no_csrf, 2) == &no_csrf[1]);
	CHECK(route_table_unguarded(no_form, 1) == &no_form[0]);
	/* dais's own table passes. */
	CHECK(route_check() == 0);
}

/* Reading a name the form does not have stops the program (an assert). */
static void test_form_names(void)
{
	struct form_data fd;
	int status = 0;
	pid_t pid;

	memset(&fd, 0, sizeof(fd));
	fd.form = &guarded;
	CHECK_STR(form_str(&fd, "title"), "");
	CHECK(form_param(&fd, "csrf") == NULL);
	pid = fork();
	if (pid == 0) {
		/* The assert's message would only clutter the log. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		form_str(&fd, "titel");
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

int main(void)
{
	test_route_tables();
	test_form_names();
	return check_summary("unit_route");
}
