/*
 * replay.c - runs a fuzz target's committed inputs through the same
 * LLVMFuzzerTestOneInput() that libFuzzer drives, with the normal
 * compiler, so make check exercises every corpus without clang.
 *
 *   replay-<target>            corpus/<target>/ and crashes/<target>/
 *                              under $XB_SRCDIR/tests/fuzz (TAP)
 *   replay-<target> FILE...    just those inputs
 *
 * Each input runs in a child process: a crash, a sanitizer report or a
 * hang (REPLAY_TIMEOUT_S) fails that input and the rest still run.  The
 * corpus is one TAP test (it may hold hundreds of inputs); every crash
 * input is a test of its own, named after its file: the regression.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the target"
#endif

#define REPLAY_TIMEOUT_S	20
#define REPLAY_MAX_INPUT	(1u << 20)	/* libFuzzer's default -max_len is far below */

static int
replay_read(const char *path, uint8_t **data, size_t *size)
{
	struct stat st;
	ssize_t n;
	size_t off = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -errno;
	if (fstat(fd, &st) == -1 || st.st_size < 0 ||
	    (uint64_t)st.st_size > REPLAY_MAX_INPUT) {
		close(fd);
		return -EFBIG;
	}
	/* One spare byte so that an empty input is a valid pointer. */
	if ((*data = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return -ENOMEM;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, *data + off, (size_t)st.st_size - off);
		if (n <= 0) {
			free(*data);
			close(fd);
			return n == 0 ? -EIO : -errno;
		}
		off += (size_t)n;
	}
	close(fd);
	*size = off;
	return 0;
}

/* 0 when the input ran clean, else a word saying how it failed. */
static const char *
replay_one(const char *path, char *why, size_t whylen)
{
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) == -1) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return why;
	}
	if (pid == 0) {
		uint8_t *data = NULL;
		size_t size = 0;
		int rc;

		alarm(REPLAY_TIMEOUT_S);
		if ((rc = replay_read(path, &data, &size)) != 0) {
			fprintf(stderr, "replay: %s: %s\n", path, strerror(-rc));
			_exit(2);
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return why;
		}
	if (WIFSIGNALED(status)) {
		snprintf(why, whylen, "%s", WTERMSIG(status) == SIGALRM ?
		    "timeout" : strsignal(WTERMSIG(status)));
		return why;
	}
	if (WEXITSTATUS(status) != 0) {
		snprintf(why, whylen, "exit %d", WEXITSTATUS(status));
		return why;
	}
	return NULL;
}

static int
replay_filter(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The inputs of a directory, sorted so that runs are comparable. */
static int
replay_scan(const char *dir, struct dirent ***names)
{
	int n = scandir(dir, names, replay_filter, alphasort);

	if (n == -1 && errno == ENOENT) {
		*names = NULL;
		return 0;
	}
	return n;
}

static void
replay_free(struct dirent **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int
replay_files(int argc, char **argv)
{
	char why[128];
	int bad = 0;

	printf("1..%d\n", argc);
	for (int i = 0; i < argc; i++) {
		const char *w = replay_one(argv[i], why, sizeof(why));

		printf("%sok %d - %s: %s%s%s\n", w ? "not " : "", i + 1,
		    FUZZ_TARGET, argv[i], w ? ": " : "", w ? w : "");
		bad += w != NULL;
	}
	return bad ? 1 : 0;
}

int
main(int argc, char **argv)
{
	const char *top = getenv("XB_SRCDIR");
	char corpus[4096], crashes[4096], path[8192], why[128];
	struct dirent **cv, **xv;
	int nc, nx, failed = 0, t = 0, bad = 0;

	if (argc > 1)
		return replay_files(argc - 1, argv + 1);
	if (top == NULL)
		top = ".";
	snprintf(corpus, sizeof(corpus), "%s/tests/fuzz/corpus/%s", top,
	    FUZZ_TARGET);
	snprintf(crashes, sizeof(crashes), "%s/tests/fuzz/crashes/%s", top,
	    FUZZ_TARGET);
	if ((nc = replay_scan(corpus, &cv)) == -1 ||
	    (nx = replay_scan(crashes, &xv)) == -1) {
		printf("1..1\nnot ok 1 - %s: cannot read its inputs: %s\n",
		    FUZZ_TARGET, strerror(errno));
		return 1;
	}
	printf("1..%d\n", 1 + nx);
	for (int i = 0; i < nc; i++) {
		snprintf(path, sizeof(path), "%s/%s", corpus, cv[i]->d_name);
		const char *w = replay_one(path, why, sizeof(why));
		if (w != NULL) {
			printf("# %s: %s\n", path, w);
			failed++;
		}
	}
	/* An empty corpus replays nothing: that is a failure, not a pass. */
	printf("%sok %d - %s: corpus of %d inputs replayed, %d failed\n",
	    nc == 0 || failed ? "not " : "", ++t, FUZZ_TARGET, nc, failed);
	bad += nc == 0 || failed;
	for (int i = 0; i < nx; i++) {
		snprintf(path, sizeof(path), "%s/%s", crashes, xv[i]->d_name);
		const char *w = replay_one(path, why, sizeof(why));
		printf("%sok %d - %s: regression %s%s%s\n", w ? "not " : "",
		    ++t, FUZZ_TARGET, xv[i]->d_name, w ? ": " : "",
		    w ? w : "");
		bad += w != NULL;
	}
	replay_free(cv, nc);
	replay_free(xv, nx);
	return bad ? 1 : 0;
}
