/*
 * store.c - the admin's policy (min, max, weight, pinned target) and the
 * open reservations, kept in <state-dir>/policy.json so they survive a
 * daemon restart and a host reboot.
 *
 * Entries are keyed "uuid:<uuid>" (the domain as it is now: domids are
 * reused, UUIDs are not) or "name:<name>" (what survives a re-create with
 * a fresh UUID, as xl does without an explicit uuid=).  The file is
 * replaced atomically: a crash or a full disk leaves the old one whole.
 *
 * A change that cannot be saved is undone in memory too, so a refused
 * request cannot come back with the next good save or a restart.  For
 * that the store keeps what the file holds beside what is being built,
 * and never changes a JSON value it has stored: store_put() replaces the
 * domains object with a new one (a shallow copy, the entries shared) and
 * store_set_reservations() the array, so keeping the file's state and
 * going back to it are reference counts, not copies that could fail.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "log.h"
#include "parse.h"
#include "planner.h"
#include "xbd.h"

#define STORE_VERSION	1
#define STORE_ID_MAX	(1ull << 53)	/* IDs stay exact in any JSON reader */

struct store {
	char		path[PATH_MAX];
	char		dir[PATH_MAX];
	json_t		*domains;	/* object: key -> policy object */
	json_t		*res;		/* array of reservations */
	uint64_t	next_id;
	/* What the file holds: the state store_save() goes back to. */
	json_t		*saved_domains;
	json_t		*saved_res;
	uint64_t	saved_next_id;
	int		failing;	/* the last save's -errno, 0: it worked */
};

/* The state just written (or read) is the one to go back to. */
static void
store_mark_saved(struct store *s)
{
	json_decref(s->saved_domains);
	json_decref(s->saved_res);
	s->saved_domains = json_incref(s->domains);
	s->saved_res = json_incref(s->res);
	s->saved_next_id = s->next_id;
}

/* Undo every change since the file was last written. */
static void
store_rollback(struct store *s)
{
	json_decref(s->domains);
	json_decref(s->res);
	s->domains = json_incref(s->saved_domains);
	s->res = json_incref(s->saved_res);
	s->next_id = s->saved_next_id;
}

void
policy_clear(struct policy *p)
{
	p->min_kib = PLAN_NONE;
	p->max_kib = PLAN_NONE;
	p->pin_kib = PLAN_NONE;
	p->weight = 0;
}

/* A u64 member, or PLAN_NONE; a negative or non-integer is malformed. */
static int
store_get_u64(json_t *o, const char *key, uint64_t *out)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		*out = PLAN_NONE;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int
store_check_policy(const char *key, json_t *o, char *err, size_t errlen)
{
	struct policy p;
	uint64_t w;

	if (!json_is_object(o) ||
	    (strncmp(key, "uuid:", 5) != 0 && strncmp(key, "name:", 5) != 0) ||
	    store_get_u64(o, "min_kib", &p.min_kib) == -1 ||
	    store_get_u64(o, "max_kib", &p.max_kib) == -1 ||
	    store_get_u64(o, "pin_kib", &p.pin_kib) == -1 ||
	    store_get_u64(o, "weight", &w) == -1 ||
	    (w != PLAN_NONE && (w < 1 || w > PLAN_WEIGHT_MAX))) {
		snprintf(err, errlen, "bad entry '%.80s'", key);
		return -1;
	}
	return 0;
}

static int
store_parse(struct store *s, json_t *root, char *err, size_t errlen)
{
	json_t *doms = json_object_get(root, "domains");
	json_t *res = json_object_get(root, "reservations"), *v;
	const char *key;
	uint64_t next, maxid = 0;
	size_t i;

	if (!json_is_object(root) ||
	    !json_is_integer(json_object_get(root, "version")) ||
	    json_integer_value(json_object_get(root, "version")) !=
	    STORE_VERSION) {
		snprintf(err, errlen, "not a version %d policy file",
		    STORE_VERSION);
		return -1;
	}
	/* next_id 0 would hand out an ID the protocol cannot name. */
	if (!json_is_object(doms) || !json_is_array(res) ||
	    json_object_size(doms) > STORE_MAX_ENTRIES ||
	    json_array_size(res) > PLAN_MAX_RESERVATIONS ||
	    store_get_u64(root, "next_id", &next) == -1 || next == 0 ||
	    (next != PLAN_NONE && next > STORE_ID_MAX)) {
		snprintf(err, errlen, "malformed domains, reservations or "
		    "next_id");
		return -1;
	}
	json_object_foreach(doms, key, v) {
		if (store_check_policy(key, v, err, errlen) == -1)
			return -1;
	}
	json_array_foreach(res, i, v) {
		uint64_t id, size;

		if (store_get_u64(v, "id", &id) == -1 || id == PLAN_NONE ||
		    id == 0 || id >= STORE_ID_MAX ||
		    store_get_u64(v, "size_kib", &size) == -1 ||
		    size == PLAN_NONE) {
			snprintf(err, errlen, "bad reservation %zu", i);
			return -1;
		}
		if (id > maxid)
			maxid = id;
	}
	s->domains = json_incref(doms);
	s->res = json_incref(res);
	s->next_id = next == PLAN_NONE ? 1 : next;
	if (s->next_id <= maxid)
		s->next_id = maxid + 1;
	return 0;
}

struct store *
store_open(const char *dir, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	json_error_t jerr;
	json_t *root;

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	snprintf(s->path, sizeof(s->path), "%s/%s", dir, STORE_FILE);
	s->next_id = 1;
	root = json_load_file(s->path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL && access(s->path, F_OK) == -1 && errno == ENOENT) {
		s->domains = json_object();
		s->res = json_array();
		if (s->domains == NULL || s->res == NULL) {
			snprintf(err, errlen, "out of memory");
			store_free(s);
			return NULL;
		}
		store_mark_saved(s);
		return s;
	}
	if (root == NULL) {
		snprintf(err, errlen, "%s: line %d: %s", s->path, jerr.line,
		    jerr.text);
		free(s);
		return NULL;
	}
	if (store_parse(s, root, err, errlen) == -1) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%s: %s", s->path, why);
		json_decref(root);
		free(s);
		return NULL;
	}
	json_decref(root);
	store_mark_saved(s);
	return s;
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	json_decref(s->domains);
	json_decref(s->res);
	json_decref(s->saved_domains);
	json_decref(s->saved_res);
	free(s);
}

static void
store_apply(json_t *o, struct policy *out)
{
	uint64_t v;

	if (!json_is_object(o))
		return;
	if (store_get_u64(o, "min_kib", &v) == 0 && v != PLAN_NONE)
		out->min_kib = v;
	if (store_get_u64(o, "max_kib", &v) == 0 && v != PLAN_NONE)
		out->max_kib = v;
	if (store_get_u64(o, "pin_kib", &v) == 0 && v != PLAN_NONE)
		out->pin_kib = v;
	if (store_get_u64(o, "weight", &v) == 0 && v != PLAN_NONE)
		out->weight = (uint32_t)v;
}

static void
store_key(char *buf, size_t len, const uint8_t uuid[16], const char *name,
    bool by_name)
{
	char u[37];

	if (by_name) {
		snprintf(buf, len, "name:%s", name);
		return;
	}
	format_uuid(uuid, u);
	snprintf(buf, len, "uuid:%s", u);
}

void
store_lookup(const struct store *s, const uint8_t uuid[16], const char *name,
    struct policy *out)
{
	char key[STORE_KEY_MAX + 1];

	policy_clear(out);
	if (name != NULL && *name != '\0') {
		store_key(key, sizeof(key), uuid, name, true);
		store_apply(json_object_get(s->domains, key), out);
	}
	store_key(key, sizeof(key), uuid, name, false);
	store_apply(json_object_get(s->domains, key), out);
}

static void
store_set_u64(json_t *o, const char *key, uint64_t v)
{
	if (v == PLAN_NONE)
		json_object_del(o, key);
	else
		json_object_set_new(o, key, json_integer((json_int_t)v));
}

int
store_put(struct store *s, const uint8_t uuid[16], const char *name,
    bool by_name, const struct policy *p)
{
	char key[STORE_KEY_MAX + 1];

	store_key(key, sizeof(key), uuid, name, by_name);
	return store_put_key(s, key, p);
}

int
store_put_key(struct store *s, const char *key, const struct policy *p)
{
	json_t *o, *doms;
	int r = 0;

	if ((o = json_object()) == NULL)
		return -ENOMEM;
	store_set_u64(o, "min_kib", p->min_kib);
	store_set_u64(o, "max_kib", p->max_kib);
	store_set_u64(o, "pin_kib", p->pin_kib);
	store_set_u64(o, "weight", p->weight ? p->weight : PLAN_NONE);
	if (json_object_size(o) != 0 &&
	    json_object_get(s->domains, key) == NULL &&
	    json_object_size(s->domains) >= STORE_MAX_ENTRIES) {
		json_decref(o);
		return -ENOSPC;
	}
	/* A new object: the one the file's state shares stays as it is. */
	if ((doms = json_copy(s->domains)) == NULL) {
		json_decref(o);
		return -ENOMEM;
	}
	if (json_object_size(o) == 0) {
		json_decref(o);
		json_object_del(doms, key);
	} else if (json_object_set_new(doms, key, o) != 0)
		r = -ENOMEM;
	if (r < 0) {
		json_decref(doms);
		return r;
	}
	json_decref(s->domains);
	s->domains = doms;
	return 0;
}

/* One stored entry as a policy (PLAN_NONE, 0: not set). */
static void
store_entry(json_t *o, struct policy *out)
{
	policy_clear(out);
	store_apply(o, out);
}

int
store_unset(struct store *s, const uint8_t uuid[16], const char *name,
    unsigned int fields)
{
	char key[STORE_KEY_MAX + 1];
	struct policy p;
	int r;

	/* Both entries: one left behind would bring the value back. */
	for (int by_name = 0; by_name <= 1; by_name++) {
		if (by_name && (name == NULL || *name == '\0'))
			break;
		store_key(key, sizeof(key), uuid, name, by_name);
		if (json_object_get(s->domains, key) == NULL)
			continue;
		store_entry(json_object_get(s->domains, key), &p);
		if (fields & POLICY_F_MIN)
			p.min_kib = PLAN_NONE;
		if (fields & POLICY_F_MAX)
			p.max_kib = PLAN_NONE;
		if (fields & POLICY_F_WEIGHT)
			p.weight = 0;
		if ((r = store_put_key(s, key, &p)) < 0)
			return r;
	}
	return 0;
}

size_t
store_keys(const struct store *s, const uint8_t uuid[16], const char *name,
    char keys[2][STORE_KEY_MAX + 1])
{
	size_t n = 0;

	for (int by_name = 1; by_name >= 0; by_name--) {
		if (by_name && (name == NULL || *name == '\0'))
			continue;
		store_key(keys[n], sizeof(keys[n]), uuid, name, by_name);
		if (json_object_get(s->domains, keys[n]) != NULL)
			n++;
	}
	return n;
}

void
store_each(const struct store *s, void (*fn)(const char *,
    const struct policy *, void *), void *arg)
{
	const char *key;
	struct policy p;
	json_t *v;

	json_object_foreach(s->domains, key, v) {
		store_entry(v, &p);
		fn(key, &p, arg);
	}
}

void
store_discard(struct store *s)
{
	store_rollback(s);
}

/* The domain a reservation is for, and the one it is bound to. */
static int
store_set_for(json_t *o, const struct store_res *r)
{
	char uuid[37];

	if (json_object_set_new(o, "for", json_string(r->for_text)) == -1)
		return -1;
	if (!r->bound)
		return 0;
	format_uuid(r->uuid, uuid);
	if (json_object_set_new(o, "bound_domid",
	    json_integer(r->domid)) == -1 ||
	    json_object_set_new(o, "bound_uuid", json_string(uuid)) == -1)
		return -1;
	return 0;
}

/* The same, read back: -1 when malformed (the entry is then dropped). */
static int
store_get_for(json_t *v, struct store_res *r)
{
	json_t *f = json_object_get(v, "for");
	json_t *u = json_object_get(v, "bound_uuid");
	uint64_t domid;

	if (f == NULL)
		return 0;
	if (!json_is_string(f) || json_string_length(f) == 0 ||
	    json_string_length(f) >= sizeof(r->for_text))
		return -1;
	memcpy(r->for_text, json_string_value(f), json_string_length(f) + 1);
	if (u == NULL)
		return 0;
	if (!json_is_string(u) ||
	    parse_uuid(json_string_value(u), r->uuid) != PARSE_OK ||
	    store_get_u64(v, "bound_domid", &domid) == -1 ||
	    domid > DOMID_MAX_VALID)
		return -1;
	r->bound = true;
	r->domid = (uint32_t)domid;
	return 0;
}

int
store_set_reservations(struct store *s, const struct store_res *r, size_t n)
{
	json_t *a = json_array();

	if (a == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:b}",
		    "id", (json_int_t)r[i].id,
		    "size_kib", (json_int_t)r[i].size_kib,
		    "deadline_rt_ms", (json_int_t)r[i].deadline_rt_ms,
		    "expire_rt_ms", (json_int_t)r[i].expire_rt_ms,
		    "held", r[i].held);

		if (o != NULL && r[i].for_text[0] != '\0' &&
		    store_set_for(o, &r[i]) == -1) {
			json_decref(o);
			o = NULL;
		}
		if (o == NULL || json_array_append_new(a, o) == -1) {
			json_decref(a);
			return -ENOMEM;
		}
		if (r[i].id >= s->next_id)
			s->next_id = r[i].id + 1;
	}
	json_decref(s->res);
	s->res = a;
	return 0;
}

/* "held"; xenballoon 0.1 wrote the same state as "granted". */
static bool
store_res_held(const json_t *v)
{
	const json_t *h = json_object_get(v, "held");

	if (h == NULL)
		h = json_object_get(v, "granted");
	return json_is_true(h);
}

size_t
store_get_reservations(const struct store *s, struct store_res *r, size_t max)
{
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(s->res, i, v) {
		if (n == max)
			break;
		memset(&r[n], 0, sizeof(r[n]));
		if (store_get_u64(v, "id", &r[n].id) == -1 ||
		    store_get_u64(v, "size_kib", &r[n].size_kib) == -1 ||
		    store_get_u64(v, "deadline_rt_ms",
		    &r[n].deadline_rt_ms) == -1 ||
		    store_get_u64(v, "expire_rt_ms", &r[n].expire_rt_ms) == -1 ||
		    store_get_for(v, &r[n]) == -1)
			continue;
		r[n].held = store_res_held(v);
		n++;
	}
	return n;
}

uint64_t
store_next_res_id(const struct store *s)
{
	return s->next_id;
}

static int
store_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
store_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;

	if (fd == -1)
		return -errno;
	if (fsync(fd) == -1)
		r = -errno;
	close(fd);
	return r;
}

int
store_save(struct store *s)
{
	char tmp[PATH_MAX + 8];
	json_t *root;
	char *text;
	int fd, r, dr;

	root = json_pack("{s:i,s:I,s:O,s:O}", "version", STORE_VERSION,
	    "next_id", (json_int_t)s->next_id, "domains", s->domains,
	    "reservations", s->res);
	text = root ? json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS) : NULL;
	json_decref(root);
	if (text == NULL) {
		r = -ENOMEM;
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1) {
		r = -errno;
		goto out;
	}
	r = store_write_all(fd, text, strlen(text));
	if (r == 0)
		r = store_write_all(fd, "\n", 1);
	if (r == 0 && fsync(fd) == -1)
		r = -errno;
	if (close(fd) == -1 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, s->path) == -1)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		goto out;
	}
	/*
	 * The new file is in place and is what a restart reads, so memory
	 * must keep the change too: only its survival of a power cut is in
	 * doubt.
	 */
	if ((dr = store_fsync_dir(s->dir)) < 0)
		log_msg(LOG_WARNING, LOGC_GENERAL, "store_save: fsync %s: %s "
		    "(saved, but a power cut may lose it)", s->dir,
		    strerror(-dr));
out:
	/* Once a spell: the reservations' file is saved again each round
	 * while it cannot be (resvtab.c). */
	if (r < 0 && r != s->failing)
		log_msg(LOG_ERR, LOGC_GENERAL, "store_save: %s: %s (the "
		    "previous file is unchanged)", s->path, strerror(-r));
	else if (r == 0 && s->failing != 0)
		log_msg(LOG_NOTICE, LOGC_GENERAL, "store_save: %s saved again",
		    s->path);
	s->failing = r;
	free(text);
	if (r < 0)
		store_rollback(s);
	else
		store_mark_saved(s);
	return r;
}
