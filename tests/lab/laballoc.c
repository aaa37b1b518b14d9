/*
 * laballoc: the lab's memory hog for guests (demand scenario).
 *
 * Allocates and touches MIB mebibytes, RATE MiB per second (all at once
 * when RATE is 0), then holds them until SIGTERM or SIGINT, when it
 * releases everything and exits 0.  Progress goes to stdout so the guest
 * can publish it: "laballoc: held N MiB".
 *
 *   usage: laballoc MIB [RATE]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LABALLOC_CHUNK (1UL << 20)

static volatile sig_atomic_t laballoc_stop;

static void laballoc_on_signal(int sig)
{
	(void)sig;
	laballoc_stop = 1;
}

static long laballoc_arg(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > max) {
		fprintf(stderr, "laballoc: bad number: %s\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	long mib, rate, held = 0;
	unsigned char *mem;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: laballoc MIB [RATE]\n");
		return 2;
	}
	mib = laballoc_arg(argv[1], 1L << 20);
	rate = argc == 3 ? laballoc_arg(argv[2], 1L << 20) : 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = laballoc_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	mem = mmap(NULL, (size_t)mib * LABALLOC_CHUNK, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		perror("laballoc: mmap");
		return 1;
	}
	while (held < mib && !laballoc_stop) {
		/* Touch one byte per page: the kernel must back each one. */
		for (size_t off = 0; off < LABALLOC_CHUNK; off += 4096)
			mem[(size_t)held * LABALLOC_CHUNK + off] = 1;
		held++;
		if (rate > 0 && held % rate == 0) {
			printf("laballoc: held %ld MiB\n", held);
			fflush(stdout);
			sleep(1);
		}
	}
	printf("laballoc: held %ld MiB\n", held);
	fflush(stdout);
	while (!laballoc_stop)
		pause();
	munmap(mem, (size_t)mib * LABALLOC_CHUNK);
	printf("laballoc: released\n");
	return 0;
}
