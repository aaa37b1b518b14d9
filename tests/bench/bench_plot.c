/*
 * bench_plot.c - a picture of one simulated scenario under one policy:
 * for each guest, what it needs (its true demand), what it holds and
 * what it is asked to hold, a second apart; and the host's free memory.
 * Written as a gnuplot script with its data inline, so that
 *
 *   policy-bench --plot spikes 0 | gnuplot > spikes.svg
 *
 * draws it (--plot-term pngcairo for a PNG).  Pure text out: no gnuplot
 * is needed to run the benchmark.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench.h"

#define PLOT_GUESTS	8	/* panels; the rest of a big host is left out */
#define PLOT_POINTS	3601	/* a sample a second, an hour at most */

struct plot_point {
	uint32_t	t;
	uint32_t	free_mib;
	uint32_t	demand[PLOT_GUESTS], actual[PLOT_GUESTS],
			target[PLOT_GUESTS];
	uint8_t		alive[PLOT_GUESTS], starved[PLOT_GUESTS];
};

static struct plot_point plot_pt[PLOT_POINTS];
static size_t	plot_n, plot_guests;
static uint32_t	plot_domid[PLOT_GUESTS];

static uint32_t
plot_mib(uint64_t kib)
{
	kib /= SIM_MIB;
	return kib > UINT32_MAX ? UINT32_MAX : (uint32_t)kib;
}

void
bench_plot_reset(void)
{
	plot_n = plot_guests = 0;
}

/* Every tick; keeps one sample a second. */
void
bench_plot_sample(const struct sim_host *h)
{
	struct plot_point *p;

	if (h->now_ms % 1000 != 0 || plot_n == PLOT_POINTS)
		return;
	p = &plot_pt[plot_n++];
	memset(p, 0, sizeof(*p));
	p->t = (uint32_t)(h->now_ms / 1000);
	p->free_mib = plot_mib(sim_free(h));
	plot_guests = h->n < PLOT_GUESTS ? h->n : PLOT_GUESTS;
	for (size_t i = 0; i < plot_guests; i++) {
		const struct sim_guest *g = &h->g[i];

		plot_domid[i] = g->domid;
		p->alive[i] = g->alive != 0;
		p->demand[i] = plot_mib(g->demand);
		p->actual[i] = plot_mib(g->actual);
		p->target[i] = plot_mib(g->target);
		p->starved[i] = g->starved != 0;
	}
}

void
bench_plot_write(FILE *f, const char *term, const char *scenario,
    const char *what, const char *policy, const char *profile)
{
	size_t cols = plot_guests > 4 ? 3 : 2;
	size_t rows = (plot_guests + 1 + cols - 1) / cols;

	fprintf(f, "# policy-bench --plot %s (%s), policy %s, profile %s\n",
	    scenario, what, policy, profile);
	if (strcmp(term, "svg") == 0)
		fprintf(f, "set terminal svg size %zu,%zu dynamic "
		    "font 'sans,10'\n", cols * 420, rows * 260 + 40);
	else
		fprintf(f, "set terminal %s size %zu,%zu font 'sans,9'\n",
		    term, cols * 420, rows * 260 + 40);
	for (size_t i = 0; i < plot_guests; i++) {
		fprintf(f, "$g%zu << EOD\n", i);
		for (size_t k = 0; k < plot_n; k++) {
			const struct plot_point *p = &plot_pt[k];

			if (!p->alive[i]) {
				fprintf(f, "\n");	/* a gap while dead */
				continue;
			}
			fprintf(f, "%u %u %u %u %u\n", p->t, p->demand[i],
			    p->actual[i], p->target[i],
			    p->starved[i] ? p->demand[i] : 0);
		}
		fprintf(f, "EOD\n");
	}
	fprintf(f, "$host << EOD\n");
	for (size_t k = 0; k < plot_n; k++)
		fprintf(f, "%u %u\n", plot_pt[k].t, plot_pt[k].free_mib);
	fprintf(f, "EOD\n");
	fprintf(f, "set multiplot layout %zu,%zu title \"%s: %s -- %s "
	    "(%s profile)\" font 'sans,12'\n", rows, cols, scenario, what,
	    policy, profile);
	/* The key in a band kept free above the curves. */
	fprintf(f, "set key top left horizontal font 'sans,8' samplen 2\n"
	    "set offsets 0, 0, graph 0.22, 0\n"
	    "set xlabel 'seconds' offset 0,0.5\nset ylabel 'MiB' "
	    "offset 1,0\nset yrange [0:*]\nset grid lc rgb '#dddddd'\n");
	for (size_t i = 0; i < plot_guests; i++) {
		fprintf(f, "set title 'domain %u'\n", plot_domid[i]);
		fprintf(f, "plot $g%zu using 1:3 with lines lw 3 lc rgb "
		    "'#98df8a' title 'holds', '' using 1:4 with steps lw 1 "
		    "lc rgb '#1f77b4' title 'target', '' using 1:2 with lines "
		    "lw 1.5 lc rgb '#d62728' title 'needs', '' using "
		    "1:($5 > 0 ? $5 : 1/0) with points pt 7 ps 0.4 lc rgb "
		    "'#000000' title 'starved'\n", i);
	}
	fprintf(f, "set title 'host'\nplot $host using 1:2 with lines lc rgb "
	    "'#7f7f7f' title 'free'\nunset multiplot\n");
}
