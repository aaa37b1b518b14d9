/*
 * xskeys.h - every xenstore key xenballoon reads or writes, named once.
 *
 * The keys are the interface between xenballoond, xenballoon-agent, the
 * patched balloon driver (kernel-patch/) and the toolstack, as squeezed's
 * squeeze_xen.ml names each of its keys once with its writer.  A row holds
 * the path (relative to the domain's home, or absolute under /tool), who
 * writes it, the form of its value, its unit and its bound.  The daemon
 * reads with the row's bound, the agent writes within it, and the fuzzer,
 * the hostile tests and the manual page check (man/check-xskeys.sh)
 * iterate the table, so a key cannot be typed two ways.
 *
 * An indexed key's path holds placeholders in angle brackets
 * ("attr/vif/<devid>/ipv4/<i>"); xskey_path() fills them in.
 */
#ifndef XB_XSKEYS_H
#define XB_XSKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds both sides of a key honour. */
#define XSK_KIB_MAX		(UINT64_C(1) << 40)	/* 1 PiB, any size */
#define XSK_RATE_MAX		(UINT64_C(1) << 40)	/* KiB/s */
#define XSK_PSI_MAX		10000u		/* 100.00 %, in hundredths */
#define XSK_VIFS_MAX		64	/* interfaces the agent may publish */
#define XSK_ADDRS_MAX		32	/* addresses per family and interface */
#define XSK_DEVID_MAX		0xffffu
/* Bytes of the words (XSK_K_TOKEN), without a terminator. */
#define XSK_IFNAME_MAX		15	/* IFNAMSIZ - 1 */
#define XSK_MAC_MAX		17
#define XSK_OPERSTATE_MAX	15	/* "lowerlayerdown" */
#define XSK_IPV4_MAX		15
#define XSK_IPV6_MAX		39
#define XSK_ERRNAME_MAX		15	/* data/balloon/last-error */
#define XSK_BSTATE_MAX		15

/* Subtrees with one writer each: the agent's (publish.c collapses
 * removals up to them) and the daemon's /tool tree. */
#define XSK_MEMORY_DIR		"data/memory"
#define XSK_BALLOON_DIR		"data/balloon"
#define XSK_VIF_ROOT		"attr/vif"
#define XSK_TOOL_ROOT		"/tool/xenballoon"

enum xsk_writer {
	XSK_W_TOOLSTACK,	/* libxl, when the domain is built */
	XSK_W_DAEMON,		/* xenballoond (memory/target: toolstack too) */
	XSK_W_AGENT,		/* xenballoon-agent in the guest */
};

enum xsk_kind {
	XSK_K_U64,		/* decimal, 0 to max */
	XSK_K_PERCENT,		/* "12.34": hundredths, 0 to max */
	XSK_K_TOKEN,		/* [0-9A-Za-z._-] and chars, max bytes */
	XSK_K_TEXT,		/* free text, max bytes */
	XSK_K_FLAG,		/* "1", or absent */
	XSK_K_BSTATE,		/* enum xsk_bstate's names */
};

enum xsk_id {
	/* dom0-written, read-only to the guest */
	XSK_MEM_TARGET,
	XSK_MEM_STATIC_MAX,
	XSK_MEM_VIDEORAM,
	XSK_MEM_DYNAMIC_MIN,
	XSK_MEM_DYNAMIC_MAX,
	XSK_MEM_UNCOOPERATIVE,
	/* the guest's memory figures */
	XSK_MEMINFO_TOTAL,
	XSK_MEMINFO_FREE,
	XSK_UPDATED,
	XSK_PSI_SOME_AVG10,
	XSK_PSI_FULL_AVG10,
	XSK_PSI_SOME_AVG60,
	XSK_PSI_FULL_AVG60,
	XSK_PSI_SOME_TOTAL,
	XSK_PSI_FULL_TOTAL,
	XSK_SWAP_IN,
	XSK_SWAP_OUT,
	XSK_OOM_KILLS,
	XSK_REFAULT,
	XSK_SWAPPED,
	XSK_SWAP_TOTAL,
	XSK_ACTIVE_FILE,
	XSK_HEARTBEAT,
	XSK_AGENT_VERSION,
	/* the balloon driver's progress */
	XSK_BALLOON_TARGET,
	XSK_BALLOON_CURRENT,
	XSK_BALLOON_STATE,
	XSK_BALLOON_RETRIES,
	XSK_BALLOON_LAST_ERROR,
	/* the guest's network interfaces: <devid>, then <i> */
	XSK_VIF_NAME,
	XSK_VIF_MAC,
	XSK_VIF_MTU,
	XSK_VIF_OPERSTATE,
	XSK_VIF_CARRIER,
	XSK_VIF_IPV4,
	XSK_VIF_IPV6,
	/* the daemon's picture for administrators */
	XSK_TOOL_HOST_TOTAL,
	XSK_TOOL_HOST_FREE,
	XSK_TOOL_HOST_BUDGET,
	XSK_TOOL_HOST_COMMITTED,
	XSK_TOOL_HOST_SLACK,
	XSK_TOOL_HOST_DEFICIT,
	XSK_TOOL_HOST_PID,
	XSK_TOOL_DOM_UUID,
	XSK_TOOL_DOM_NAME,
	XSK_TOOL_DOM_ACTUAL,
	XSK_TOOL_DOM_TARGET,
	XSK_TOOL_DOM_MIN,
	XSK_TOOL_DOM_MAX,
	XSK_TOOL_DOM_GAP,
	XSK_TOOL_DOM_MOVED,
	XSK_TOOL_DOM_DEMAND,
	XSK_TOOL_DOM_STATE,
	XSK_TOOL_DOM_REASON,
	XSK_TOOL_RES_SIZE,
	XSK_TOOL_RES_STATE,
	XSK_TOOL_RES_REASON,
	XSK__COUNT
};

#define XSK_F_READ	0x1u	/* read by xenballoond */

struct xskey {
	const char		*name;	/* the id without XSK_: "MEM_TARGET" */
	const char		*path;
	enum xsk_writer		 writer;
	enum xsk_kind		 kind;
	const char		*unit;	/* XSK_K_U64 and _PERCENT: "KiB", ... */
	uint64_t		 max;	/* value, or bytes for a token/text */
	const char		*chars;	/* a token's extra characters */
	unsigned int		 flags;
};

extern const struct xskey xskeys[XSK__COUNT];

static inline const struct xskey *
xskey(enum xsk_id id)
{
	return &xskeys[id];
}

/* The row named name ("MEM_TARGET"), or NULL. */
const struct xskey *xskey_by_name(const char *name);

/* The number of placeholders in k's path (0, 1 or 2). */
unsigned int	xskey_nidx(const struct xskey *k);

/*
 * k's path with its placeholders replaced by idx[0], idx[1] in turn;
 * returns the length, or -1 when it does not fit len or idx is short.
 */
int		xskey_expand(char *buf, size_t len, const struct xskey *k,
		    const char *const *idx, size_t nidx);
/* The same with numbers; unused ones are ignored. */
int		xskey_path(char *buf, size_t len, enum xsk_id id,
		    unsigned int a, unsigned int b);

const char	*xskey_writer_name(enum xsk_writer w);
/* Written from inside the guest: hostile input to dom0. */
bool		xskey_guest(const struct xskey *k);

/*
 * The sentence the manual page carries for k (man/check-xskeys.sh holds
 * xenballoon-xenstore(7) to it): writer, form, unit and bound.
 */
int		xskey_doc(const struct xskey *k, char *buf, size_t len);

/*
 * The value of a percent key, "12.34" (at most two decimals), in
 * hundredths; 0 or -1 when malformed or above k's bound.
 */
int		xskey_parse_percent(const struct xskey *k, const char *s,
		    uint32_t *out);

/* data/balloon/state: the balloon driver's states. */
enum xsk_bstate {
	XSK_BSTATE_IDLE,	/* at target, or given up */
	XSK_BSTATE_INCREASING,
	XSK_BSTATE_DECREASING,
	XSK_BSTATE_WAITING,	/* an increase failed; it will retry */
	XSK_BSTATE__COUNT
};

const char	*xsk_bstate_name(enum xsk_bstate s);
/* Exactly one of the names (len bytes, no terminator needed): 0, or -1. */
int		 xsk_bstate_parse(const char *s, size_t len,
		    enum xsk_bstate *out);

#endif
