/*
 * control_table.c - the rows control.h declares: the commands and the
 * member names, for both sides of the socket.
 */
#include "config.h"

#include <string.h>

#include "control.h"

const struct control_cmd control_cmds[REQUEST_NCMDS] = {
#define CONTROL_X_ROW(id, n, c, lo, hi, u, h)				\
	[REQUEST_##id] = { .name = n, .cli = c, .min = lo, .max = hi,	\
	    .usage = u, .help = h },
	CONTROL_COMMANDS(CONTROL_X_ROW)
#undef CONTROL_X_ROW
};

const char *const control_members[CM_COUNT] = {
#define CONTROL_X_ROW(id, n)	[CM_##id] = n,
	CONTROL_MEMBERS(CONTROL_X_ROW)
#undef CONTROL_X_ROW
};

int
control_cmd_find(const char *name)
{
	for (int i = 0; i < REQUEST_NCMDS; i++)
		if (strcmp(name, control_cmds[i].name) == 0)
			return i;
	return -1;
}
