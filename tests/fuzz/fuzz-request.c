/*
 * fuzz-request.c - daemon/request.c: a control-socket line as
 * request_parse() decodes it (any client in the control group may send
 * one, up to 4096 bytes).  Checked, besides "no crash, no leak":
 * - a refusal has one of the codes request.h names and a non-empty,
 *   terminated sentence that a JSON reply can carry (jansson takes it),
 *   and leaves no half-filled request behind;
 * - an acceptance leaves code and text alone, names a known command,
 *   carries the members that command needs and no others, each inside
 *   its range, and bounded strings that parse again to the same thing.
 */
#include "config.h"

#include <jansson.h>

#include "control.h"
#include "fuzz.h"
#include "log.h"
#include "parse.h"
#include "request.h"
#include "xbd.h"

/* What each command needs and what it may carry (xenballoonctl(8)). */
static const struct {
	unsigned int	need, may;
} fuzz_request_fields[REQUEST_NCMDS] = {
	[REQUEST_STATUS]	= { 0, 0 },
	[REQUEST_SHOW]		= { REQUEST_F_DOMAIN, REQUEST_F_DOMAIN },
	[REQUEST_SET]		= { REQUEST_F_DOMAIN, REQUEST_F_DOMAIN |
	    REQUEST_F_MIN | REQUEST_F_MAX | REQUEST_F_WEIGHT },
	[REQUEST_TARGET]	= { REQUEST_F_DOMAIN | REQUEST_F_TARGET,
	    REQUEST_F_DOMAIN | REQUEST_F_TARGET },
	[REQUEST_UNPIN]		= { REQUEST_F_DOMAIN, REQUEST_F_DOMAIN },
	[REQUEST_RESERVE]	= { REQUEST_F_SIZE | REQUEST_F_TIMEOUT,
	    REQUEST_F_SIZE | REQUEST_F_TIMEOUT | REQUEST_F_FOR },
	[REQUEST_RESERVATION]	= { REQUEST_F_ID, REQUEST_F_ID },
	[REQUEST_RELEASE]	= { REQUEST_F_ID, REQUEST_F_ID },
	[REQUEST_REBALANCE]	= { 0, 0 },
	[REQUEST_LOG]		= { 0, REQUEST_F_CLASSES },
	[REQUEST_RELOAD]	= { 0, 0 },
	[REQUEST_HISTORY]	= { 0, REQUEST_F_DOMAIN },
	[REQUEST_UNSET]		= { REQUEST_F_DOMAIN | REQUEST_F_KEYS,
	    REQUEST_F_DOMAIN | REQUEST_F_KEYS },
	[REQUEST_POLICY]	= { 0, REQUEST_F_EXPORT | REQUEST_F_IMPORT },
};

static bool
fuzz_request_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* A size member: in 1..DOM_KIB_MAX when present, untouched otherwise. */
static void
fuzz_request_kib(const struct request *req, unsigned int flag, uint64_t v)
{
	if (req->fields & flag)
		FUZZ_CHECK(v >= 1 && v <= DOM_KIB_MAX);
	else
		FUZZ_CHECK(v == 0);
}

static void
fuzz_request_domain(const struct request *req)
{
	struct domref again;

	if ((req->fields & REQUEST_F_DOMAIN) == 0) {
		FUZZ_CHECK(req->domain[0] == '\0');
		return;
	}
	FUZZ_CHECK(fuzz_request_terminated(req->domain, sizeof(req->domain)));
	FUZZ_CHECK(req->domain[0] != '\0');
	memset(&again, 0, sizeof(again));
	FUZZ_CHECK(parse_domref(req->domain, &again) == PARSE_OK);
	FUZZ_CHECK(again.kind == req->ref.kind);
	if (again.kind == DOMREF_ID)
		FUZZ_CHECK(again.domid == req->ref.domid &&
		    again.domid <= DOMID_MAX_VALID);
	else if (again.kind == DOMREF_UUID)
		FUZZ_CHECK(memcmp(again.uuid, req->ref.uuid, 16) == 0);
	else
		FUZZ_CHECK(strcmp(again.name, req->ref.name) == 0);
}

/* The domain a reservation is for: a name or UUID, never a domid. */
static void
fuzz_request_for(const struct request *req)
{
	struct resv_for again;
	char err[REQUEST_ERR_MAX];

	if ((req->fields & REQUEST_F_FOR) == 0) {
		FUZZ_CHECK(req->for_text[0] == '\0' && !req->for_.set);
		return;
	}
	FUZZ_CHECK(fuzz_request_terminated(req->for_text,
	    sizeof(req->for_text)));
	FUZZ_CHECK(req->for_.set && !req->for_.bound);
	FUZZ_CHECK(req->for_.ref.kind == DOMREF_NAME ||
	    req->for_.ref.kind == DOMREF_UUID);
	FUZZ_CHECK(resv_for_parse(req->for_text, &again, err,
	    sizeof(err)) == 0);
	FUZZ_CHECK(memcmp(&again, &req->for_, sizeof(again)) == 0);
}

static void
fuzz_request_classes(const struct request *req)
{
	unsigned int mask;
	char err[REQUEST_ERR_MAX];

	if ((req->fields & REQUEST_F_CLASSES) == 0) {
		FUZZ_CHECK(req->classes[0] == '\0');
		return;
	}
	FUZZ_CHECK(fuzz_request_terminated(req->classes,
	    sizeof(req->classes)));
	FUZZ_CHECK(log_parse_classes(req->classes, LOGC_DEFAULT, &mask, err,
	    sizeof(err)) == 0);
	FUZZ_CHECK((mask & ~LOGC_ALL) == 0);
}

/* An import's policies: canonical keys, each once, values in range. */
static void
fuzz_request_policies(const struct request *req)
{
	struct domref ref;
	uint8_t uuid[16];
	char u[37];

	if ((req->fields & REQUEST_F_IMPORT) == 0) {
		FUZZ_CHECK(req->npols == 0);
		return;
	}
	FUZZ_CHECK(req->npols <= REQUEST_POLICIES_MAX);
	for (size_t i = 0; i < req->npols; i++) {
		const struct request_policy *p = &req->pols[i];

		FUZZ_CHECK(fuzz_request_terminated(p->key, sizeof(p->key)));
		if (strncmp(p->key, "uuid:", 5) == 0) {
			FUZZ_CHECK(parse_uuid(p->key + 5, uuid) == PARSE_OK);
			format_uuid(uuid, u);
			FUZZ_CHECK(strcmp(p->key + 5, u) == 0);
		} else {
			FUZZ_CHECK(strncmp(p->key, "name:", 5) == 0);
			FUZZ_CHECK(parse_domref(p->key + 5, &ref) == PARSE_OK &&
			    ref.kind == DOMREF_NAME);
		}
		FUZZ_CHECK(p->min_kib <= DOM_KIB_MAX &&
		    p->max_kib <= DOM_KIB_MAX && p->pinned_kib <= DOM_KIB_MAX);
		FUZZ_CHECK(p->weight <= PLAN_WEIGHT_MAX);
		FUZZ_CHECK(p->min_kib == 0 || p->max_kib == 0 ||
		    p->min_kib <= p->max_kib);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(req->pols[j].key, p->key) != 0);
	}
}

static void
fuzz_request_accepted(const struct request *req)
{
	unsigned int need, may;

	FUZZ_CHECK((unsigned int)req->cmd < REQUEST_NCMDS);
	FUZZ_CHECK(strcmp(request_cmd_name(req->cmd), "unknown") != 0);
	need = fuzz_request_fields[req->cmd].need;
	may = fuzz_request_fields[req->cmd].may;
	FUZZ_CHECK((req->fields & need) == need);
	FUZZ_CHECK((req->fields & ~may) == 0);
	if (req->cmd == REQUEST_SET)
		FUZZ_CHECK(req->fields & (REQUEST_F_MIN | REQUEST_F_MAX |
		    REQUEST_F_WEIGHT));
	fuzz_request_kib(req, REQUEST_F_MIN, req->min_kib);
	fuzz_request_kib(req, REQUEST_F_MAX, req->max_kib);
	fuzz_request_kib(req, REQUEST_F_TARGET, req->target_kib);
	fuzz_request_kib(req, REQUEST_F_SIZE, req->size_kib);
	if (req->fields & REQUEST_F_WEIGHT)
		FUZZ_CHECK(req->weight >= 1 && req->weight <= PLAN_WEIGHT_MAX);
	else
		FUZZ_CHECK(req->weight == 0);
	if (req->fields & REQUEST_F_TIMEOUT)
		FUZZ_CHECK(req->timeout_ms >= 1 &&
		    req->timeout_ms <= REQUEST_TIMEOUT_MAX_MS);
	else
		FUZZ_CHECK(req->timeout_ms == 0);
	if (req->fields & REQUEST_F_ID)
		FUZZ_CHECK(req->id >= 1 && req->id <= REQUEST_ID_MAX);
	else
		FUZZ_CHECK(req->id == 0);
	fuzz_request_domain(req);
	fuzz_request_for(req);
	fuzz_request_classes(req);
	fuzz_request_policies(req);
	FUZZ_CHECK((req->unset != 0) == ((req->fields & REQUEST_F_KEYS) != 0));
	FUZZ_CHECK((req->unset & ~(REQUEST_U_MIN | REQUEST_U_MAX |
	    REQUEST_U_WEIGHT)) == 0);
}

static void
fuzz_request_refused(const struct request *req, const char *code,
    const char *err, size_t errlen)
{
	static const struct request zero;
	json_t *reply;

	FUZZ_CHECK(code != NULL);
	FUZZ_CHECK(strcmp(code, CONTROL_EBADREQ) == 0 ||
	    strcmp(code, CONTROL_EINVAL) == 0);
	FUZZ_CHECK(fuzz_request_terminated(err, errlen));
	FUZZ_CHECK(err[0] != '\0');
	FUZZ_CHECK(memcmp(req, &zero, sizeof(zero)) == 0);
	/* What control.c does with it: an unencodable text was sent as
	 * "busy: out of memory" instead. */
	reply = json_pack("{s:b,s:i,s:s,s:s}", CM(OK), 0, CM(VERSION),
	    CONTROL_VERSION, CM(CODE), code, CM(ERROR), err);
	FUZZ_CHECK(reply != NULL);
	json_decref(reply);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char untouched[] = "untouched";
	struct request req;
	const char *code = untouched;
	char err[REQUEST_ERR_MAX];

	memset(err, 'x', sizeof(err));
	err[0] = '\0';
	if (request_parse((const char *)data, size, &req, &code, err,
	    sizeof(err)) == 0) {
		FUZZ_CHECK(code == untouched);
		FUZZ_CHECK(err[0] == '\0');
		fuzz_request_accepted(&req);
	} else
		fuzz_request_refused(&req, code, err, sizeof(err));
	return 0;
}
