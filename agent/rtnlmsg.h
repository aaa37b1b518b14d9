/*
 * rtnlmsg.h - strict decoding of the rtnetlink messages the agent uses
 * (RTM_NEWLINK/DELLINK, RTM_NEWADDR/DELADDR).  Pure, so that a fuzzer
 * and unit tests can feed it bytes.
 */
#ifndef XB_AGENT_RTNLMSG_H
#define XB_AGENT_RTNLMSG_H

#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "netstate.h"

struct rtnlmsg_link {
	bool		del;
	int		ifindex;
	char		name[IF_NAMESIZE];
	uint8_t		mac[NETSTATE_MAC_MAX];
	uint8_t		maclen;
	uint32_t	mtu;
	uint8_t		operstate;
	int8_t		carrier;	/* -1: not in the message */
};

struct rtnlmsg_addr {
	bool		del;		/* or DAD failed: not usable */
	int		ifindex;
	int		family;		/* AF_INET, AF_INET6 */
	uint8_t		bytes[16];
	uint8_t		prefixlen;
};

enum rtnlmsg_kind {
	RTNLMSG_ERROR = -1,	/* malformed: skip and count it */
	RTNLMSG_OTHER = 0,	/* not ours (other type or family) */
	RTNLMSG_LINK,
	RTNLMSG_ADDR,
};

/*
 * Decode one message whose header (nlh->nlmsg_len) the caller already
 * checked against the datagram (mnl_cb_run does).  Attributes are
 * validated (types, lengths); a link without a name, an interface index
 * <= 0, an address of the wrong length is RTNLMSG_ERROR with *why set.
 */
enum rtnlmsg_kind	 rtnlmsg_decode(const struct nlmsghdr *nlh,
			    struct rtnlmsg_link *link,
			    struct rtnlmsg_addr *addr, const char **why);

#endif
