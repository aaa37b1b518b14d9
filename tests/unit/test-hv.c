/*
 * test-hv.c - daemon/hv.c over a fake backend: the domain names are read
 * once per (domid, UUID) and kept for the next list, for every backend,
 * and read again once a domain is renamed.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hv.h"

/* The fake host: its domains, and how often each name was read. */
static struct hv_dom	fake_doms[4];
static size_t		fake_n;
static const char	*fake_names[8];	/* by domid */
static unsigned int	fake_reads[8];

static void *
fake_open(struct xsc *xs)
{
	static int priv;

	return &priv;
}

static void
fake_close(void *priv)
{
}

static int
fake_list(void *priv, struct hv_dom **doms, size_t *n)
{
	if ((*doms = calloc(fake_n + 1, sizeof(**doms))) == NULL)
		return -ENOMEM;
	memcpy(*doms, fake_doms, fake_n * sizeof(**doms));
	*n = fake_n;
	return 0;
}

static void
fake_domname(void *priv, uint32_t domid, char *buf, size_t len)
{
	fake_reads[domid]++;
	snprintf(buf, len, "%s", fake_names[domid] ? fake_names[domid] : "");
}

const struct hv_ops hv_sim_ops = {
	.name = "sim", .open = fake_open, .close = fake_close,
	.list = fake_list, .domname = fake_domname,
};
const struct hv_ops hv_xen_ops = { .name = "xen" };

static void
fake_dom(size_t i, uint32_t domid, uint8_t uuid)
{
	memset(&fake_doms[i], 0, sizeof(fake_doms[i]));
	fake_doms[i].domid = domid;
	fake_doms[i].uuid[15] = uuid;
}

/* List once; the name of domid in it. */
static const char *
list_name(struct hv *h, uint32_t domid)
{
	static char name[DOMNAME_MAX + 1];
	struct hv_dom *doms;
	size_t n;

	name[0] = '\0';
	assert_int_equal(hv_list(h, &doms, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (doms[i].domid == domid)
			memcpy(name, doms[i].name, sizeof(name));
	free(doms);
	return name;
}

static void
names_are_read_once_per_domid_and_uuid(void **state)
{
	struct hv *h = hv_open("sim", NULL);

	memset(fake_reads, 0, sizeof(fake_reads));
	fake_n = 2;
	fake_dom(0, 1, 0xa);
	fake_dom(1, 2, 0xb);
	fake_names[1] = "web";
	fake_names[2] = "db";
	assert_string_equal(list_name(h, 1), "web");
	assert_string_equal(list_name(h, 2), "db");
	assert_string_equal(list_name(h, 1), "web");
	assert_int_equal(fake_reads[1], 1);	/* three lists, one read */
	assert_int_equal(fake_reads[2], 1);

	/* The domid comes back with another UUID between two lists: a new
	 * domain, whose name is read. */
	fake_dom(0, 1, 0xc);
	fake_names[1] = "fresh";
	assert_string_equal(list_name(h, 1), "fresh");
	assert_int_equal(fake_reads[1], 2);
	assert_int_equal(fake_reads[2], 1);
	hv_close(h);
}

static void
an_unknown_name_is_asked_again(void **state)
{
	struct hv *h = hv_open("sim", NULL);

	memset(fake_reads, 0, sizeof(fake_reads));
	fake_n = 1;
	fake_dom(0, 3, 0xd);
	fake_names[3] = NULL;
	assert_string_equal(list_name(h, 3), "");
	fake_names[3] = "late";
	assert_string_equal(list_name(h, 3), "late");
	assert_int_equal(fake_reads[3], 2);
	hv_close(h);
}

/* Renamed (xl rename, the end of xl migrate-receive): read again once,
 * then kept; the other domains' names are not read again. */
static void
a_renamed_domain_is_asked_again(void **state)
{
	struct hv *h = hv_open("sim", NULL);

	(void)state;
	memset(fake_reads, 0, sizeof(fake_reads));
	fake_n = 2;
	fake_dom(0, 4, 0xe);
	fake_dom(1, 5, 0xf);
	fake_names[4] = "web--incoming";
	fake_names[5] = "db";
	assert_string_equal(list_name(h, 4), "web--incoming");
	fake_names[4] = "web";
	hv_forget_name(h, 4);
	if (strcmp(list_name(h, 4), "web") != 0)
		fail_msg("renamed to web, listed as %s", list_name(h, 4));
	assert_string_equal(list_name(h, 4), "web");
	assert_int_equal(fake_reads[4], 2);
	assert_int_equal(fake_reads[5], 1);
	hv_close(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_read_once_per_domid_and_uuid),
		cmocka_unit_test(an_unknown_name_is_asked_again),
		cmocka_unit_test(a_renamed_domain_is_asked_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
