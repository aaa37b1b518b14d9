/*
 * request.h - a control-socket request decoded and checked, before the
 * daemon's state is consulted (control.h has the protocol).
 *
 * request_parse() is the one parser of the socket's JSON: it knows the
 * commands, their members and each member's range, and nothing about
 * domains or reservations that exist.  Keeping it apart from control.c
 * is what lets tests/fuzz/fuzz-request.c and tests/unit/test-request.c
 * drive it without a running daemon.
 */
#ifndef XB_REQUEST_H
#define XB_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "control.h"
#include "parse.h"
#include "resv.h"

/* Ranges besides DOM_KIB_MAX (sizes) and CONTROL_WEIGHT_MAX (weights). */
#define REQUEST_TIMEOUT_MAX_MS	(24ull * 3600 * 1000)
#define REQUEST_ID_MAX		INT64_MAX	/* what JSON integers carry */
/* A valid domain reference is never longer (parse_domref). */
#define REQUEST_DOMAIN_MAX	DOMNAME_MAX
/* As long as xenballoonctl log sends. */
#define REQUEST_CLASSES_MAX	255
/* Room for any error text request_parse() writes. */
#define REQUEST_ERR_MAX		256

/* Which members a request carried (each one checked). */
#define REQUEST_F_DOMAIN	(1u << 0)
#define REQUEST_F_MIN		(1u << 1)
#define REQUEST_F_MAX		(1u << 2)
#define REQUEST_F_WEIGHT	(1u << 3)
#define REQUEST_F_TARGET	(1u << 4)
#define REQUEST_F_SIZE		(1u << 5)
#define REQUEST_F_TIMEOUT	(1u << 6)
#define REQUEST_F_ID		(1u << 7)
#define REQUEST_F_CLASSES	(1u << 8)
#define REQUEST_F_FOR		(1u << 9)
#define REQUEST_F_KEYS		(1u << 10)	/* unset's */
#define REQUEST_F_EXPORT	(1u << 11)	/* policy's actions */
#define REQUEST_F_IMPORT	(1u << 12)

/* unset's keys, as bits of req->unset. */
#define REQUEST_U_MIN		(1u << 0)
#define REQUEST_U_MAX		(1u << 1)
#define REQUEST_U_WEIGHT	(1u << 2)

/* A policy key, "name:NAME" or "uuid:UUID" (as the store keys them). */
#define REQUEST_KEY_MAX		(5 + DOMNAME_MAX)
/* As many as a request can carry: "name:a":{} and a comma are 12 bytes. */
#define REQUEST_POLICIES_MAX	(CONTROL_REQUEST_MAX / 12)

/* One policy of an import; 0: not set.  The key is canonical (a UUID
 * in lower case, as format_uuid() writes it). */
struct request_policy {
	char		key[REQUEST_KEY_MAX + 1];
	uint64_t	min_kib;	/* 1..DOM_KIB_MAX */
	uint64_t	max_kib;
	uint64_t	pinned_kib;
	uint32_t	weight;		/* 1..CONTROL_WEIGHT_MAX */
};

struct request {
	enum request_cmd	cmd;
	unsigned int		fields;		/* REQUEST_F_* */
	/* The reference as sent, for replies ("no domain 'x'"). */
	char			domain[REQUEST_DOMAIN_MAX + 1];
	struct domref		ref;
	uint64_t		min_kib;	/* 1..DOM_KIB_MAX */
	uint64_t		max_kib;	/* 1..DOM_KIB_MAX */
	uint32_t		weight;		/* 1..CONTROL_WEIGHT_MAX */
	uint64_t		target_kib;	/* 1..DOM_KIB_MAX */
	uint64_t		size_kib;	/* 1..DOM_KIB_MAX */
	uint64_t		timeout_ms;	/* 1..REQUEST_TIMEOUT_MAX_MS */
	uint64_t		id;		/* 1..REQUEST_ID_MAX */
	/* Checked against no classes: the daemon applies it to its own. */
	char			classes[REQUEST_CLASSES_MAX + 1];
	/* reserve: the domain it is for, as sent and parsed. */
	char			for_text[REQUEST_DOMAIN_MAX + 1];
	struct resv_for		for_;
	unsigned int		unset;		/* REQUEST_U_*, one at least */
	/* policy import: checked whole, min_kib <= max_kib in each. */
	struct request_policy	pols[REQUEST_POLICIES_MAX];
	size_t			npols;
};

/*
 * Decode one request line (len bytes, no newline).  Returns 0 with *req
 * filled, or -1 with *code set to CONTROL_EBADREQ or CONTROL_EINVAL and
 * a sentence in err, valid UTF-8 so that it can go back in a JSON reply.
 * Members a command does not take are ignored, as before.
 */
int		 request_parse(const char *buf, size_t len, struct request *req,
		    const char **code, char *err, size_t errlen);
const char	*request_cmd_name(enum request_cmd cmd);

#endif
