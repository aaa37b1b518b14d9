/*
 * fuzz-store.c - daemon/store.c: the persisted admin policy
 * (state-dir/policy.json).  Only root writes it, but a torn or
 * hand-edited file must be refused with a reason, never half-loaded.
 * Checked: a refusal says why; an accepted file saves and loads back to
 * the very same bytes (a restart loses no policy and invents none), and
 * its reservations fit PLAN_MAX_RESERVATIONS.  The file lives in a
 * tmpfs directory (/dev/shm when there is one), so fsync is cheap.
 */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "log.h"
#include "planner.h"
#include "xbd.h"

static char	fuzz_store_dir[64];
static char	fuzz_store_file[128];

static int
fuzz_store_write(const uint8_t *data, size_t size)
{
	int fd = open(fuzz_store_file, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0600);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, data, size);
	close(fd);
	return n == (ssize_t)size ? 0 : -1;
}

/* The saved file, malloc'ed; NULL if unreadable. */
static char *
fuzz_store_slurp(size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(fuzz_store_file, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || (buf = malloc((size_t)st.st_size + 1))
	    == NULL) {
		close(fd);
		return NULL;
	}
	*len = (size_t)read(fd, buf, (size_t)st.st_size);
	close(fd);
	return buf;
}

static void
fuzz_store_init(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	snprintf(fuzz_store_dir, sizeof(fuzz_store_dir),
	    "%s/xb-fuzz-store.XXXXXX", base);
	if (mkdtemp(fuzz_store_dir) == NULL)
		abort();
	snprintf(fuzz_store_file, sizeof(fuzz_store_file), "%s/%s",
	    fuzz_store_dir, STORE_FILE);
	log_init("fuzz", LOG_TARGET_STDERR);
	log_set_stream(fopen("/dev/null", "we"));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_res res[PLAN_MAX_RESERVATIONS + 1];
	char err[512], *a, *b;
	struct store *s;
	size_t alen = 0, blen = 0;

	if (fuzz_store_dir[0] == '\0')
		fuzz_store_init();
	if (fuzz_store_write(data, size) == -1)
		return 0;
	err[0] = '\0';
	if ((s = store_open(fuzz_store_dir, err, sizeof(err))) == NULL) {
		FUZZ_CHECK(err[0] != '\0');
		return 0;
	}
	FUZZ_CHECK(store_get_reservations(s, res, PLAN_MAX_RESERVATIONS + 1)
	    <= PLAN_MAX_RESERVATIONS);
	/* Not checked: next_id 0 is accepted and then handed out as a
	 * reservation id the control protocol cannot name (finding in
	 * docs/reliability.md, input in tests/fuzz/findings/). */
	if (store_save(s) != 0) {
		store_free(s);
		return 0;
	}
	store_free(s);
	a = fuzz_store_slurp(&alen);
	s = store_open(fuzz_store_dir, err, sizeof(err));
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(store_save(s) == 0);
	store_free(s);
	b = fuzz_store_slurp(&blen);
	FUZZ_CHECK(a != NULL && b != NULL);
	FUZZ_CHECK(alen == blen && memcmp(a, b, alen) == 0);
	free(a);
	free(b);
	return 0;
}
