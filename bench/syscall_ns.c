/* syscall_ns.c — the time of one system call on this machine, printed at
 * the start of bench/run.sh: a tight loop of getppid() (the cheapest call
 * there is: no argument, nothing cached by the C library) and of a 1-byte
 * write() to /dev/null, each the best of 5 rounds of N calls, in ns per
 * call. What dais or the floor does beyond the floor in system calls costs
 * about that much each on the machine at hand.
 *
 *   syscall_ns [N]    (default 1,000,000)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000, i;
	double best_ppid = 0, best_write = 0, t;
	int fd = open("/dev/null", O_WRONLY), r;
	char c = 'x';

	if (fd < 0 || n < 1) {
		perror("syscall_ns");
		return 1;
	}
	for (r = 0; r < 5; r++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		t = (now_ns() - t) / n;
		if (r == 0 || t < best_ppid)
			best_ppid = t;
		t = now_ns();
		for (i = 0; i < n; i++)
			if (write(fd, &c, 1) != 1)
				return 1;
		t = (now_ns() - t) / n;
		if (r == 0 || t < best_write)
			best_write = t;
	}
	printf("%.0f ns per getppid(), %.0f ns per 1-byte write() to /dev/null "
	    "(best of 5 x %ld calls)\n", best_ppid, best_write, n);
	return 0;
}
