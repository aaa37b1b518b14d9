/*
 * netstate.c - the interfaces and addresses the agent publishes.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <linux/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netstate.h"

int
netstate_init(struct netstate *ns, const struct netstate_caps *caps)
{
	memset(ns, 0, sizeof(*ns));
	if (caps->max_ifaces == 0 || caps->max_ifaces > NETSTATE_MAX_IFACES ||
	    caps->max_addrs == 0 || caps->max_addrs > NETSTATE_MAX_ADDRS)
		return -EINVAL;
	ns->caps = *caps;
	ns->ifs = calloc(caps->max_ifaces, sizeof(*ns->ifs));
	return ns->ifs ? 0 : -ENOMEM;
}

void
netstate_free(struct netstate *ns)
{
	free(ns->ifs);
	memset(ns, 0, sizeof(*ns));
}

static struct netstate_iface *
netstate_find(struct netstate *ns, int ifindex)
{
	for (unsigned int i = 0; i < ns->n; i++)
		if (ns->ifs[i].ifindex == ifindex)
			return &ns->ifs[i];
	return NULL;
}

static void
netstate_drop(struct netstate *ns, struct netstate_iface *ifc)
{
	size_t i = (size_t)(ifc - ns->ifs);

	memmove(ifc, ifc + 1, (ns->n - i - 1) * sizeof(*ifc));
	ns->n--;
	/* Something refused earlier may fit now: only a dump can say. */
	if (ns->overflow > 0)
		ns->want_resync = true;
}

bool
netstate_link_remove(struct netstate *ns, int ifindex)
{
	struct netstate_iface *ifc = netstate_find(ns, ifindex);

	if (ifc == NULL)
		return false;
	netstate_drop(ns, ifc);
	return true;
}

static bool
netstate_devid_taken(const struct netstate *ns, int ifindex, long devid)
{
	for (unsigned int i = 0; i < ns->n; i++)
		if (ns->ifs[i].ifindex != ifindex &&
		    ns->ifs[i].devid == (unsigned long)devid)
			return true;
	return false;
}

bool
netstate_link_update(struct netstate *ns, const struct netstate_link *l)
{
	struct netstate_iface *ifc = netstate_find(ns, l->ifindex);
	struct netstate_iface old;
	size_t maclen = l->maclen > NETSTATE_MAC_MAX ? NETSTATE_MAC_MAX :
	    l->maclen;

	if (l->devid < 0 || l->devid > (long)NETSTATE_DEVID_MAX ||
	    netstate_devid_taken(ns, l->ifindex, l->devid)) {
		if (l->devid >= 0)
			ns->overflow++;
		return ifc ? netstate_link_remove(ns, l->ifindex) : false;
	}
	if (ifc == NULL) {
		if (ns->n == ns->caps.max_ifaces) {
			ns->overflow++;
			return false;
		}
		ifc = &ns->ifs[ns->n++];
		memset(ifc, 0, sizeof(*ifc));
		ifc->ifindex = l->ifindex;
		ifc->carrier = -1;
		old = *ifc;
		old.devid = (unsigned int)-1;
	} else {
		old = *ifc;
	}
	snprintf(ifc->name, sizeof(ifc->name), "%s", l->name ? l->name : "");
	ifc->devid = (unsigned int)l->devid;
	memset(ifc->mac, 0, sizeof(ifc->mac));
	if (l->mac)
		memcpy(ifc->mac, l->mac, maclen);
	ifc->maclen = (uint8_t)maclen;
	ifc->mtu = l->mtu;
	ifc->operstate = l->operstate;
	ifc->carrier = l->carrier;
	ifc->seen = true;
	return strcmp(old.name, ifc->name) != 0 || old.devid != ifc->devid ||
	    old.maclen != ifc->maclen ||
	    memcmp(old.mac, ifc->mac, sizeof(ifc->mac)) != 0 ||
	    old.mtu != ifc->mtu || old.operstate != ifc->operstate ||
	    old.carrier != ifc->carrier;
}

static int
netstate_free_slot(const struct netstate_family *f, unsigned int cap)
{
	for (unsigned int s = 0; s < cap; s++) {
		bool used = false;

		for (unsigned int i = 0; i < f->n && !used; i++)
			used = f->a[i].slot == (int)s;
		if (!used)
			return (int)s;
	}
	return -1;
}

/* Remove address i; its slot goes to the oldest unpublished address. */
static bool
netstate_addr_drop(struct netstate *ns, struct netstate_family *f,
    unsigned int i)
{
	int slot = f->a[i].slot;

	memmove(&f->a[i], &f->a[i + 1], (f->n - i - 1) * sizeof(f->a[0]));
	f->n--;
	if (ns->overflow > 0)
		ns->want_resync = true;
	if (slot < 0)
		return false;
	for (unsigned int j = 0; j < f->n; j++)
		if (f->a[j].slot < 0) {
			f->a[j].slot = slot;
			break;
		}
	return true;
}

bool
netstate_addr_update(struct netstate *ns, int ifindex, int family,
    const uint8_t *bytes, uint8_t prefixlen, bool add)
{
	struct netstate_iface *ifc = netstate_find(ns, ifindex);
	struct netstate_family *f;
	size_t alen;
	struct netstate_addr *a;

	if (ifc == NULL)
		return false;
	if (family == AF_INET) {
		f = &ifc->v4;
		alen = 4;
	} else if (family == AF_INET6) {
		f = &ifc->v6;
		alen = 16;
	} else {
		return false;
	}
	for (unsigned int i = 0; i < f->n; i++) {
		a = &f->a[i];
		if (a->prefixlen != prefixlen || memcmp(a->bytes, bytes, alen))
			continue;
		if (add) {
			a->seen = true;
			return false;
		}
		return netstate_addr_drop(ns, f, i);
	}
	if (!add)
		return false;
	if (f->n == NETSTATE_MAX_ADDRS) {
		ns->overflow++;
		return false;
	}
	a = &f->a[f->n++];
	memset(a, 0, sizeof(*a));
	memcpy(a->bytes, bytes, alen);
	a->prefixlen = prefixlen;
	a->seen = true;
	a->slot = -1;
	a->slot = netstate_free_slot(f, ns->caps.max_addrs);
	if (a->slot < 0)
		ns->overflow++;
	return a->slot >= 0;
}

void
netstate_mark(struct netstate *ns)
{
	for (unsigned int i = 0; i < ns->n; i++) {
		struct netstate_iface *ifc = &ns->ifs[i];

		ifc->seen = false;
		for (unsigned int j = 0; j < ifc->v4.n; j++)
			ifc->v4.a[j].seen = false;
		for (unsigned int j = 0; j < ifc->v6.n; j++)
			ifc->v6.a[j].seen = false;
	}
	ns->overflow = 0;
	ns->want_resync = false;
}

static bool
netstate_sweep_family(struct netstate *ns, struct netstate_family *f)
{
	bool changed = false;

	for (unsigned int j = 0; j < f->n;) {
		if (f->a[j].seen) {
			j++;
			continue;
		}
		changed |= netstate_addr_drop(ns, f, j);
	}
	return changed;
}

bool
netstate_sweep(struct netstate *ns)
{
	bool changed = false;

	for (unsigned int i = 0; i < ns->n;) {
		struct netstate_iface *ifc = &ns->ifs[i];

		if (!ifc->seen) {
			netstate_drop(ns, ifc);
			changed = true;
			continue;
		}
		changed |= netstate_sweep_family(ns, &ifc->v4);
		changed |= netstate_sweep_family(ns, &ifc->v6);
		i++;
	}
	/*
	 * want_resync stays as the drops left it: what the dump refused
	 * was refused while what is swept here still held the room.
	 */
	return changed;
}

const char *
netstate_operstate_name(uint8_t operstate)
{
	static const char *const names[] = {
		[IF_OPER_UNKNOWN]	 = "unknown",
		[IF_OPER_NOTPRESENT]	 = "notpresent",
		[IF_OPER_DOWN]		 = "down",
		[IF_OPER_LOWERLAYERDOWN] = "lowerlayerdown",
		[IF_OPER_TESTING]	 = "testing",
		[IF_OPER_DORMANT]	 = "dormant",
		[IF_OPER_UP]		 = "up",
	};

	if (operstate >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[operstate];
}

/* Want key id of interface devid (slot: an address's) = value.  A word
 * longer than the key's bound (a 20-byte InfiniBand address) is left out:
 * the daemon would refuse it. */
static int
netstate_set(struct keymap *km, enum xsk_id id, unsigned int devid,
    unsigned int slot, const char *value)
{
	char path[KEYMAP_PATH_MAX];

	if (xskey(id)->kind == XSK_K_TOKEN && strlen(value) > xskey(id)->max)
		return 0;
	if (xskey_path(path, sizeof(path), id, devid, slot) < 0)
		return -E2BIG;
	return keymap_set(km, path, value);
}

static int
netstate_render_family(const struct netstate_family *f, int family,
    struct keymap *km, unsigned int devid, enum xsk_id id)
{
	char text[INET6_ADDRSTRLEN];
	int r;

	for (unsigned int i = 0; i < f->n; i++) {
		if (f->a[i].slot < 0)
			continue;
		if (inet_ntop(family, f->a[i].bytes, text, sizeof(text)) == NULL)
			continue;
		r = netstate_set(km, id, devid, (unsigned int)f->a[i].slot,
		    text);
		if (r < 0)
			return r;
	}
	return 0;
}

static void
netstate_format_mac(const struct netstate_iface *ifc, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ifc->maclen && o + 3 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, i ? ":%02x" : "%02x",
		    ifc->mac[i]);
}

static int
netstate_render_iface(const struct netstate_iface *ifc, struct keymap *km)
{
	char v[3 * NETSTATE_MAC_MAX + 1];
	unsigned int id = ifc->devid;
	int r;

	if ((r = netstate_set(km, XSK_VIF_NAME, id, 0, ifc->name)) < 0)
		return r;
	if (ifc->maclen > 0) {
		netstate_format_mac(ifc, v, sizeof(v));
		if ((r = netstate_set(km, XSK_VIF_MAC, id, 0, v)) < 0)
			return r;
	}
	snprintf(v, sizeof(v), "%u", ifc->mtu);
	if ((r = netstate_set(km, XSK_VIF_MTU, id, 0, v)) < 0)
		return r;
	r = netstate_set(km, XSK_VIF_OPERSTATE, id, 0,
	    netstate_operstate_name(ifc->operstate));
	if (r < 0)
		return r;
	if (ifc->carrier >= 0) {
		r = netstate_set(km, XSK_VIF_CARRIER, id, 0,
		    ifc->carrier ? "1" : "0");
		if (r < 0)
			return r;
	}
	r = netstate_render_family(&ifc->v4, AF_INET, km, id, XSK_VIF_IPV4);
	if (r < 0)
		return r;
	return netstate_render_family(&ifc->v6, AF_INET6, km, id,
	    XSK_VIF_IPV6);
}

int
netstate_render(const struct netstate *ns, struct keymap *km)
{
	int r = 0;

	keymap_mark(km, XSK_VIF_ROOT);
	for (unsigned int i = 0; i < ns->n && r == 0; i++)
		r = netstate_render_iface(&ns->ifs[i], km);
	/* On error keep what was there rather than half a picture. */
	if (r == 0)
		keymap_sweep(km, XSK_VIF_ROOT);
	return r;
}
