/*
 * rtnl.c - rtnetlink events (libmnl) into the network picture.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "rtnl.h"
#include "rtnlmsg.h"

#define RTNL_DUMP_TRIES	8	/* a dump interrupted by changes is redone */

struct rtnl {
	struct rtnl_opts	 o;
	struct mnl_socket	*ev;
	sd_event_source		*src;
	struct rtnl_stats	 st;
	struct log_ratelimit	 rl;
	bool			 changed;
	bool			 interrupted;	/* NLM_F_DUMP_INTR seen */
	/* netlink messages are read in place: keep them aligned */
	char			 buf[32768] __attribute__((aligned(8)));
};

static void
rtnl_bad(struct rtnl *r, const char *why)
{
	unsigned int dropped;

	r->st.malformed++;
	if (log_ratelimit(&r->rl, clock_mono_us(), 5, 60000000u, &dropped))
		log_warnx("rtnl: skipped malformed message: %s (%u more "
		    "suppressed)", why, dropped);
}

static void
rtnl_apply_link(struct rtnl *r, const struct rtnlmsg_link *l)
{
	struct netstate_link nl;

	if (l->del) {
		r->changed |= netstate_link_remove(r->o.ns, l->ifindex);
		return;
	}
	nl.ifindex = l->ifindex;
	nl.name = l->name;
	nl.devid = r->o.devid(l->name, l->ifindex, r->o.arg);
	nl.mac = l->mac;
	nl.maclen = l->maclen;
	nl.mtu = l->mtu;
	nl.operstate = l->operstate;
	nl.carrier = l->carrier;
	log_debug(LOGC_NET, "rtnl: link %s (ifindex %d, devid %ld)", l->name,
	    l->ifindex, nl.devid);
	r->changed |= netstate_link_update(r->o.ns, &nl);
}

static int
rtnl_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtnl *r = data;
	struct rtnlmsg_link link;
	struct rtnlmsg_addr addr;
	const char *why = "unknown";

	r->st.messages++;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		r->interrupted = true;
	switch (rtnlmsg_decode(nlh, &link, &addr, &why)) {
	case RTNLMSG_ERROR:
		rtnl_bad(r, why);
		break;
	case RTNLMSG_LINK:
		rtnl_apply_link(r, &link);
		break;
	case RTNLMSG_ADDR:
		log_debug(LOGC_NET, "rtnl: %s address on ifindex %d",
		    addr.del ? "removed" : "new", addr.ifindex);
		r->changed |= netstate_addr_update(r->o.ns, addr.ifindex,
		    addr.family, addr.bytes, addr.prefixlen, !addr.del);
		break;
	case RTNLMSG_OTHER:
		break;
	}
	return MNL_CB_OK;
}

/* One dump request on its own socket, read to NLMSG_DONE. */
static int
rtnl_dump_one(struct rtnl *r, struct mnl_socket *nl, uint16_t type,
    uint32_t seq)
{
	char req[256] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct rtgenmsg *g;
	unsigned int portid = mnl_socket_get_portid(nl);
	ssize_t n;
	int ret;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl, r->buf, sizeof(r->buf));
		if (n < 0)
			return -errno;
		if (!rtnlmsg_datagram_ok(r->buf, (size_t)n))
			return -EBADMSG;
		ret = mnl_cb_run(r->buf, (size_t)n, seq, portid, rtnl_msg_cb, r);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static int
rtnl_dump(struct rtnl *r)
{
	struct mnl_socket *nl;
	int ret = 0;

	for (unsigned int t = 0; t < RTNL_DUMP_TRIES; t++) {
		nl = mnl_socket_open(NETLINK_ROUTE);
		if (nl == NULL)
			return -errno;
		if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
			ret = -errno;
			mnl_socket_close(nl);
			return ret;
		}
		r->interrupted = false;
		netstate_mark(r->o.ns);
		ret = rtnl_dump_one(r, nl, RTM_GETLINK, 1);
		if (ret == 0)
			ret = rtnl_dump_one(r, nl, RTM_GETADDR, 2);
		mnl_socket_close(nl);
		if (ret < 0) {
			log_warn("rtnl_dump");
			return ret;
		}
		r->changed |= netstate_sweep(r->o.ns);
		if (!r->interrupted && !r->o.ns->want_resync)
			return 0;
		log_debug(LOGC_NET, "rtnl_dump: %s, again", r->interrupted ?
		    "interrupted by changes" : "the sweep made room");
	}
	return 0;
}

static void
rtnl_notify(struct rtnl *r)
{
	if (!r->changed)
		return;
	r->changed = false;
	if (r->o.changed)
		r->o.changed(r, r->o.arg);
}

/*
 * Events were lost.  What is still queued is older than the loss, so
 * applying it after a dump could bring back something already gone:
 * drop it first, then dump.  Events that arrive from now on are newer
 * than the dump or repeat it, both harmless.
 */
int
rtnl_resync(struct rtnl *r)
{
	int ret;

	for (ssize_t n = 1; r->ev != NULL && n != 0;) {
		n = recv(mnl_socket_get_fd(r->ev), r->buf, sizeof(r->buf),
		    MSG_DONTWAIT);
		if (n < 0 && errno != ENOBUFS)
			break;
	}
	ret = rtnl_dump(r);
	rtnl_notify(r);
	return ret;
}

static int
rtnl_on_io(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct rtnl *r = arg;
	ssize_t n;

	/* Bounded: a storm of events cannot keep the loop here forever. */
	for (unsigned int i = 0; i < 64; i++) {
		n = recv(fd, r->buf, sizeof(r->buf), MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS) {
			r->st.resyncs++;
			log_notice(LOGC_NET, "rtnl: events lost (ENOBUFS), "
			    "resynchronising");
			rtnl_resync(r);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n < 0) {
			log_warn("rtnl_on_io: recv");
			break;
		}
		if (!rtnlmsg_datagram_ok(r->buf, (size_t)n))
			rtnl_bad(r, "malformed netlink lengths");
		else if (mnl_cb_run(r->buf, (size_t)n, 0, 0, rtnl_msg_cb, r) <
		    0 && errno != EINTR)
			rtnl_bad(r, "unparsable datagram");
	}
	if (r->o.ns->want_resync) {
		log_info(LOGC_NET, "rtnl: room under the caps, re-dumping");
		rtnl_resync(r);
	}
	rtnl_notify(r);
	return 0;
}

struct rtnl *
rtnl_open(const struct rtnl_opts *opts)
{
	struct rtnl *r = calloc(1, sizeof(*r));
	unsigned int groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
	    RTMGRP_IPV6_IFADDR;
	int fd, e;

	if (r == NULL)
		return NULL;
	r->o = *opts;
	r->ev = mnl_socket_open(NETLINK_ROUTE);
	if (r->ev == NULL)
		goto fail;
	fd = mnl_socket_get_fd(r->ev);
	if (opts->rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE,
	    &opts->rcvbuf, sizeof(opts->rcvbuf)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &opts->rcvbuf,
	    sizeof(opts->rcvbuf)) < 0)
		goto fail;
	/* Subscribe before the dump, so nothing falls between the two. */
	if (mnl_socket_bind(r->ev, groups, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	if (rtnl_dump(r) < 0)
		goto fail;
	r->changed = true;
	rtnl_notify(r);
	return r;
fail:
	e = errno;
	rtnl_close(r);
	errno = e;
	return NULL;
}

int
rtnl_attach_event(struct rtnl *r, sd_event *e, int64_t prio)
{
	int ret;

	ret = sd_event_add_io(e, &r->src, mnl_socket_get_fd(r->ev), EPOLLIN,
	    rtnl_on_io, r);
	if (ret < 0)
		return ret;
	return sd_event_source_set_priority(r->src, prio);
}

void
rtnl_close(struct rtnl *r)
{
	if (r == NULL)
		return;
	sd_event_source_disable_unref(r->src);
	if (r->ev)
		mnl_socket_close(r->ev);
	free(r);
}

const struct rtnl_stats *
rtnl_stats(const struct rtnl *r)
{
	return &r->st;
}
