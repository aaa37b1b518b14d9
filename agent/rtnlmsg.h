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
 * Is every message of this datagram inside it, padding included?  libmnl
 * 1.0.4's mnl_nlmsg_ok() compares lengths as signed ints (a header
 * claiming 2 GiB walks past the datagram) and mnl_attr_parse() walks
 * attributes up to the *aligned* end of a message, so a last message
 * whose length is not a multiple of 4 would be read past the datagram.
 * The kernel pads every message; a datagram that is not so is dropped.
 */
bool			 rtnlmsg_datagram_ok(const void *buf, size_t len);

/*
 * Decode one message of a datagram that passed rtnlmsg_datagram_ok().  Attributes are
 * validated (types, lengths); a link without a name, an interface index
 * <= 0, an address of the wrong length is RTNLMSG_ERROR with *why set.
 */
enum rtnlmsg_kind	 rtnlmsg_decode(const struct nlmsghdr *nlh,
			    struct rtnlmsg_link *link,
			    struct rtnlmsg_addr *addr, const char **why);

#endif
