/*
 * request.c - a control request, from its JSON line to a struct request,
 * with every check that needs no daemon state: the command, the members
 * it needs, each member's type and range.  Whether the domain exists or
 * a size fits its bounds is control.c's business.
 *
 * The error texts are the replies' "error" sentences: xenballoonctl
 * prints them and the component tests compare them byte for byte, so
 * they are the ones control.c has always sent.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "control.h"
#include "log.h"
#include "parse.h"
#include "request.h"
#include "xbd.h"

/* Where a refusal goes: the caller's code and text. */
struct request_err {
	const char	*code;
	char		*text;
	size_t		 len;
};

static int
request_fail(struct request_err *e, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
request_fail(struct request_err *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->text, e->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A bounded copy that refuses rather than truncates. */
static int
request_copy(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstlen)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

/* ---- members ---------------------------------------------------------- */

/* A JSON integer from 1 to max (NULL, other types and 0 are not). */
static bool
request_count(const json_t *v, uint64_t max, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static int
request_domain(json_t *o, struct request *req, struct request_err *e)
{
	const char *s = json_string_value(json_object_get(o, CM(DOMAIN)));
	enum parse_err pe;

	if (s == NULL)
		return request_fail(e, CONTROL_EBADREQ, "missing \"%s\" "
		    "(a domid, UUID or name)", CM(DOMAIN));
	if ((pe = parse_domref(s, &req->ref)) != PARSE_OK)
		return request_fail(e, CONTROL_EINVAL, "bad domain '%.64s': %s",
		    s, parse_strerror(pe));
	if (request_copy(req->domain, sizeof(req->domain), s) == -1)
		return request_fail(e, CONTROL_EINVAL, "bad domain: longer "
		    "than %d bytes", REQUEST_DOMAIN_MAX);
	req->fields |= REQUEST_F_DOMAIN;
	return 0;
}

/* An optional size in KiB; flag is set in req->fields when present. */
static int
request_kib(json_t *o, const char *key, unsigned int flag, uint64_t *out,
    struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return 0;
	if (!request_count(v, DOM_KIB_MAX, out))
		return request_fail(e, CONTROL_EINVAL, "bad %s: expected an "
		    "integer from 1 to %llu (KiB)", key,
		    (unsigned long long)DOM_KIB_MAX);
	req->fields |= flag;
	return 0;
}

static int
request_weight(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, CM(WEIGHT));
	uint64_t w;

	if (v == NULL)
		return 0;
	if (!request_count(v, CONTROL_WEIGHT_MAX, &w))
		return request_fail(e, CONTROL_EINVAL, "bad %s: expected "
		    "an integer from 1 to %u", CM(WEIGHT), CONTROL_WEIGHT_MAX);
	req->weight = (uint32_t)w;
	req->fields |= REQUEST_F_WEIGHT;
	return 0;
}

static int
request_timeout(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, CM(TIMEOUT_MS));

	if (!request_count(v, REQUEST_TIMEOUT_MAX_MS, &req->timeout_ms))
		return request_fail(e, CONTROL_EINVAL, "bad %s: "
		    "expected an integer from 1 to %llu", CM(TIMEOUT_MS),
		    REQUEST_TIMEOUT_MAX_MS);
	req->fields |= REQUEST_F_TIMEOUT;
	return 0;
}

/*
 * The spec is checked for its words here and applied to the classes of
 * the moment by control.c: starting from none changes which classes
 * come out, never whether a spec is valid.
 */
static int
request_classes(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, CM(CLASSES));
	unsigned int mask;

	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return request_fail(e, CONTROL_EBADREQ, "%s must be a "
		    "string", CM(CLASSES));
	if (log_parse_classes(json_string_value(v), 0, &mask, e->text,
	    e->len) == -1) {
		e->code = CONTROL_EINVAL;
		return -1;
	}
	if (request_copy(req->classes, sizeof(req->classes),
	    json_string_value(v)) == -1)
		return request_fail(e, CONTROL_EINVAL, "bad %s: longer "
		    "than %d bytes", CM(CLASSES), REQUEST_CLASSES_MAX);
	req->fields |= REQUEST_F_CLASSES;
	return 0;
}

/* ---- commands --------------------------------------------------------- */

static int
request_bare(json_t *o, struct request *req, struct request_err *e)
{
	return 0;
}

static int
request_set(json_t *o, struct request *req, struct request_err *e)
{
	if (request_domain(o, req, e) == -1 ||
	    request_kib(o, CM(MIN_KIB), REQUEST_F_MIN, &req->min_kib, req,
	    e) == -1 ||
	    request_kib(o, CM(MAX_KIB), REQUEST_F_MAX, &req->max_kib, req,
	    e) == -1 ||
	    request_weight(o, req, e) == -1)
		return -1;
	if ((req->fields & (REQUEST_F_MIN | REQUEST_F_MAX |
	    REQUEST_F_WEIGHT)) == 0)
		return request_fail(e, CONTROL_EBADREQ, "nothing to set (keys: "
		    "%s, %s, %s)", CM(MIN_KIB), CM(MAX_KIB), CM(WEIGHT));
	return 0;
}

static int
request_target(json_t *o, struct request *req, struct request_err *e)
{
	if (request_domain(o, req, e) == -1 ||
	    request_kib(o, CM(TARGET_KIB), REQUEST_F_TARGET, &req->target_kib,
	    req, e) == -1)
		return -1;
	if ((req->fields & REQUEST_F_TARGET) == 0)
		return request_fail(e, CONTROL_EBADREQ, "missing %s",
		    CM(TARGET_KIB));
	return 0;
}

/* The domain a reservation is for: a name or UUID, optional. */
static int
request_for(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, CM(FOR));

	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return request_fail(e, CONTROL_EBADREQ, "%s must be a string "
		    "(a domain's name or UUID)", CM(FOR));
	if (resv_for_parse(json_string_value(v), &req->for_, e->text,
	    e->len) == -1) {
		e->code = CONTROL_EINVAL;
		return -1;
	}
	if (request_copy(req->for_text, sizeof(req->for_text),
	    json_string_value(v)) == -1)
		return request_fail(e, CONTROL_EINVAL, "bad %s: longer "
		    "than %d bytes", CM(FOR), REQUEST_DOMAIN_MAX);
	req->fields |= REQUEST_F_FOR;
	return 0;
}

static int
request_reserve(json_t *o, struct request *req, struct request_err *e)
{
	if (request_kib(o, CM(SIZE_KIB), REQUEST_F_SIZE, &req->size_kib, req,
	    e) == -1 || request_for(o, req, e) == -1)
		return -1;
	if ((req->fields & REQUEST_F_SIZE) == 0)
		return request_fail(e, CONTROL_EBADREQ, "missing %s",
		    CM(SIZE_KIB));
	return request_timeout(o, req, e);
}

static int
request_id(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, CM(ID));

	if (!request_count(v, REQUEST_ID_MAX, &req->id))
		return request_fail(e, CONTROL_EBADREQ, "missing or bad %s: "
		    "expected a positive integer", CM(ID));
	req->fields |= REQUEST_F_ID;
	return 0;
}

/* history: one domain, or every one when none is named. */
static int
request_history(json_t *o, struct request *req, struct request_err *e)
{
	if (json_object_get(o, CM(DOMAIN)) == NULL)
		return 0;
	return request_domain(o, req, e);
}

/* unset's keys: a non-empty array of min_kib, max_kib and weight. */
static const struct {
	enum control_member	member;
	unsigned int		bit;
} request_unset_keys[] = {
	{ CM_MIN_KIB, REQUEST_U_MIN },
	{ CM_MAX_KIB, REQUEST_U_MAX },
	{ CM_WEIGHT, REQUEST_U_WEIGHT },
};

static int
request_unset(json_t *o, struct request *req, struct request_err *e)
{
	json_t *a = json_object_get(o, CM(KEYS)), *v;
	size_t i, k;

	if (request_domain(o, req, e) == -1)
		return -1;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return request_fail(e, CONTROL_EBADREQ, "missing %s (an array "
		    "of %s, %s, %s)", CM(KEYS), CM(MIN_KIB), CM(MAX_KIB),
		    CM(WEIGHT));
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);

		for (k = 0; s != NULL && k < sizeof(request_unset_keys) /
		    sizeof(request_unset_keys[0]); k++)
			if (strcmp(s, control_members[
			    request_unset_keys[k].member]) == 0)
				break;
		if (s == NULL || k == sizeof(request_unset_keys) /
		    sizeof(request_unset_keys[0]))
			return request_fail(e, CONTROL_EINVAL, "bad %s: '%.32s' "
			    "is not one of %s, %s, %s%s", CM(KEYS),
			    s != NULL ? s : "?", CM(MIN_KIB), CM(MAX_KIB),
			    CM(WEIGHT), s != NULL && strcmp(s,
			    CM(PINNED_KIB)) == 0 ? " (unpin clears a pin)" : "");
		req->unset |= request_unset_keys[k].bit;
	}
	req->fields |= REQUEST_F_KEYS;
	return 0;
}

/* "name:NAME" or "uuid:UUID", into its canonical form. */
static int
request_policy_key(const char *key, struct request_policy *rp,
    struct request_err *e)
{
	struct domref ref;
	uint8_t uuid[16];
	char u[37];

	if (strncmp(key, "name:", 5) == 0 &&
	    parse_domref(key + 5, &ref) == PARSE_OK &&
	    ref.kind == DOMREF_NAME) {
		snprintf(rp->key, sizeof(rp->key), "name:%s", ref.name);
		return 0;
	}
	if (strncmp(key, "uuid:", 5) == 0 &&
	    parse_uuid(key + 5, uuid) == PARSE_OK) {
		format_uuid(uuid, u);
		snprintf(rp->key, sizeof(rp->key), "uuid:%s", u);
		return 0;
	}
	return request_fail(e, CONTROL_EINVAL, "bad policy key '%.80s': "
	    "expected name:NAME or uuid:UUID", key);
}

static int
request_policy_one(const char *key, json_t *o, struct request_policy *rp,
    struct request_err *e)
{
	const char *m;
	json_t *v;
	uint64_t n;

	if (request_policy_key(key, rp, e) == -1)
		return -1;
	if (!json_is_object(o))
		return request_fail(e, CONTROL_EINVAL, "policy '%.80s': not an "
		    "object", key);
	json_object_foreach(o, m, v) {
		bool weight = strcmp(m, CM(WEIGHT)) == 0;
		uint64_t max = weight ? CONTROL_WEIGHT_MAX : DOM_KIB_MAX;

		if (!weight && strcmp(m, CM(MIN_KIB)) != 0 &&
		    strcmp(m, CM(MAX_KIB)) != 0 && strcmp(m, CM(PINNED_KIB)) != 0)
			return request_fail(e, CONTROL_EINVAL, "policy '%.80s': "
			    "unknown member '%.32s' (known: %s, %s, %s, %s)",
			    key, m, CM(MIN_KIB), CM(MAX_KIB), CM(WEIGHT),
			    CM(PINNED_KIB));
		if (!request_count(v, max, &n))
			return request_fail(e, CONTROL_EINVAL, "policy '%.80s': "
			    "bad %s: expected an integer from 1 to %llu%s", key,
			    m, (unsigned long long)max, weight ? "" : " (KiB)");
		if (weight)
			rp->weight = (uint32_t)n;
		else if (strcmp(m, CM(MIN_KIB)) == 0)
			rp->min_kib = n;
		else if (strcmp(m, CM(MAX_KIB)) == 0)
			rp->max_kib = n;
		else
			rp->pinned_kib = n;
	}
	if (rp->min_kib != 0 && rp->max_kib != 0 && rp->min_kib > rp->max_kib)
		return request_fail(e, CONTROL_EINVAL, "policy '%.80s': %s %llu "
		    "is above %s %llu", key, CM(MIN_KIB),
		    (unsigned long long)rp->min_kib, CM(MAX_KIB),
		    (unsigned long long)rp->max_kib);
	return 0;
}

/* import: every policy checked before any is taken. */
static int
request_policies(json_t *o, struct request *req, struct request_err *e)
{
	json_t *pols = json_object_get(o, CM(POLICIES)), *v;
	const char *key;

	if (!json_is_object(pols))
		return request_fail(e, CONTROL_EBADREQ, "missing %s (an object: "
		    "name:NAME or uuid:UUID -> policy)", CM(POLICIES));
	if (json_object_size(pols) > REQUEST_POLICIES_MAX)
		return request_fail(e, CONTROL_EINVAL, "%zu policies: at most "
		    "%d in one import", json_object_size(pols),
		    REQUEST_POLICIES_MAX);
	json_object_foreach(pols, key, v) {
		struct request_policy *rp = &req->pols[req->npols];

		if (request_policy_one(key, v, rp, e) == -1)
			return -1;
		for (size_t i = 0; i < req->npols; i++)
			if (strcmp(req->pols[i].key, rp->key) == 0)
				return request_fail(e, CONTROL_EINVAL, "policy "
				    "'%.80s' given twice", rp->key);
		req->npols++;
	}
	req->fields |= REQUEST_F_IMPORT;
	return 0;
}

static int
request_policy(json_t *o, struct request *req, struct request_err *e)
{
	const char *a = json_string_value(json_object_get(o, CM(ACTION)));

	if (a != NULL && strcmp(a, CONTROL_POLICY_EXPORT) == 0) {
		req->fields |= REQUEST_F_EXPORT;
		return 0;
	}
	if (a != NULL && strcmp(a, CONTROL_POLICY_IMPORT) == 0)
		return request_policies(o, req, e);
	return request_fail(e, CONTROL_EBADREQ, "missing or bad %s: %s or %s",
	    CM(ACTION), CONTROL_POLICY_EXPORT, CONTROL_POLICY_IMPORT);
}

/* The members each command takes; names and arity are in control.h. */
static int (*const request_cmds[REQUEST_NCMDS])(json_t *, struct request *,
    struct request_err *) = {
	[REQUEST_STATUS]	= request_bare,
	[REQUEST_SHOW]		= request_domain,
	[REQUEST_SET]		= request_set,
	[REQUEST_TARGET]	= request_target,
	[REQUEST_UNPIN]		= request_domain,
	[REQUEST_RESERVE]	= request_reserve,
	[REQUEST_RESERVATION]	= request_id,
	[REQUEST_RELEASE]	= request_id,
	[REQUEST_REBALANCE]	= request_bare,
	[REQUEST_LOG]		= request_classes,
	[REQUEST_RELOAD]	= request_bare,
	[REQUEST_HISTORY]	= request_history,
	[REQUEST_UNSET]		= request_unset,
	[REQUEST_POLICY]	= request_policy,
};

const char *
request_cmd_name(enum request_cmd cmd)
{
	return (unsigned int)cmd < REQUEST_NCMDS ? control_cmds[cmd].name :
	    "unknown";
}

static int
request_command(json_t *o, struct request *req, struct request_err *e)
{
	const char *cmd = json_string_value(json_object_get(o, CM(CMD)));
	int i;

	if (cmd == NULL)
		return request_fail(e, CONTROL_EBADREQ, "missing \"%s\"",
		    CM(CMD));
	if ((i = control_cmd_find(cmd)) == -1 || request_cmds[i] == NULL)
		return request_fail(e, CONTROL_EBADREQ, "unknown %s '%.32s'",
		    CM(CMD), cmd);
	req->cmd = (enum request_cmd)i;
	return request_cmds[i](o, req, e);
}

int
request_parse(const char *buf, size_t len, struct request *req,
    const char **code, char *err, size_t errlen)
{
	struct request_err e = { .text = err, .len = errlen };
	json_error_t jerr;
	json_t *o;
	int r;

	memset(req, 0, sizeof(*req));
	o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		r = request_fail(&e, CONTROL_EBADREQ, "malformed request: %s",
		    jerr.text);
	else if (!json_is_object(o))
		r = request_fail(&e, CONTROL_EBADREQ, "malformed request: %s",
		    "not an object");
	else
		r = request_command(o, req, &e);
	json_decref(o);
	if (r == 0)
		return 0;
	/* Half a request must not look like one. */
	memset(req, 0, sizeof(*req));
	*code = e.code;
	if (errlen > 0)
		parse_utf8_fix(err);
	return -1;
}
