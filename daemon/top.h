/*
 * top.h - xenballoonctl top: the live view of every domain's memory.
 *
 * top.c is pure: it decodes the status reply (the only data source, no
 * command of its own) into a model, sorts it and renders it into lines
 * of text for a screen of a given size.  top_tty.c is the terminal edge
 * (ncurses, or plain frames in batch mode) and the only part that reads
 * keys, clocks or the socket.
 */
#ifndef XB_TOP_H
#define XB_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "parse.h"

#define TOP_UNKNOWN		(-1)	/* a figure the reply did not carry */
#define TOP_DELAY_DEFAULT_MS	2000u
#define TOP_DELAY_MIN_MS	100u
#define TOP_DELAY_MAX_MS	3600000u

enum top_sort {
	TOP_SORT_DOMID,
	TOP_SORT_NAME,
	TOP_SORT_ACTUAL,
	TOP_SORT_TARGET,
	TOP_SORT_DEMAND,
	TOP_SORT_PRESSURE,
	TOP_NSORTS
};

/* Each sort key's name (-o KEY) and its key in the view. */
struct top_sort_key {
	const char	*name;
	int		 key;
};
extern const struct top_sort_key	top_sort_keys[TOP_NSORTS];

/* The key named name, or -1; the key bound to the keystroke c, or -1. */
int	top_sort_find(const char *name);
int	top_sort_bykey(int c);

/* Sizes in KiB, counts as they are; TOP_UNKNOWN when not known. */
struct top_dom {
	int64_t		 domid;
	char		 name[DOMNAME_MAX + 1];	/* printable, maybe cut */
	int64_t		 actual_kib, target_kib, demand_kib, pinned_kib;
	int		 pressure;		/* 1, 0 or TOP_UNKNOWN */
	double		 psi;			/* some avg10; < 0: unknown */
	int64_t		 oom_kills;
	char		 state[12];
	char		 hv_state[10];
};

struct top_host {
	int64_t		 total_kib, free_kib, reserved_kib, slack_kib;
	int64_t		 deficit_kib, unmet_kib, stuck;
};

struct top_model {
	struct top_host	 host;
	struct top_dom	*doms;
	size_t		 ndoms;
};

/* What to render: the screen's size (0: no limit, as in batch mode). */
struct top_view {
	enum top_sort	 sort;
	bool		 reverse;
	bool		 kib;		/* sizes in KiB, not whole MiB */
	unsigned int	 delay_ms;
	const char	*clock;		/* "13:02:11", from the edge */
	size_t		 cols, rows;
};

struct top_lines {
	char		**v;
	size_t		 n;
};

/*
 * The status reply into m; anything missing or of the wrong type is
 * unknown, never an error.  -1 only when out of memory.
 */
int	top_model_decode(json_t *reply, struct top_model *m);
void	top_model_free(struct top_model *m);
void	top_model_sort(struct top_model *m, enum top_sort s, bool reverse);

/*
 * The frame: a title, the host, the column header, a row per domain in
 * m's order.  Every line fits v->cols; names are whole unless the screen
 * is too narrow, then cut with a '+'; if the rows do not fit v->rows,
 * the last line says how many are not shown.  -1 when out of memory.
 */
int	top_render(const struct top_model *m, const struct top_view *v,
	    struct top_lines *out);
void	top_lines_free(struct top_lines *l);

/* The edge: the view until q (or n frames); fetch returns a status reply. */
struct top_opts {
	struct top_view	 view;
	bool		 batch;
	uint64_t	 iterations;	/* 0: until q or a signal */
};
int	top_run(struct top_opts *o, json_t *(*fetch)(void));
/* Give the terminal back (before an error message); idempotent. */
void	top_tty_end(void);

#endif
