/* cgi_exec.c — runs dais as a plain CGI program under fcgiwrap.
 *
 * fcgiwrap executes SCRIPT_FILENAME with no arguments, and dais without a
 * command prints its usage (plain CGI is `dais serve` with no listening
 * socket on fd 0), so this one exec sits in between: built static, it adds
 * one execve() to each request (measured in run.sh and shown beside the
 * CGI row). DAIS is the path of the dais binary, given at build time.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char *const argv[] = { "dais", "serve", NULL };

	execv(DAIS, argv);
	perror(DAIS);
	return 127;
}
