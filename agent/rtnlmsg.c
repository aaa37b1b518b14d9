/*
 * rtnlmsg.c - decoding rtnetlink link and address messages with libmnl.
 */
#include "config.h"

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "rtnlmsg.h"

struct rtnlmsg_attrs {
	const struct nlattr	*tb[64];
	const char		*why;
};

static int
rtnlmsg_attr_cb(const struct nlattr *attr, void *data)
{
	struct rtnlmsg_attrs *a = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, 63) < 0)
		return MNL_CB_OK;	/* newer kernel, unknown attribute */
	a->tb[type] = attr;
	return MNL_CB_OK;
}

static bool
rtnlmsg_u32(const struct nlattr *attr, uint32_t *out)
{
	if (mnl_attr_validate((struct nlattr *)attr, MNL_TYPE_U32) < 0)
		return false;
	*out = mnl_attr_get_u32(attr);
	return true;
}

static bool
rtnlmsg_u8(const struct nlattr *attr, uint8_t *out)
{
	if (mnl_attr_validate((struct nlattr *)attr, MNL_TYPE_U8) < 0)
		return false;
	*out = mnl_attr_get_u8(attr);
	return true;
}

static enum rtnlmsg_kind
rtnlmsg_link(const struct nlmsghdr *nlh, struct rtnlmsg_link *l,
    const char **why)
{
	struct rtnlmsg_attrs a = { .why = NULL };
	const struct ifinfomsg *ifi;
	const struct nlattr *name, *mac;
	uint16_t len;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*ifi)) {
		*why = "short ifinfomsg";
		return RTNLMSG_ERROR;
	}
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(l, 0, sizeof(*l));
	l->del = nlh->nlmsg_type == RTM_DELLINK;
	l->ifindex = ifi->ifi_index;
	l->carrier = -1;
	if (l->ifindex <= 0) {
		*why = "bad interface index";
		return RTNLMSG_ERROR;
	}
	if (mnl_attr_parse(nlh, sizeof(*ifi), rtnlmsg_attr_cb, &a) < 0) {
		*why = "malformed attributes";
		return RTNLMSG_ERROR;
	}
	name = a.tb[IFLA_IFNAME];
	if (name == NULL ||
	    mnl_attr_validate((struct nlattr *)name, MNL_TYPE_NUL_STRING) < 0 ||
	    (len = mnl_attr_get_payload_len(name)) < 2 || len > IF_NAMESIZE) {
		*why = "missing or bad IFLA_IFNAME";
		return RTNLMSG_ERROR;
	}
	memcpy(l->name, mnl_attr_get_str(name), len);
	if (l->del)
		return RTNLMSG_LINK;
	if ((mac = a.tb[IFLA_ADDRESS]) != NULL) {
		len = mnl_attr_get_payload_len(mac);
		if (len > NETSTATE_MAC_MAX) {
			*why = "IFLA_ADDRESS too long";
			return RTNLMSG_ERROR;
		}
		memcpy(l->mac, mnl_attr_get_payload(mac), len);
		l->maclen = (uint8_t)len;
	}
	if (a.tb[IFLA_MTU] && !rtnlmsg_u32(a.tb[IFLA_MTU], &l->mtu)) {
		*why = "bad IFLA_MTU";
		return RTNLMSG_ERROR;
	}
	if (a.tb[IFLA_OPERSTATE] &&
	    !rtnlmsg_u8(a.tb[IFLA_OPERSTATE], &l->operstate)) {
		*why = "bad IFLA_OPERSTATE";
		return RTNLMSG_ERROR;
	}
	if (a.tb[IFLA_CARRIER]) {
		uint8_t c;

		if (!rtnlmsg_u8(a.tb[IFLA_CARRIER], &c) || c > 1) {
			*why = "bad IFLA_CARRIER";
			return RTNLMSG_ERROR;
		}
		l->carrier = (int8_t)c;
	}
	return RTNLMSG_LINK;
}

static enum rtnlmsg_kind
rtnlmsg_addr(const struct nlmsghdr *nlh, struct rtnlmsg_addr *ad,
    const char **why)
{
	struct rtnlmsg_attrs a = { .why = NULL };
	const struct ifaddrmsg *ifa;
	const struct nlattr *at;
	uint32_t flags;
	size_t alen;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*ifa)) {
		*why = "short ifaddrmsg";
		return RTNLMSG_ERROR;
	}
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return RTNLMSG_OTHER;
	memset(ad, 0, sizeof(*ad));
	ad->family = ifa->ifa_family;
	ad->ifindex = (int)ifa->ifa_index;
	ad->prefixlen = ifa->ifa_prefixlen;
	alen = ad->family == AF_INET ? 4 : 16;
	if (ad->ifindex <= 0 || ad->prefixlen > alen * 8) {
		*why = "bad index or prefix length";
		return RTNLMSG_ERROR;
	}
	if (mnl_attr_parse(nlh, sizeof(*ifa), rtnlmsg_attr_cb, &a) < 0) {
		*why = "malformed attributes";
		return RTNLMSG_ERROR;
	}
	/* IPv4 point-to-point: IFA_ADDRESS is the peer, IFA_LOCAL ours. */
	at = a.tb[IFA_LOCAL] ? a.tb[IFA_LOCAL] : a.tb[IFA_ADDRESS];
	if (at == NULL || mnl_attr_get_payload_len(at) != alen) {
		*why = "missing or bad address";
		return RTNLMSG_ERROR;
	}
	memcpy(ad->bytes, mnl_attr_get_payload(at), alen);
	flags = ifa->ifa_flags;
	if (a.tb[IFA_FLAGS] && !rtnlmsg_u32(a.tb[IFA_FLAGS], &flags)) {
		*why = "bad IFA_FLAGS";
		return RTNLMSG_ERROR;
	}
	ad->del = nlh->nlmsg_type == RTM_DELADDR ||
	    (flags & IFA_F_DADFAILED) != 0;
	return RTNLMSG_ADDR;
}

bool
rtnlmsg_datagram_ok(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len > 0) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)p;
		size_t step;

		if (len < sizeof(*h) || h->nlmsg_len < sizeof(*h) ||
		    h->nlmsg_len > len)
			return false;
		/* Not NLMSG_ALIGN(): its unsigned int mask would wrap a
		 * length near 4 GiB to 0 and loop here for ever. */
		step = ((size_t)h->nlmsg_len + NLMSG_ALIGNTO - 1) &
		    ~((size_t)NLMSG_ALIGNTO - 1);
		if (step > len)
			return false;
		p += step;
		len -= step;
	}
	return true;
}

enum rtnlmsg_kind
rtnlmsg_decode(const struct nlmsghdr *nlh, struct rtnlmsg_link *link,
    struct rtnlmsg_addr *addr, const char **why)
{
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return rtnlmsg_link(nlh, link, why);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return rtnlmsg_addr(nlh, addr, why);
	default:
		return RTNLMSG_OTHER;
	}
}
