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
#include "xenballoond.h"

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
	const char *s = json_string_value(json_object_get(o, "domain"));
	enum parse_err pe;

	if (s == NULL)
		return request_fail(e, CONTROL_EBADREQ, "missing \"domain\" "
		    "(a domid, UUID or name)");
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
	json_t *v = json_object_get(o, "weight");
	uint64_t w;

	if (v == NULL)
		return 0;
	if (!request_count(v, PLAN_WEIGHT_MAX, &w))
		return request_fail(e, CONTROL_EINVAL, "bad weight: expected "
		    "an integer from 1 to %u", PLAN_WEIGHT_MAX);
	req->weight = (uint32_t)w;
	req->fields |= REQUEST_F_WEIGHT;
	return 0;
}

static int
request_timeout(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, "timeout_ms");

	if (!request_count(v, REQUEST_TIMEOUT_MAX_MS, &req->timeout_ms))
		return request_fail(e, CONTROL_EINVAL, "bad timeout_ms: "
		    "expected an integer from 1 to %llu",
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
	json_t *v = json_object_get(o, "classes");
	unsigned int mask;

	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return request_fail(e, CONTROL_EBADREQ, "classes must be a "
		    "string");
	if (log_parse_classes(json_string_value(v), 0, &mask, e->text,
	    e->len) == -1) {
		e->code = CONTROL_EINVAL;
		return -1;
	}
	if (request_copy(req->classes, sizeof(req->classes),
	    json_string_value(v)) == -1)
		return request_fail(e, CONTROL_EINVAL, "bad classes: longer "
		    "than %d bytes", REQUEST_CLASSES_MAX);
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
	    request_kib(o, "min_kib", REQUEST_F_MIN, &req->min_kib, req,
	    e) == -1 ||
	    request_kib(o, "max_kib", REQUEST_F_MAX, &req->max_kib, req,
	    e) == -1 ||
	    request_weight(o, req, e) == -1)
		return -1;
	if ((req->fields & (REQUEST_F_MIN | REQUEST_F_MAX |
	    REQUEST_F_WEIGHT)) == 0)
		return request_fail(e, CONTROL_EBADREQ, "nothing to set (keys: "
		    "min_kib, max_kib, weight)");
	return 0;
}

static int
request_target(json_t *o, struct request *req, struct request_err *e)
{
	if (request_domain(o, req, e) == -1 ||
	    request_kib(o, "target_kib", REQUEST_F_TARGET, &req->target_kib,
	    req, e) == -1)
		return -1;
	if ((req->fields & REQUEST_F_TARGET) == 0)
		return request_fail(e, CONTROL_EBADREQ, "missing target_kib");
	return 0;
}

/* The domain a reservation is for: a name or UUID, optional. */
static int
request_for(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, "for");

	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return request_fail(e, CONTROL_EBADREQ, "for must be a string "
		    "(a domain's name or UUID)");
	if (resv_for_parse(json_string_value(v), &req->for_, e->text,
	    e->len) == -1) {
		e->code = CONTROL_EINVAL;
		return -1;
	}
	if (request_copy(req->for_text, sizeof(req->for_text),
	    json_string_value(v)) == -1)
		return request_fail(e, CONTROL_EINVAL, "bad for: longer "
		    "than %d bytes", REQUEST_DOMAIN_MAX);
	req->fields |= REQUEST_F_FOR;
	return 0;
}

static int
request_reserve(json_t *o, struct request *req, struct request_err *e)
{
	if (request_kib(o, "size_kib", REQUEST_F_SIZE, &req->size_kib, req,
	    e) == -1 || request_for(o, req, e) == -1)
		return -1;
	if ((req->fields & REQUEST_F_SIZE) == 0)
		return request_fail(e, CONTROL_EBADREQ, "missing size_kib");
	return request_timeout(o, req, e);
}

static int
request_id(json_t *o, struct request *req, struct request_err *e)
{
	json_t *v = json_object_get(o, "id");

	if (!request_count(v, REQUEST_ID_MAX, &req->id))
		return request_fail(e, CONTROL_EBADREQ, "missing or bad id: "
		    "expected a positive integer");
	req->fields |= REQUEST_F_ID;
	return 0;
}

static const struct {
	const char	*name;
	int		(*fn)(json_t *, struct request *, struct request_err *);
} request_cmds[REQUEST_NCMDS] = {
	[REQUEST_STATUS]	= { "status",		request_bare },
	[REQUEST_SHOW]		= { "show",		request_domain },
	[REQUEST_SET]		= { "set",		request_set },
	[REQUEST_TARGET]	= { "target",		request_target },
	[REQUEST_UNPIN]		= { "unpin",		request_domain },
	[REQUEST_RESERVE]	= { "reserve",		request_reserve },
	[REQUEST_RESERVATION]	= { "reservation",	request_id },
	[REQUEST_RELEASE]	= { "release",		request_id },
	[REQUEST_REBALANCE]	= { "rebalance",	request_bare },
	[REQUEST_LOG]		= { "log",		request_classes },
	[REQUEST_RELOAD]	= { "reload",		request_bare },
};

const char *
request_cmd_name(enum request_cmd cmd)
{
	return (unsigned int)cmd < REQUEST_NCMDS ? request_cmds[cmd].name :
	    "unknown";
}

static int
request_command(json_t *o, struct request *req, struct request_err *e)
{
	const char *cmd = json_string_value(json_object_get(o, "cmd"));

	if (cmd == NULL)
		return request_fail(e, CONTROL_EBADREQ, "missing \"cmd\"");
	for (size_t i = 0; i < REQUEST_NCMDS; i++) {
		if (strcmp(cmd, request_cmds[i].name) == 0) {
			req->cmd = (enum request_cmd)i;
			return request_cmds[i].fn(o, req, e);
		}
	}
	return request_fail(e, CONTROL_EBADREQ, "unknown cmd '%.32s'", cmd);
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
