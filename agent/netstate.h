/*
 * netstate.h - the network picture the agent publishes: Xen netfront
 * interfaces (those with a vif devid), their link state and addresses.
 *
 * Pure: rtnl.c feeds it parsed netlink messages, netstate_render() puts
 * the keys in a keymap.  Addresses keep their slot (ipv4/<slot>) for as
 * long as they exist, so a reader never sees an address move; a new one
 * takes the lowest free slot.  Caps keep the guest under xenstored's
 * node quota whatever the guest's configuration.
 */
#ifndef XB_AGENT_NETSTATE_H
#define XB_AGENT_NETSTATE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "xskeys.h"

/* Hard limits of the caps: the daemon reads as many (common/xskeys.h). */
#define NETSTATE_MAX_IFACES	XSK_VIFS_MAX
#define NETSTATE_MAX_ADDRS	XSK_ADDRS_MAX	/* per family and interface */
#define NETSTATE_MAC_MAX	32	/* MAX_ADDR_LEN */
#define NETSTATE_DEVID_MAX	XSK_DEVID_MAX

struct netstate_caps {
	unsigned int	max_ifaces;	/* published interfaces */
	unsigned int	max_addrs;	/* published addresses per family */
};

struct netstate_addr {
	uint8_t		bytes[16];
	uint8_t		prefixlen;
	int		slot;		/* -1: over the cap, not published */
	bool		seen;
};

struct netstate_family {
	struct netstate_addr	a[NETSTATE_MAX_ADDRS];
	unsigned int		n;
};

struct netstate_iface {
	int			ifindex;
	char			name[IF_NAMESIZE];
	unsigned int		devid;
	uint8_t			mac[NETSTATE_MAC_MAX];
	uint8_t			maclen;
	uint32_t		mtu;
	uint8_t			operstate;	/* IF_OPER_* */
	int8_t			carrier;	/* -1 unknown */
	struct netstate_family	v4, v6;
	bool			seen;
};

/* A link as a netlink message describes it; devid < 0: not published. */
struct netstate_link {
	int		ifindex;
	const char	*name;
	long		devid;
	const uint8_t	*mac;
	size_t		maclen;
	uint32_t	mtu;
	uint8_t		operstate;
	int8_t		carrier;
};

struct netstate {
	struct netstate_caps	caps;
	struct netstate_iface	*ifs;	/* caps.max_ifaces of them */
	unsigned int		 n;
	unsigned int		 overflow;	/* links or addresses refused */
	bool			 want_resync;	/* a refused one may fit now */
};

/* Returns 0 or -EINVAL (caps above the hard limits or zero), -ENOMEM. */
int	netstate_init(struct netstate *ns, const struct netstate_caps *caps);
void	netstate_free(struct netstate *ns);

/* The return value of the updates: did the published picture change? */
bool	netstate_link_update(struct netstate *ns, const struct netstate_link *l);
bool	netstate_link_remove(struct netstate *ns, int ifindex);
bool	netstate_addr_update(struct netstate *ns, int ifindex, int family,
	    const uint8_t *bytes, uint8_t prefixlen, bool add);

/*
 * A full re-dump: netstate_mark() before it, the dump's messages through
 * the update functions, netstate_sweep() after, which drops what the
 * dump did not mention.  Slots of addresses still present are kept.  If
 * the sweep made room for something the dump refused, want_resync asks
 * for another dump.
 */
void	netstate_mark(struct netstate *ns);
bool	netstate_sweep(struct netstate *ns);

/* "unknown", "up", ... (RFC 2863 as the kernel names them). */
const char	*netstate_operstate_name(uint8_t operstate);

/* Put the attr/vif/<devid>/... keys into km, removing what is no longer
 * there.  Returns 0 or keymap_set()'s error. */
int	netstate_render(const struct netstate *ns, struct keymap *km);

#endif
