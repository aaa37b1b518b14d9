/*
 * rtnl.h - the rtnetlink edge: link and address events into netstate.
 *
 * One socket subscribed to RTMGRP_LINK and the IPv4/IPv6 address groups
 * is read from the event loop; a dump at start, and again whenever the
 * kernel says events were lost (ENOBUFS), rebuilds the picture.  Nothing
 * is polled.
 */
#ifndef XB_AGENT_RTNL_H
#define XB_AGENT_RTNL_H

#include <stdbool.h>
#include <systemd/sd-event.h>

#include "netstate.h"

struct rtnl;

/* The vif devid of an interface, or -1 when it is not to be published. */
typedef long	rtnl_devid_fn(const char *name, int ifindex, void *arg);
/* The published picture changed. */
typedef void	rtnl_changed_fn(struct rtnl *r, void *arg);

struct rtnl_opts {
	struct netstate	*ns;
	rtnl_devid_fn	*devid;
	rtnl_changed_fn	*changed;
	void		*arg;
	int		 rcvbuf;	/* bytes; 0 = the kernel default */
};

struct rtnl_stats {
	unsigned long	messages;
	unsigned long	malformed;
	unsigned long	resyncs;	/* dumps after ENOBUFS */
};

/* Open, subscribe and dump once.  Returns NULL with errno set. */
struct rtnl	*rtnl_open(const struct rtnl_opts *opts);
void		 rtnl_close(struct rtnl *r);
int		 rtnl_attach_event(struct rtnl *r, sd_event *e, int64_t prio);
/* Re-dump now (e.g. after resume, or when netstate wants it). */
int		 rtnl_resync(struct rtnl *r);
const struct rtnl_stats	*rtnl_stats(const struct rtnl *r);

#endif
