/*
 * xskeys.c - the table of xenstore keys (see xskeys.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "xskeys.h"

#define MEM(k)		"memory/" k
#define DM(k)		XSK_MEMORY_DIR "/" k
#define BAL(k)		XSK_BALLOON_DIR "/" k
#define VIF(k)		XSK_VIF_ROOT "/<devid>/" k
#define THOST(k)	XSK_TOOL_ROOT "/host/" k
#define TDOM(k)		XSK_TOOL_ROOT "/domain/<domid>/" k
#define TRES(k)		XSK_TOOL_ROOT "/reservation/<id>/" k

/* A row, named after its id (for the tests' --path), then its fields. */
#define ROW(id, ...)	[XSK_##id] = { #id, __VA_ARGS__ }
#define KIB(p, w, f)	p, w, XSK_K_U64, "KiB", XSK_KIB_MAX, NULL, f
#define RATE(p, f)	p, XSK_W_AGENT, XSK_K_U64, "KiB/s", XSK_RATE_MAX, \
			    NULL, f
#define PCT(p, f)	p, XSK_W_AGENT, XSK_K_PERCENT, "percent", XSK_PSI_MAX, \
			    NULL, f
#define U64(p, w, u, n, f) p, w, XSK_K_U64, u, n, NULL, f
#define TOKEN(p, w, n, c, f) p, w, XSK_K_TOKEN, NULL, n, c, f
#define TEXT(p, w, n)	p, w, XSK_K_TEXT, NULL, n, NULL, 0
#define FLAG(p, w)	p, w, XSK_K_FLAG, NULL, 1, NULL, 0

const struct xskey xskeys[XSK__COUNT] = {
	ROW(MEM_TARGET, KIB(MEM("target"), XSK_W_DAEMON, XSK_F_READ)),
	ROW(MEM_STATIC_MAX, KIB(MEM("static-max"), XSK_W_TOOLSTACK,
	    XSK_F_READ)),
	ROW(MEM_VIDEORAM, KIB(MEM("videoram"), XSK_W_TOOLSTACK, XSK_F_READ)),
	ROW(MEM_DYNAMIC_MIN, KIB(MEM("dynamic-min"), XSK_W_DAEMON, 0)),
	ROW(MEM_DYNAMIC_MAX, KIB(MEM("dynamic-max"), XSK_W_DAEMON, 0)),
	ROW(MEM_UNCOOPERATIVE, FLAG(MEM("uncooperative"), XSK_W_DAEMON)),

	ROW(MEMINFO_TOTAL, KIB("data/meminfo_total", XSK_W_AGENT,
	    XSK_F_READ)),
	ROW(MEMINFO_FREE, KIB("data/meminfo_free", XSK_W_AGENT, XSK_F_READ)),
	ROW(UPDATED, FLAG("data/updated", XSK_W_AGENT)),
	ROW(PSI_SOME_AVG10, PCT(DM("pressure-some-avg10"), XSK_F_READ)),
	ROW(PSI_FULL_AVG10, PCT(DM("pressure-full-avg10"), XSK_F_READ)),
	ROW(PSI_SOME_AVG60, PCT(DM("pressure-some-avg60"), 0)),
	ROW(PSI_FULL_AVG60, PCT(DM("pressure-full-avg60"), 0)),
	ROW(PSI_SOME_TOTAL, U64(DM("pressure-some-total-us"), XSK_W_AGENT,
	    "microseconds", UINT64_MAX, 0)),
	ROW(PSI_FULL_TOTAL, U64(DM("pressure-full-total-us"), XSK_W_AGENT,
	    "microseconds", UINT64_MAX, 0)),
	ROW(SWAP_IN, RATE(DM("swap-in-kibps"), XSK_F_READ)),
	ROW(SWAP_OUT, RATE(DM("swap-out-kibps"), XSK_F_READ)),
	ROW(OOM_KILLS, U64(DM("oom-kills"), XSK_W_AGENT, "count", UINT32_MAX,
	    XSK_F_READ)),
	ROW(REFAULT, RATE(DM("refault-kibps"), XSK_F_READ)),
	ROW(SWAPPED, KIB(DM("swapped-kib"), XSK_W_AGENT, XSK_F_READ)),
	ROW(SWAP_TOTAL, KIB(DM("swap-total-kib"), XSK_W_AGENT, XSK_F_READ)),
	ROW(ACTIVE_FILE, KIB(DM("active-file-kib"), XSK_W_AGENT, XSK_F_READ)),
	ROW(HEARTBEAT, U64(DM("heartbeat"), XSK_W_AGENT, "seconds", UINT64_MAX,
	    0)),
	ROW(AGENT_VERSION, TEXT(DM("agent-version"), XSK_W_AGENT, 63)),

	ROW(BALLOON_TARGET, KIB(BAL("target-kb"), XSK_W_AGENT,
	    XSK_F_READ)),
	ROW(BALLOON_CURRENT, KIB(BAL("current-kb"), XSK_W_AGENT,
	    XSK_F_READ)),
	ROW(BALLOON_STATE, BAL("state"), XSK_W_AGENT, XSK_K_BSTATE, NULL,
	    XSK_BSTATE_MAX, NULL, XSK_F_READ),
	ROW(BALLOON_RETRIES, U64(BAL("retries"), XSK_W_AGENT, "count",
	    UINT32_MAX, XSK_F_READ)),
	ROW(BALLOON_LAST_ERROR, TOKEN(BAL("last-error"), XSK_W_AGENT,
	    XSK_ERRNAME_MAX, NULL, XSK_F_READ)),

	ROW(VIF_NAME, TOKEN(VIF("name"), XSK_W_AGENT, XSK_IFNAME_MAX, NULL,
	    XSK_F_READ)),
	ROW(VIF_MAC, TOKEN(VIF("mac/0"), XSK_W_AGENT, XSK_MAC_MAX, ":",
	    XSK_F_READ)),
	ROW(VIF_MTU, U64(VIF("mtu"), XSK_W_AGENT, "bytes", 65535,
	    XSK_F_READ)),
	ROW(VIF_OPERSTATE, TOKEN(VIF("operstate"), XSK_W_AGENT,
	    XSK_OPERSTATE_MAX, NULL, XSK_F_READ)),
	ROW(VIF_CARRIER, U64(VIF("carrier"), XSK_W_AGENT, NULL, 1,
	    XSK_F_READ)),
	ROW(VIF_IPV4, TOKEN(VIF("ipv4/<i>"), XSK_W_AGENT, XSK_IPV4_MAX,
	    NULL, XSK_F_READ)),
	ROW(VIF_IPV6, TOKEN(VIF("ipv6/<i>"), XSK_W_AGENT, XSK_IPV6_MAX,
	    ":", XSK_F_READ)),

	ROW(TOOL_HOST_TOTAL, KIB(THOST("total"), XSK_W_DAEMON, 0)),
	ROW(TOOL_HOST_FREE, KIB(THOST("free"), XSK_W_DAEMON, 0)),
	ROW(TOOL_HOST_BUDGET, KIB(THOST("budget"), XSK_W_DAEMON, 0)),
	ROW(TOOL_HOST_COMMITTED, KIB(THOST("committed"), XSK_W_DAEMON, 0)),
	ROW(TOOL_HOST_SLACK, KIB(THOST("slack"), XSK_W_DAEMON, 0)),
	ROW(TOOL_HOST_DEFICIT, KIB(THOST("deficit"), XSK_W_DAEMON, 0)),
	ROW(TOOL_HOST_PID, U64(THOST("pid"), XSK_W_DAEMON, "process ID",
	    INT32_MAX, 0)),
	ROW(TOOL_DOM_UUID, TEXT(TDOM("uuid"), XSK_W_DAEMON, 36)),
	ROW(TOOL_DOM_NAME, TEXT(TDOM("name"), XSK_W_DAEMON, DOMNAME_MAX)),
	ROW(TOOL_DOM_ACTUAL, KIB(TDOM("actual"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_TARGET, KIB(TDOM("target"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_MIN, KIB(TDOM("min"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_MAX, KIB(TDOM("max"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_GAP, KIB(TDOM("gap"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_MOVED, KIB(TDOM("moved"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_DEMAND, KIB(TDOM("demand"), XSK_W_DAEMON, 0)),
	ROW(TOOL_DOM_STATE, TOKEN(TDOM("state"), XSK_W_DAEMON, 15, NULL, 0)),
	ROW(TOOL_DOM_REASON, TEXT(TDOM("reason"), XSK_W_DAEMON, 127)),
	ROW(TOOL_RES_SIZE, KIB(TRES("size"), XSK_W_DAEMON, 0)),
	ROW(TOOL_RES_STATE, TOKEN(TRES("state"), XSK_W_DAEMON, 15, NULL, 0)),
	ROW(TOOL_RES_REASON, TEXT(TRES("reason"), XSK_W_DAEMON, 127)),
};

const struct xskey *
xskey_by_name(const char *name)
{
	for (int i = 0; i < XSK__COUNT; i++)
		if (strcmp(xskeys[i].name, name) == 0)
			return &xskeys[i];
	return NULL;
}

unsigned int
xskey_nidx(const struct xskey *k)
{
	unsigned int n = 0;

	for (const char *p = k->path; (p = strchr(p, '<')) != NULL; p++)
		n++;
	return n;
}

int
xskey_expand(char *buf, size_t len, const struct xskey *k,
    const char *const *idx, size_t nidx)
{
	const char *p = k->path;
	size_t o = 0, i = 0;

	while (*p != '\0') {
		const char *s = p, *e;
		size_t n;

		if (*p == '<') {
			if (i == nidx || (e = strchr(p, '>')) == NULL)
				return -1;
			s = idx[i++];
			n = strlen(s);
			p = e + 1;
		} else {
			e = strchr(p, '<');
			n = e ? (size_t)(e - p) : strlen(p);
			p += n;
		}
		if (o + n >= len)
			return -1;
		memcpy(buf + o, s, n);
		o += n;
	}
	buf[o] = '\0';
	return (int)o;
}

int
xskey_path(char *buf, size_t len, enum xsk_id id, unsigned int a,
    unsigned int b)
{
	char na[12], nb[12];
	const char *idx[2] = { na, nb };

	snprintf(na, sizeof(na), "%u", a);
	snprintf(nb, sizeof(nb), "%u", b);
	return xskey_expand(buf, len, xskey(id), idx, 2);
}

const char *
xskey_writer_name(enum xsk_writer w)
{
	switch (w) {
	case XSK_W_TOOLSTACK:
		return "the toolstack";
	case XSK_W_DAEMON:
		return "xenballoond";
	case XSK_W_AGENT:
		return "xenballoon-agent";
	}
	return "?";
}

bool
xskey_guest(const struct xskey *k)
{
	return k->writer == XSK_W_AGENT;
}

int
xskey_doc(const struct xskey *k, char *buf, size_t len)
{
	const char *w = xskey_writer_name(k->writer);
	unsigned long long max = (unsigned long long)k->max;

	switch (k->kind) {
	case XSK_K_U64:
		return snprintf(buf, len, "Writer: %s; decimal%s%s, 0 to %llu.",
		    w, k->unit ? " " : "", k->unit ? k->unit : "", max);
	case XSK_K_PERCENT:
		return snprintf(buf, len, "Writer: %s; percent with at most "
		    "two decimals, 0.00 to %llu.%02llu.", w, max / 100,
		    max % 100);
	case XSK_K_TOKEN:
		return snprintf(buf, len, "Writer: %s; a word of at most %llu "
		    "bytes.", w, max);
	case XSK_K_TEXT:
		return snprintf(buf, len, "Writer: %s; text of at most %llu "
		    "bytes.", w, max);
	case XSK_K_FLAG:
		return snprintf(buf, len, "Writer: %s; the value 1, or "
		    "absent.", w);
	case XSK_K_BSTATE: {
		int o = snprintf(buf, len, "Writer: %s; one of", w);

		for (int s = 0; s < XSK_BSTATE__COUNT && o >= 0 &&
		    (size_t)o < len; s++)
			o += snprintf(buf + o, len - (size_t)o, "%s %s",
			    s == 0 ? "" : s + 1 == XSK_BSTATE__COUNT ? " or" :
			    ",", xsk_bstate_name((enum xsk_bstate)s));
		if (o >= 0 && (size_t)o < len)
			o += snprintf(buf + o, len - (size_t)o, ".");
		return o;
	}
	}
	return -1;
}

int
xskey_parse_percent(const struct xskey *k, const char *s, uint32_t *out)
{
	if (k->max > UINT32_MAX)
		return -1;
	return parse_percent(s, (uint32_t)k->max, out) == PARSE_OK ? 0 : -1;
}

static const char *const xsk_bstate_names[XSK_BSTATE__COUNT] = {
	[XSK_BSTATE_IDLE] = "idle",
	[XSK_BSTATE_INCREASING] = "increasing",
	[XSK_BSTATE_DECREASING] = "decreasing",
	[XSK_BSTATE_WAITING] = "waiting",
};

const char *
xsk_bstate_name(enum xsk_bstate s)
{
	return (unsigned int)s < XSK_BSTATE__COUNT ? xsk_bstate_names[s] : "?";
}

int
xsk_bstate_parse(const char *s, size_t len, enum xsk_bstate *out)
{
	for (int i = 0; i < XSK_BSTATE__COUNT; i++)
		if (strlen(xsk_bstate_names[i]) == len &&
		    memcmp(xsk_bstate_names[i], s, len) == 0) {
			*out = (enum xsk_bstate)i;
			return 0;
		}
	return -1;
}
