/*
 * fuzz-rtnl.c - agent/rtnlmsg.h and netstate.h: a netlink datagram as
 * the agent receives it (any bytes: the kernel is trusted, but a bug or
 * a future attribute must not crash the agent), walked with libmnl as
 * rtnl.c walks it, each message decoded and applied to the network
 * picture, which is rendered into keys and turned into xenstore
 * operations.
 *
 * Datagrams that rtnlmsg_datagram_ok() refuses are dropped, as rtnl.c
 * drops them: libmnl 1.0.4 walks past a datagram whose header claims 2 GiB
 * (signed compare) or whose last message is shorter than its padding
 * (attributes are walked to the aligned end).  Both were found here;
 * docs/reliability.md records them.
 *
 * The first byte shapes the run: bit 0 wraps the datagram in a re-dump
 * (mark ... sweep), bits 1-2 pick the caps, so that overflow and slot
 * reuse are reached.  Checked: the picture stays within its caps, every
 * published address holds a slot below the cap, rendering fits the key
 * budget the agent sizes its keymap with, and the operations fit too.
 */
#include "config.h"

#include <libmnl/libmnl.h>

#include "fuzz-agent.h"
#include "netstate.h"
#include "rtnlmsg.h"

static const char *const fuzz_rtnl_roots[] = { "attr/vif" };

struct fuzz_rtnl {
	struct netstate	ns;
	unsigned long	messages, malformed;
};

/* As rtnl.c's caller does: some interfaces are not Xen vifs, and two
 * may claim the same devid. */
static long
fuzz_rtnl_devid(int ifindex)
{
	return ifindex % 4 == 0 ? -1 : ifindex % 4;
}

static int
fuzz_rtnl_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct fuzz_rtnl *f = arg;
	struct rtnlmsg_link link;
	struct rtnlmsg_addr addr;
	struct netstate_link nl;
	const char *why = NULL;

	f->messages++;
	switch (rtnlmsg_decode(nlh, &link, &addr, &why)) {
	case RTNLMSG_ERROR:
		FUZZ_CHECK(why != NULL);
		f->malformed++;
		break;
	case RTNLMSG_LINK:
		FUZZ_CHECK(link.ifindex > 0);
		FUZZ_CHECK(memchr(link.name, '\0', sizeof(link.name)) != NULL);
		FUZZ_CHECK(link.maclen <= NETSTATE_MAC_MAX);
		if (link.del) {
			netstate_link_remove(&f->ns, link.ifindex);
			break;
		}
		nl.ifindex = link.ifindex;
		nl.name = link.name;
		nl.devid = fuzz_rtnl_devid(link.ifindex);
		nl.mac = link.mac;
		nl.maclen = link.maclen;
		nl.mtu = link.mtu;
		nl.operstate = link.operstate;
		nl.carrier = link.carrier;
		netstate_link_update(&f->ns, &nl);
		break;
	case RTNLMSG_ADDR:
		FUZZ_CHECK(addr.family == AF_INET || addr.family == AF_INET6);
		netstate_addr_update(&f->ns, addr.ifindex, addr.family,
		    addr.bytes, addr.prefixlen, !addr.del);
		break;
	case RTNLMSG_OTHER:
		break;
	}
	return MNL_CB_OK;
}

static void
fuzz_rtnl_check(const struct netstate *ns)
{
	FUZZ_CHECK(ns->n <= ns->caps.max_ifaces);
	for (unsigned int i = 0; i < ns->n; i++) {
		const struct netstate_family *fam[] = {
			&ns->ifs[i].v4, &ns->ifs[i].v6,
		};

		for (unsigned int j = 0; j < 2; j++) {
			FUZZ_CHECK(fam[j]->n <= NETSTATE_MAX_ADDRS);
			for (unsigned int k = 0; k < fam[j]->n; k++)
				FUZZ_CHECK(fam[j]->a[k].slot < 0 ||
				    (unsigned int)fam[j]->a[k].slot <
				    ns->caps.max_addrs);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct netstate_caps caps[] = {
		{ 1, 1 }, { 2, 3 }, { 8, 8 }, { 64, 32 },
	};
	struct fuzz_rtnl f = { 0 };
	struct keymap_op *ops;
	struct keymap km;
	size_t budget, opsmax;
	void *buf;
	int r;

	if (size < 1)
		return 0;
	/* libmnl wants the datagram aligned, as recv() into rtnl's buffer
	 * gives it. */
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (!rtnlmsg_datagram_ok(buf, size - 1) ||
	    netstate_init(&f.ns, &caps[(data[0] >> 1) & 3]) != 0) {
		free(buf);
		return 0;
	}
	if (data[0] & 1)
		netstate_mark(&f.ns);
	mnl_cb_run(buf, size - 1, 0, 0, fuzz_rtnl_cb, &f);
	if (data[0] & 1)
		netstate_sweep(&f.ns);
	fuzz_rtnl_check(&f.ns);

	/* The agent's own key budget, less its 32 memory and balloon keys. */
	budget = (size_t)f.ns.caps.max_ifaces * (5 + 2 * f.ns.caps.max_addrs);
	keymap_init(&km, budget);
	r = netstate_render(&f.ns, &km);
	FUZZ_CHECK(r == 0);
	fuzz_check_keymap(&km);
	opsmax = km.max + 1;
	if ((ops = calloc(opsmax, sizeof(*ops))) != NULL) {
		r = keymap_ops(&km, fuzz_rtnl_roots, 1, ops, opsmax);
		FUZZ_CHECK(r >= 0 && (size_t)r <= opsmax);
		keymap_committed(&km);
		FUZZ_CHECK(!keymap_dirty(&km));
		free(ops);
	}
	keymap_free(&km);
	free(buf);
	netstate_free(&f.ns);
	return 0;
}
