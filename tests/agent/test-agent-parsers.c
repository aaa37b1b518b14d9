/*
 * test-agent-parsers.c - the agent's parsers of /proc and sysfs files and
 * of its configuration: real files are accepted, and every malformed
 * line is refused, counted, and never trusted.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "agentconf.h"
#include "meminfo.h"
#include "psi.h"
#include "psitrigger.h"
#include "sysfsval.h"
#include "vmstat.h"

#define S(lit)	lit, sizeof(lit) - 1

static const char meminfo_real[] =
	"MemTotal:       24683620 kB\n"
	"MemFree:        23198360 kB\n"
	"MemAvailable:   24117072 kB\n"
	"Buffers:           74620 kB\n"
	"SwapCached:            0 kB\n"
	"Active(anon):      12345 kB\n"
	"Active(file):     345678 kB\n"
	"SwapTotal:       1048572 kB\n"
	"SwapFree:        1048000 kB\n"
	"HugePages_Total:       0\n"
	"Hugepagesize:       2048 kB\n";

static void
meminfo_real_file_is_read(void **state)
{
	struct meminfo mi;
	struct lines_report r = { 0 };

	assert_int_equal(meminfo_parse(S(meminfo_real), &mi, &r), 0);
	assert_int_equal(r.bad, 0);
	assert_int_equal(mi.total_kib, 24683620);
	assert_int_equal(mi.free_kib, 23198360);
	assert_int_equal(mi.available_kib, 24117072);
	assert_true(mi.has_available);
	assert_true(mi.has_swap);
	assert_int_equal(mi.swap_total_kib, 1048572);
	assert_int_equal(mi.swap_free_kib, 1048000);
	assert_true(mi.has_active_file);
	assert_int_equal(mi.active_file_kib, 345678);
}

/*
 * Active(file) is read as part of MemAvailable: never above it, and not
 * at all without it (a kernel before 3.14, or a MemAvailable not to be
 * trusted).
 */
static void
meminfo_active_file_is_capped_by_available(void **state)
{
	struct meminfo mi;
	struct lines_report r = { 0 };

	(void)state;
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemAvailable: 500 kB\nActive(file): 700 kB\n"), &mi, &r), 0);
	assert_true(mi.has_active_file);
	assert_int_equal(mi.active_file_kib, 500);
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemFree: 500 kB\nActive(file): 300 kB\n"), &mi, &r), 0);
	assert_false(mi.has_active_file);
	assert_int_equal(mi.active_file_kib, 0);
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemAvailable: 2000 kB\nActive(file): 300 kB\n"), &mi, &r), 0);
	assert_false(mi.has_active_file);
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemAvailable: 500 kB\n"), &mi, &r), 0);
	assert_false(mi.has_active_file);
	r.bad = 0;
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemAvailable: 500 kB\nActive(file): 3x kB\n"
	    "Active(file): 200 kB\nActive(file): 100 kB\n"), &mi, &r), 0);
	assert_int_equal(r.bad, 2);		/* junk, then a duplicate */
	assert_int_equal(mi.active_file_kib, 200);
}

static void
meminfo_malformed_lines_are_skipped_and_counted(void **state)
{
	static const char in[] =
		"MemTotal:       1000 kB\n"
		"MemFree:       -5 kB\n"		/* sign */
		"MemAvailable:  12x kB\n"		/* junk */
		"MemAvailable   900 kB\n"		/* no colon */
		":  900 kB\n"				/* no name */
		"Cached:900 kB\n"			/* no space */
		"Buffers:       99999999999999999999999 kB\n" /* overflow */
		"Slab:          1 MB\n"			/* unit */
		"Mem Free:      5 kB\n"			/* space in name */
		"\n"					/* blank */
		"MemAvailable:  800 kB\n";
	struct meminfo mi;
	struct lines_report r = { 0 };

	assert_int_equal(meminfo_parse(S(in), &mi, &r), 0);
	assert_int_equal(r.bad, 9);
	assert_int_equal(r.first_bad, 2);
	assert_int_equal(mi.total_kib, 1000);
	assert_false(mi.free_kib == 5);
	assert_true(mi.has_available);
	assert_int_equal(mi.available_kib, 800);
}

static void
meminfo_duplicate_field_keeps_the_first(void **state)
{
	static const char in[] =
		"MemTotal: 1000 kB\nMemAvailable: 500 kB\nMemTotal: 9 kB\n";
	struct meminfo mi;
	struct lines_report r = { 0 };

	assert_int_equal(meminfo_parse(S(in), &mi, &r), 0);
	assert_int_equal(mi.total_kib, 1000);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.first_bad, 3);
}

static void
meminfo_without_total_is_refused(void **state)
{
	struct meminfo mi;
	struct lines_report r = { 0 };

	assert_int_equal(meminfo_parse(S("MemFree: 10 kB\n"), &mi, &r), -1);
	assert_int_equal(meminfo_parse(S("MemTotal: 0 kB\n"), &mi, &r), -1);
	assert_int_equal(meminfo_parse(S(""), &mi, &r), -1);
	assert_int_equal(meminfo_parse(S("MemTotal: 2000000000000000000 kB\n"),
	    &mi, &r), -1);	/* above MEMINFO_MAX_KIB */
}

static void
meminfo_available_above_total_is_not_trusted(void **state)
{
	struct meminfo mi;
	struct lines_report r = { 0 };

	assert_int_equal(meminfo_parse(S("MemTotal: 100 kB\n"
	    "MemAvailable: 200 kB\n"), &mi, &r), 0);
	assert_false(mi.has_available);
	assert_int_equal(r.bad, 1);
}

/*
 * A guest with nothing in use reports MemAvailable equal to MemTotal:
 * that is the most it can have, not a lie.  Only above MemTotal is the
 * figure dropped, and the report names no line (the fault is in the
 * pair), so the admin is not sent to MemTotal's line.
 */
static void
meminfo_available_equal_to_total_is_trusted(void **state)
{
	struct meminfo mi;
	struct lines_report r = { 0 };

	(void)state;
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemAvailable: 1000 kB\n"), &mi, &r), 0);
	assert_true(mi.has_available);
	assert_int_equal(mi.available_kib, 1000);
	assert_int_equal(r.bad, 0);
	assert_int_equal(meminfo_parse(S("MemTotal: 1000 kB\n"
	    "MemAvailable: 1001 kB\n"), &mi, &r), 0);
	assert_false(mi.has_available);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.first_bad, 0);
	assert_string_equal(r.first_why, "MemAvailable above MemTotal");
}

/* 2^50 KiB is the largest figure taken; one more is corruption. */
static void
meminfo_values_are_bounded_to_the_kib(void **state)
{
	struct meminfo mi;
	struct lines_report r = { 0 };

	(void)state;
	assert_int_equal(meminfo_parse(S("MemTotal: 1125899906842624 kB\n"),
	    &mi, &r), 0);
	assert_true(mi.total_kib == MEMINFO_MAX_KIB);
	assert_int_equal(r.bad, 0);
	assert_int_equal(meminfo_parse(S("MemTotal: 1125899906842625 kB\n"),
	    &mi, &r), -1);
	assert_int_equal(r.bad, 1);
}

/*
 * A file cut short after a name and its spaces: nothing past the bytes
 * read is looked at (the buffer below ends there; a sanitizer build
 * would see a read beyond it).
 */
static void
meminfo_line_cut_after_its_spaces(void **state)
{
	static const char in[] = "MemTotal: 1000 kB\nMemFree:   ";
	struct meminfo mi;
	struct lines_report r = { 0 };
	char *buf = malloc(sizeof(in) - 1);

	(void)state;
	assert_non_null(buf);
	memcpy(buf, in, sizeof(in) - 1);
	assert_int_equal(meminfo_parse(buf, sizeof(in) - 1, &mi, &r), 0);
	assert_int_equal(mi.total_kib, 1000);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.first_bad, 2);
	free(buf);
}

static void
meminfo_embedded_nul_is_refused(void **state)
{
	static const char in[] = "MemTotal: 10\0 kB\nMemTotal: 20 kB\n";
	struct meminfo mi;
	struct lines_report r = { 0 };

	assert_int_equal(meminfo_parse(in, sizeof(in) - 1, &mi, &r), 0);
	assert_int_equal(mi.total_kib, 20);
	assert_int_equal(r.bad, 1);
}

static void
psi_real_file_is_read(void **state)
{
	static const char in[] =
		"some avg10=1.25 avg60=0.50 avg300=100.00 total=123456\n"
		"full avg10=0.00 avg60=0.07 avg300=0.00 total=42\n";
	struct psi p;
	struct lines_report r = { 0 };
	char buf[16];

	assert_int_equal(psi_parse(S(in), &p, &r), 0);
	assert_int_equal(r.bad, 0);
	assert_int_equal(p.some.avg10, 125);
	assert_int_equal(p.some.avg60, 50);
	assert_int_equal(p.some.avg300, 10000);
	assert_int_equal(p.some.total_us, 123456);
	assert_true(p.has_full);
	assert_int_equal(p.full.avg60, 7);
	assert_int_equal(p.full.total_us, 42);
	assert_string_equal(psi_format_avg(7, buf, sizeof(buf)), "0.07");
	assert_string_equal(psi_format_avg(10000, buf, sizeof(buf)), "100.00");
}

static void
psi_malformed_lines_are_refused(void **state)
{
	static const char *const bad[] = {
		"some avg10=1.2 avg60=0.00 avg300=0.00 total=1",	/* 1 decimal */
		"some avg10=1.234 avg60=0.00 avg300=0.00 total=1",
		"some avg10=100.01 avg60=0.00 avg300=0.00 total=1", /* > 100 */
		"some avg10=-1.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1.00 avg60=0.00 avg300=0.00",		/* no total */
		"some avg10=1.00 avg60=0.00 avg300=0.00 total=1 x",
		"some avg10=1.00  avg60=0.00 avg300=0.00 total=1",	/* 2 spaces */
		"some avg60=0.00 avg10=1.00 avg300=0.00 total=1",	/* order */
		"some avg10=.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1.00 avg60=0.00 avg300=0.00 total=-1",
		"some avg10=1.00 avg60=0.00 avg300=0.00 total=99999999999999999999",
		"some avg10=1,25 avg60=0.00 avg300=0.00 total=1",
		"some avg10=10:00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1.a5 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1./5 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1.5a avg60=0.00 avg300=0.00 total=1",
		"some avg10=1.5/ avg60=0.00 avg300=0.00 total=1",
		"somex avg10=1.00 avg60=0.00 avg300=0.00 total=1",
		"partial avg10=1.00 avg60=0.00 avg300=0.00 total=1",
		"",
	};
	struct psi p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lines_report r = { 0 };

		assert_int_equal(psi_parse(bad[i], strlen(bad[i]), &p, &r), -1);
		if (bad[i][0] != '\0')
			assert_int_equal(r.bad, 1);
	}
}

/*
 * A guest that has never stalled shows total=0, and nines are digits:
 * both are figures the daemon must get.  A line that stops at its
 * name is malformed figures, not an unknown line.
 */
static void
psi_zero_totals_and_nines_are_read(void **state)
{
	static const char in[] =
		"some avg10=0.99 avg60=9.09 avg300=99.90 total=0\n"
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
	struct psi p;
	struct lines_report r = { 0 };

	(void)state;
	assert_int_equal(psi_parse(S(in), &p, &r), 0);
	assert_int_equal(r.bad, 0);
	assert_int_equal(p.some.avg10, 99);
	assert_int_equal(p.some.avg60, 909);
	assert_int_equal(p.some.avg300, 9990);
	assert_int_equal(p.some.total_us, 0);
	assert_true(p.has_full);
	assert_int_equal(psi_parse(S("some\n"), &p, &r), -1);
	assert_int_equal(r.bad, 1);
	assert_string_equal(r.first_why, "malformed figures");
}

static void
psi_duplicate_some_keeps_the_first(void **state)
{
	static const char in[] =
		"some avg10=1.00 avg60=0.00 avg300=0.00 total=1\n"
		"some avg10=9.00 avg60=0.00 avg300=0.00 total=9\n";
	struct psi p;
	struct lines_report r = { 0 };

	assert_int_equal(psi_parse(S(in), &p, &r), 0);
	assert_int_equal(p.some.avg10, 100);
	assert_false(p.has_full);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.first_bad, 2);
}

/* The trigger string fits its buffer with its NUL, or is refused. */
static void
psitrigger_string_fits_or_is_refused(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(psitrigger_format(buf, sizeof(buf), 100000, 2000000),
	    19);
	assert_string_equal(buf, "some 100000 2000000");
	assert_int_equal(psitrigger_format(buf, 9, 1, 2), 8);
	assert_string_equal(buf, "some 1 2");
	assert_int_equal(psitrigger_format(buf, 8, 1, 2), -E2BIG);
}

/* Only procfs arms a trigger: elsewhere a clear error, never an fd. */
static void
psitrigger_needs_procfs(void **state)
{
	char path[] = "/tmp/xb-psi.XXXXXX";
	uint64_t w = 2000000;
	int fd;

	(void)state;
	assert_int_equal(psitrigger_open("/nonexistent/pressure/memory",
	    100000, &w), -ENOENT);
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	assert_int_equal(psitrigger_open(path, 100000, &w), -ENOTSUP);
	assert_int_equal(w, 2000000);
	unlink(path);
}

/* CAP_SYS_RESOURCE lets the kernel take any window, not only 2 s steps. */
static bool
has_sys_resource(void)
{
	char line[256];
	unsigned long long eff = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff >> 24) & 1;		/* CAP_SYS_RESOURCE */
}

/*
 * Without CAP_SYS_RESOURCE (a hardened unit) the kernel takes a window
 * only in multiples of 2 s.  Whichever this test has, the window asked
 * for or the next multiple of 2 s is armed, and the window in force is
 * what the agent reports; a stall longer than that window is -EINVAL,
 * never an fd.  Needs PSI (a kernel with it, not disabled at boot).
 */
static void
psitrigger_window_is_rounded_up_to_what_the_kernel_takes(void **state)
{
	const char *path = "/proc/pressure/memory";
	uint64_t w;
	int fd;

	(void)state;
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		skip();
	close(fd);
	w = 2000000;
	assert_true((fd = psitrigger_open(path, 100000, &w)) >= 0);
	assert_int_equal(w, 2000000);
	close(fd);
	w = 1000000;
	assert_true((fd = psitrigger_open(path, 100000, &w)) >= 0);
	assert_int_equal(w, has_sys_resource() ? 1000000 : 2000000);
	close(fd);
	/* A stall as long as the rounded window fits in it. */
	w = 1000000;
	assert_true((fd = psitrigger_open(path, 2000000, &w)) >= 0);
	assert_int_equal(w, 2000000);
	close(fd);
	/* Longer than the window, rounded or not: no trigger. */
	w = 3000000;
	assert_int_equal(psitrigger_open(path, 5000000, &w), -EINVAL);
	assert_int_equal(w, 3000000);
	w = 2000000;
	assert_int_equal(psitrigger_open(path, 3000000, &w), -EINVAL);
	assert_int_equal(w, 2000000);
}

static void
vmstat_swap_counters_are_read(void **state)
{
	static const char in[] =
		"nr_free_pages 5799590\n"
		"pswpin 12\n"
		"pswpout 34\n"
		"pgfault 1\n";
	struct vmstat vm;
	struct lines_report r = { 0 };

	assert_int_equal(vmstat_parse(S(in), &vm, &r), 0);
	assert_int_equal(r.bad, 0);
	assert_true(vm.has_swap);
	assert_int_equal(vm.pswpin, 12);
	assert_int_equal(vm.pswpout, 34);
}

static void
vmstat_malformed_lines_are_skipped(void **state)
{
	static const char in[] =
		"pswpin -1\n"		/* sign */
		"pswpin  3\n"		/* two spaces */
		"PSWPOUT 4\n"		/* upper case name */
		"pswpout 5x\n"		/* junk */
		"pswpin\n"		/* no value */
		" 7\n"			/* no name */
		"pswpin 8\n"
		"pswpin 9\n"		/* duplicate */
		"pswpout 10\n";
	struct vmstat vm;
	struct lines_report r = { 0 };

	assert_int_equal(vmstat_parse(S(in), &vm, &r), 0);
	assert_int_equal(r.bad, 7);
	assert_int_equal(vm.pswpin, 8);
	assert_int_equal(vm.pswpout, 10);
	assert_true(vm.has_swap);
}

static void
vmstat_without_swap_counters_says_so(void **state)
{
	struct vmstat vm;
	struct lines_report r = { 0 };

	assert_int_equal(vmstat_parse(S("nr_free_pages 1\n"), &vm, &r), -1);
	assert_int_equal(vmstat_parse(S("pswpin 1\n"), &vm, &r), 0);
	assert_false(vm.has_swap);
	assert_false(vm.has_oom);
	assert_false(vm.has_refault);
}

static void
vmstat_oom_kills_and_refaults_are_read(void **state)
{
	/* As 6.1 prints them: the refaults split by anon and file. */
	static const char in[] =
		"workingset_refault_anon 1000\n"
		"workingset_refault_file 234\n"
		"workingset_activate_anon 5\n"
		"pswpin 1\n"
		"pswpout 2\n"
		"oom_kill 3\n";
	struct vmstat vm;
	struct lines_report r = { 0 };

	assert_int_equal(vmstat_parse(S(in), &vm, &r), 0);
	assert_int_equal(r.bad, 0);
	assert_true(vm.has_oom);
	assert_int_equal(vm.oom_kill, 3);
	assert_true(vm.has_refault);
	assert_int_equal(vm.refault, 1234);
	/* Without swap the others still count. */
	assert_int_equal(vmstat_parse(S("oom_kill 0\n"), &vm, &r), 0);
	assert_true(vm.has_oom);
	assert_false(vm.has_swap);
}

static void
vmstat_older_kernels_have_one_refault_counter(void **state)
{
	struct vmstat vm;
	struct lines_report r = { 0 };

	/* 4.x to 5.8: anon and file together. */
	assert_int_equal(vmstat_parse(S("workingset_refault 77\n"), &vm, &r),
	    0);
	assert_true(vm.has_refault);
	assert_int_equal(vm.refault, 77);
	/* Both forms: the split pair is the one kept up to date. */
	assert_int_equal(vmstat_parse(S("workingset_refault 77\n"
	    "workingset_refault_anon 1\nworkingset_refault_file 2\n"), &vm,
	    &r), 0);
	assert_int_equal(vm.refault, 3);
	/* Half the pair is no figure, and does not fall back. */
	assert_int_equal(vmstat_parse(S("workingset_refault 77\n"
	    "workingset_refault_anon 1\n"), &vm, &r), 0);
	assert_false(vm.has_refault);
	assert_int_equal(r.bad, 0);
}

/*
 * A guest that never read back an evicted file page has
 * workingset_refault_file 0: the sum is still a count, 0 included.
 */
static void
vmstat_refaults_of_zero_are_counted(void **state)
{
	struct vmstat vm;
	struct lines_report r = { 0 };

	(void)state;
	assert_int_equal(vmstat_parse(S("workingset_refault_anon 5\n"
	    "workingset_refault_file 0\n"), &vm, &r), 0);
	assert_true(vm.has_refault);
	assert_int_equal(vm.refault, 5);
	assert_int_equal(vmstat_parse(S("workingset_refault_anon 0\n"
	    "workingset_refault_file 0\n"), &vm, &r), 0);
	assert_true(vm.has_refault);
	assert_int_equal(vm.refault, 0);
}

static void
vmstat_new_counters_are_parsed_strictly(void **state)
{
	static const char in[] =
		"oom_kill -1\n"			/* sign */
		"oom_kill 2 \n"			/* trailing space */
		"oom_kill 4\n"
		"oom_kill 5\n"				/* duplicate */
		"workingset_refault_anon 18446744073709551615\n"
		"workingset_refault_file 1\n"		/* the sum wraps */
		"workingset_refault 0x10\n";		/* not decimal */
	struct vmstat vm;
	struct lines_report r = { 0 };

	assert_int_equal(vmstat_parse(S(in), &vm, &r), 0);
	assert_int_equal(r.bad, 4);
	assert_int_equal(r.first_bad, 1);
	assert_int_equal(vm.oom_kill, 4);
	assert_false(vm.has_refault);
}

/*
 * A counter the agent does not use is still a line of the file: lower
 * case, digits and '_' from its first character to its last, or it is
 * reported as corruption.  Names at the edges of those ranges are names.
 */
static void
vmstat_counter_names_are_checked_to_the_edges(void **state)
{
	static const char in[] =
		"nr_zspages 0\n"
		"pgalloc_dma32 1\n"
		"z0 2\n"
		"a9 3\n"
		"9a 4\n"
		"0z 5\n"
		"pswpin 6\n"
		"Pswpout 7\n"		/* upper case first */
		"pswpouT 8\n"		/* upper case last */
		"pswpout{ 9\n"		/* past 'z' */
		"pswpout` 10\n"	/* before 'a' */
		"pswpout/ 11\n"	/* before '0' */
		"pswpout: 12\n"	/* past '9' */
		"pswpout 13\n";
	struct vmstat vm;
	struct lines_report r = { 0 };

	(void)state;
	assert_int_equal(vmstat_parse(S(in), &vm, &r), 0);
	assert_int_equal(r.bad, 6);
	assert_int_equal(r.first_bad, 8);
	assert_int_equal(vm.pswpin, 6);
	assert_int_equal(vm.pswpout, 13);
}

static void
sysfs_hex_attributes_read_in_hex(void **state)
{
	uint64_t v;

	/* max_schedule_delay shows "20": 32 seconds. */
	assert_int_equal(sysfsval_parse_u64(S("20\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_OK);
	assert_int_equal(v, 32);
	assert_int_equal(sysfsval_parse_u64(S("ff"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_OK);
	assert_int_equal(v, 255);
	assert_int_equal(sysfsval_parse_u64(S("FFFFFFFFFFFFFFFF\n"),
	    SYSFSVAL_HEX, 0, UINT64_MAX, &v), PARSE_OK);
	assert_true(v == UINT64_MAX);
	assert_int_equal(sysfsval_parse_u64(S("20\n"), SYSFSVAL_DEC, 0,
	    UINT64_MAX, &v), PARSE_OK);
	assert_int_equal(v, 20);
	/* Both ends of the range are in it: retry_count may read 0. */
	assert_int_equal(sysfsval_parse_u64(S("0\n"), SYSFSVAL_HEX, 0, 32,
	    &v), PARSE_OK);
	assert_int_equal(v, 0);
	assert_int_equal(sysfsval_parse_u64(S("20\n"), SYSFSVAL_HEX, 32, 32,
	    &v), PARSE_OK);
	assert_int_equal(v, 32);
	assert_int_equal(sysfsval_parse_u64(S("1f\n"), SYSFSVAL_HEX, 32, 64,
	    &v), PARSE_RANGE);
}

static void
sysfs_malformed_values_are_refused(void **state)
{
	uint64_t v = 77;

	assert_int_equal(sysfsval_parse_u64(S("0x20\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_TRAILING);
	assert_int_equal(sysfsval_parse_u64(S("g\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_NOTNUM);
	assert_int_equal(sysfsval_parse_u64(S("-1\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_SIGN);
	assert_int_equal(sysfsval_parse_u64(S("1\n\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_SPACE);
	assert_int_equal(sysfsval_parse_u64(S("1 2\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_SPACE);
	assert_int_equal(sysfsval_parse_u64(S("10000000000000000\n"),
	    SYSFSVAL_HEX, 0, UINT64_MAX, &v), PARSE_OVERFLOW);
	assert_int_equal(sysfsval_parse_u64(S("\n"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_EMPTY);
	assert_int_equal(sysfsval_parse_u64(S("ab\n"), SYSFSVAL_DEC, 0,
	    UINT64_MAX, &v), PARSE_NOTNUM);
	assert_int_equal(sysfsval_parse_u64(S("1\0"), SYSFSVAL_HEX, 0,
	    UINT64_MAX, &v), PARSE_NUL);
	assert_int_equal(sysfsval_parse_u64(S("21\n"), SYSFSVAL_HEX, 0, 32,
	    &v), PARSE_RANGE);
	assert_int_equal(v, 77);	/* untouched on error */
}

static void
sysfs_vif_nodename(void **state)
{
	uint64_t d;

	assert_int_equal(sysfsval_parse_vif_nodename(S("device/vif/0\n"),
	    0xffff, &d), PARSE_OK);
	assert_int_equal(d, 0);
	assert_int_equal(sysfsval_parse_vif_nodename(S("device/vif/12"),
	    0xffff, &d), PARSE_OK);
	assert_int_equal(d, 12);
	assert_int_not_equal(sysfsval_parse_vif_nodename(S("device/vbd/51712\n"),
	    0xffff, &d), PARSE_OK);
	assert_int_not_equal(sysfsval_parse_vif_nodename(S("device/vif/\n"),
	    0xffff, &d), PARSE_OK);
	assert_int_not_equal(sysfsval_parse_vif_nodename(S("device/vif/1/x\n"),
	    0xffff, &d), PARSE_OK);
	assert_int_not_equal(sysfsval_parse_vif_nodename(S("device/vif/70000\n"),
	    0xffff, &d), PARSE_OK);
	assert_int_not_equal(sysfsval_parse_vif_nodename(S(""), 0xffff, &d),
	    PARSE_OK);
}

/* 2 s while moving, 12 s idle; sample-idle follows sample unless set. */
static void
sampling_defaults_and_idle_interval(void **state)
{
	struct agent_config c;
	char err[256];

	(void)state;
	agentconf_defaults(&c);
	assert_int_equal(c.sample_ms, 2000);
	assert_int_equal(agentconf_idle_ms(c.sample_ms, c.sample_idle_ms),
	    12000);
	assert_int_equal(agentconf_set(&c, "sample", "30s", err, sizeof(err)),
	    0);
	assert_int_equal(agentconf_idle_ms(c.sample_ms, c.sample_idle_ms),
	    180000);
	assert_int_equal(agentconf_set(&c, "sample-idle", "1s", err,
	    sizeof(err)), 0);
	assert_int_equal(agentconf_idle_ms(c.sample_ms, c.sample_idle_ms),
	    1000);
}

static void
config_file_sets_every_kind_of_value(void **state)
{
	static const char in[] =
		"# a comment\n"
		"\n"
		"mem-threshold = 32M   # inline comment\n"
		"psi-threshold = 2.5\n"
		"heartbeat = 5m\n"
		"sample = 5s\n"
		"sample-idle = 30s\n"
		"psi-window = 4s\n"
		"interfaces = eth* enX*\n"
		"map-interface = veth0=3\n"
		"max-addresses = 4\n"
		"net = no\n"
		"log-classes = +net\n";
	struct agent_config c;
	char err[256];

	assert_int_equal(conf_table_check(&agentconf_table, err, sizeof(err)),
	    0);
	agentconf_defaults(&c);
	assert_int_equal(agentconf_parse(&c, S(in), "t", err, sizeof(err)), 0);
	assert_int_equal(c.mem_threshold_kib, 32 * 1024);
	assert_int_equal(c.psi_threshold, 250);
	assert_int_equal(c.heartbeat_ms, 300000);
	assert_int_equal(c.sample_ms, 5000);
	assert_int_equal(c.sample_idle_ms, 30000);
	assert_int_equal(agentconf_idle_ms(c.sample_ms, c.sample_idle_ms),
	    30000);
	assert_int_equal(c.psi_window_us, 4000000);
	assert_int_equal(c.max_addrs, 4);
	assert_false(c.net);
	assert_true(agentconf_iface_wanted(&c, "eth0"));
	assert_true(agentconf_iface_wanted(&c, "enX1"));
	assert_false(agentconf_iface_wanted(&c, "lo"));
	assert_int_equal(agentconf_iface_map(&c, "veth0"), 3);
	assert_int_equal(agentconf_iface_map(&c, "veth1"), -1);
}

static void
config_errors_name_the_line(void **state)
{
	static const struct {
		const char	*in;
		const char	*err;
	} cases[] = {
		{ "bogus = 1\n",
		    "t:1: unknown key 'bogus' (keys: memory mem-threshold " },
		{ "\nmem-threshold = 12Q\n", "t:2: bad size '12Q' for "
		    "mem-threshold: unknown unit (expected KiB or a unit" },
		{ "psi-threshold = 101\n", "t:1: bad percentage '101' for "
		    "psi-threshold: number out of range (expected 0 to 100" },
		{ "psi-threshold = 1.234\n",
		    "t:1: bad percentage '1.234' for psi-threshold" },
		{ "psi-window = 100ms\n", "t:1: bad duration '100ms' for "
		    "psi-window: number out of range (expected 500ms to 10s)" },
		{ "heartbeat = 500ms\n", "t:1: bad duration '500ms' for "
		    "heartbeat: number out of range (expected 1s to 1h)" },
		{ "sample = 2h\n", "t:1: bad duration '2h' for sample: number "
		    "out of range (expected 100ms to 1h)" },
		{ "sample-idle = 50ms\n", "t:1: bad duration '50ms' for "
		    "sample-idle" },
		{ "sample-idle = soon\n", "t:1: bad duration 'soon' for "
		    "sample-idle" },
		{ "max-interfaces = 0\n", "t:1: bad number '0' for "
		    "max-interfaces: number out of range (expected 1 to 64)" },
		{ "max-interfaces = 65\n", "t:1: bad number '65' for "
		    "max-interfaces" },
		{ "map-interface = eth0\n", "t:1: bad value 'eth0' for "
		    "map-interface (expected NAME=DEVID)" },
		{ "map-interface = eth0=x\n",
		    "t:1: bad devid 'x' for map-interface" },
		{ "net = maybe\n",
		    "t:1: bad value 'maybe' for net (expected yes or no)" },
		{ "proc-dir = relative\n", "t:1: bad path 'relative' for "
		    "proc-dir (expected an absolute path" },
		{ "interfaces =\n", "t:1: missing value for interfaces" },
		{ "just words\n", "t:1: expected 'key = value', got 'just "
		    "words'" },
	};
	struct agent_config c;
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		agentconf_defaults(&c);
		assert_int_equal(agentconf_parse(&c, cases[i].in,
		    strlen(cases[i].in), "t", err, sizeof(err)), -1);
		if (strstr(err, cases[i].err) == NULL)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].in,
			    err, cases[i].err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sampling_defaults_and_idle_interval),
		cmocka_unit_test(meminfo_real_file_is_read),
		cmocka_unit_test(meminfo_active_file_is_capped_by_available),
		cmocka_unit_test(meminfo_malformed_lines_are_skipped_and_counted),
		cmocka_unit_test(meminfo_duplicate_field_keeps_the_first),
		cmocka_unit_test(meminfo_without_total_is_refused),
		cmocka_unit_test(meminfo_available_above_total_is_not_trusted),
		cmocka_unit_test(meminfo_available_equal_to_total_is_trusted),
		cmocka_unit_test(meminfo_values_are_bounded_to_the_kib),
		cmocka_unit_test(meminfo_line_cut_after_its_spaces),
		cmocka_unit_test(meminfo_embedded_nul_is_refused),
		cmocka_unit_test(psi_real_file_is_read),
		cmocka_unit_test(psi_malformed_lines_are_refused),
		cmocka_unit_test(psi_zero_totals_and_nines_are_read),
		cmocka_unit_test(psi_duplicate_some_keeps_the_first),
		cmocka_unit_test(psitrigger_string_fits_or_is_refused),
		cmocka_unit_test(psitrigger_needs_procfs),
		cmocka_unit_test(
		    psitrigger_window_is_rounded_up_to_what_the_kernel_takes),
		cmocka_unit_test(vmstat_swap_counters_are_read),
		cmocka_unit_test(vmstat_malformed_lines_are_skipped),
		cmocka_unit_test(vmstat_without_swap_counters_says_so),
		cmocka_unit_test(vmstat_oom_kills_and_refaults_are_read),
		cmocka_unit_test(vmstat_older_kernels_have_one_refault_counter),
		cmocka_unit_test(vmstat_refaults_of_zero_are_counted),
		cmocka_unit_test(vmstat_new_counters_are_parsed_strictly),
		cmocka_unit_test(vmstat_counter_names_are_checked_to_the_edges),
		cmocka_unit_test(sysfs_hex_attributes_read_in_hex),
		cmocka_unit_test(sysfs_malformed_values_are_refused),
		cmocka_unit_test(sysfs_vif_nodename),
		cmocka_unit_test(config_file_sets_every_kind_of_value),
		cmocka_unit_test(config_errors_name_the_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
