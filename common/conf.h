/*
 * conf.h - one table-driven parser for the daemon's and the agent's
 * configuration files (and the agent's --key value command line).
 *
 * A program describes its settings once, as a table of conf_key rows
 * (name, type, where the value goes, bounds); conf_parse() reads
 * "key = value" lines into a struct through it.  Format: '#' starts a
 * comment, white space around key and value is ignored, blank lines
 * are skipped, a line holds at most CONF_LINE_MAX bytes, a file at most
 * CONF_FILE_MAX, and a NUL byte is refused.  Every error names the file
 * and line ("FILE:LINE: ..."); an unknown key lists the valid ones.
 */
#ifndef XB_CONF_H
#define XB_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

#define CONF_LINE_MAX	512
#define CONF_FILE_MAX	65536

enum conf_type {
	CONF_BOOL,	/* bool: yes/no, true/false, on/off, 1/0 */
	CONF_UINT,	/* unsigned int, int or uint64_t in [min, max] */
	CONF_SIZE,	/* uint64_t KiB in [min, max]: 512M, 2G, 4096 */
	CONF_MS,	/* uint64_t ms in [min, max] ms: 500ms, 30s, 5m */
	CONF_US,	/* the same stored in us; bounds still in ms */
	CONF_PERCENT,	/* uint32_t hundredths, at most 100 %: 1.5 -> 150 */
	CONF_PATH,	/* char[size], absolute */
	CONF_LEVEL,	/* int: a log level name */
	CONF_CLASSES,	/* unsigned int log classes; +x/-x edit the value */
	CONF_CUSTOM,	/* set() does it */
};

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 off;		/* of the field */
	size_t		 size;		/* of the field */
	uint64_t	 min, max;
	/* CONF_CUSTOM: 0, or -1 with err filled (naming k->name). */
	int		(*set)(void *obj, const struct conf_key *k,
			    const char *value, char *err, size_t errlen);
};

/* A row for field f of struct st; a row with its own setter. */
#define CONF_KEY(name, type, st, f, min, max) { name, type,		\
	offsetof(st, f), sizeof(((st *)0)->f), min, max, NULL }
#define CONF_FN(name, fn)	{ name, CONF_CUSTOM, 0, 0, 0, 0, fn }

struct conf_table {
	const struct conf_key	*keys;
	size_t			 nkeys;
};

/*
 * Is the table itself sound: names unique and non-empty, each field the
 * size its type writes, bounds that fit the field, a setter where one
 * is needed?  0, or -1 with the row named in err.  conf_set() and
 * conf_parse() refuse to work through a broken table.
 */
int		 conf_table_check(const struct conf_table *t, char *err,
		    size_t errlen);

/* Set one key of obj from a string: 0, or -1 with err filled. */
int		 conf_set(const struct conf_table *t, void *obj,
		    const char *key, const char *value, char *err,
		    size_t errlen);

/*
 * Parse len bytes of "key = value" lines into obj; name is the file's
 * name for errors.  Returns 0, or -1 with "name:line: reason" in err;
 * obj may then be half set (callers that must keep it parse a copy).
 */
int		 conf_parse(const struct conf_table *t, void *obj,
		    const char *buf, size_t len, const char *name, char *err,
		    size_t errlen);

/* Read path and conf_parse() it.  A missing file is 0 when !must_exist. */
int		 conf_load(const struct conf_table *t, void *obj,
		    const char *path, bool must_exist, char *err,
		    size_t errlen);

/* yes/no, true/false, on/off, 1/0: 0, or -1 for anything else. */
int		 conf_parse_bool(const char *s, bool *out);

#endif
