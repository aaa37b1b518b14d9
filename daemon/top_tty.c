/*
 * top_tty.c - xenballoonctl top's edge: the clock, the keys and the
 * screen (ncurses), or plain frames on standard output in batch mode.
 * What a frame says is top.c's.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "control.h"
#include "top.h"

static SCREEN	*top_screen;

void
top_tty_end(void)
{
	if (top_screen == NULL)
		return;
	endwin();
	delscreen(top_screen);
	top_screen = NULL;
}

static void
top_clock(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(buf, len, "%H:%M:%S",
	    &tm) == 0)
		snprintf(buf, len, "--:--:--");
}

static void
top_sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
	    .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A fresh reply into m, sorted as the view says. */
static int
top_fetch(json_t *(*fetch)(void), struct top_model *m,
    const struct top_view *v)
{
	json_t *reply = fetch();
	int r;

	top_model_free(m);
	r = top_model_decode(reply, m);
	json_decref(reply);
	if (r == 0)
		top_model_sort(m, v->sort, v->reverse);
	return r;
}

static int
top_oom(void)
{
	top_tty_end();
	fprintf(stderr, "xenballoonctl: top: out of memory\n");
	return CTL_EXIT_FAIL;
}

/* Frames one after the other, a blank line between, as top -b. */
static int
top_batch(struct top_opts *o, json_t *(*fetch)(void))
{
	struct top_model m = { 0 };
	struct top_lines l;
	char clock[16];

	o->view.cols = o->view.rows = 0;
	for (uint64_t i = 0; o->iterations == 0 || i < o->iterations; i++) {
		if (i > 0) {
			top_sleep_ms(o->view.delay_ms);
			putchar('\n');
		}
		top_clock(clock, sizeof(clock));
		o->view.clock = clock;
		if (top_fetch(fetch, &m, &o->view) == -1 ||
		    top_render(&m, &o->view, &l) == -1)
			return top_oom();
		for (size_t k = 0; k < l.n; k++)
			puts(l.v[k]);
		top_lines_free(&l);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			fprintf(stderr, "xenballoonctl: top: standard output: "
			    "%s\n", strerror(errno));
			top_model_free(&m);
			return CTL_EXIT_FAIL;
		}
	}
	top_model_free(&m);
	return CTL_EXIT_OK;
}

/* The frame for the screen as it is now (it may have been resized). */
static int
top_draw(const struct top_model *m, struct top_view *v)
{
	struct top_lines l;
	char clock[16];

	top_clock(clock, sizeof(clock));
	v->clock = clock;
	v->cols = COLS > 0 ? (size_t)COLS : 1;
	v->rows = LINES > 0 ? (size_t)LINES : 1;
	if (top_render(m, v, &l) == -1)
		return -1;
	erase();
	for (size_t i = 0; i < l.n; i++)
		mvaddstr((int)i, 0, l.v[i]);
	refresh();
	top_lines_free(&l);
	return 0;
}

/* A key: false to quit.  A new order shows at once, on the same figures. */
static bool
top_key(int c, struct top_model *m, struct top_view *v, uint64_t *next)
{
	int s;

	switch (c) {
	case 'q':
	case 'Q':
		return false;
	case 'r':
		v->reverse = !v->reverse;
		break;
	case ' ':
		*next = clock_mono_ms();
		return true;
	default:
		if ((s = top_sort_bykey(c)) == -1)
			return true;
		v->sort = (enum top_sort)s;
	}
	top_model_sort(m, v->sort, v->reverse);
	return true;
}

static int
top_screen_run(struct top_opts *o, json_t *(*fetch)(void))
{
	struct top_model m = { 0 };
	uint64_t frames = 1, next, now;
	int c;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "xenballoonctl: top: not a terminal (-b prints "
		    "plain frames)\n");
		return CTL_EXIT_USAGE;
	}
	/* Before the screen is taken, so that an error reads plainly. */
	if (top_fetch(fetch, &m, &o->view) == -1)
		return top_oom();
	if ((top_screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "xenballoonctl: top: cannot drive the terminal "
		    "(TERM=%s; -b prints plain frames)\n",
		    getenv("TERM") ? getenv("TERM") : "");
		top_model_free(&m);
		return CTL_EXIT_FAIL;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	next = clock_mono_ms() + o->view.delay_ms;
	for (;;) {
		if (top_draw(&m, &o->view) == -1)
			return top_oom();
		if ((now = clock_mono_ms()) >= next) {
			if (o->iterations != 0 && frames >= o->iterations)
				break;
			if (top_fetch(fetch, &m, &o->view) == -1)
				return top_oom();
			frames++;
			next = clock_mono_ms() + o->view.delay_ms;
			continue;
		}
		timeout((int)(next - now));
		if ((c = getch()) != ERR && c != KEY_RESIZE &&
		    !top_key(c, &m, &o->view, &next))
			break;
	}
	top_tty_end();
	top_model_free(&m);
	return CTL_EXIT_OK;
}

int
top_run(struct top_opts *o, json_t *(*fetch)(void))
{
	return o->batch ? top_batch(o, fetch) : top_screen_run(o, fetch);
}
