/*
 * fuzz-agentconf.c - agent/agentconf.h: the agent's configuration file
 * (admin-written in the guest, but a typo must be an error, not a
 * crash), read by common/conf.c.  Checked: a refusal says why and
 * names the file; an accepted file keeps the network caps within
 * netstate's hard limits, the PSI figures and the periods within the
 * key table's bounds (the kernel's trigger window among them) and the
 * strings bounded.
 */
#include "config.h"

#include "agentconf.h"
#include "fuzz.h"
#include "netstate.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agent_config c;
	char err[256];

	agentconf_defaults(&c);
	err[0] = '\0';
	if (agentconf_parse(&c, (const char *)data, size, "fuzz", err,
	    sizeof(err)) != 0) {
		FUZZ_CHECK(strncmp(err, "fuzz", 4) == 0);
		return 0;
	}
	FUZZ_CHECK(c.psi_threshold <= 10000);
	FUZZ_CHECK(c.psi_window_us >= 500000 && c.psi_window_us <= 10000000);
	FUZZ_CHECK(c.psi_stall_us >= 1000 && c.psi_stall_us <= 10000000);
	FUZZ_CHECK(c.heartbeat_ms >= 1000 && c.heartbeat_ms <= 3600000);
	FUZZ_CHECK(c.sample_ms >= 100 && c.balloon_poll_ms >= 100);
	FUZZ_CHECK(c.max_ifaces >= 1 && c.max_ifaces <= NETSTATE_MAX_IFACES);
	FUZZ_CHECK(c.max_addrs >= 1 && c.max_addrs <= NETSTATE_MAX_ADDRS);
	FUZZ_CHECK(c.nglobs <= AGENT_MAX_GLOBS && c.nmaps <= AGENT_MAX_MAPS);
	for (unsigned int i = 0; i < c.nglobs; i++)
		FUZZ_CHECK(memchr(c.globs[i], '\0', AGENT_GLOB_MAX) != NULL);
	for (unsigned int i = 0; i < c.nmaps; i++)
		FUZZ_CHECK(c.maps[i].devid <= NETSTATE_DEVID_MAX);
	FUZZ_CHECK(memchr(c.procdir, '\0', sizeof(c.procdir)) != NULL);
	agentconf_iface_wanted(&c, "eth0");
	agentconf_iface_map(&c, "eth0");
	return 0;
}
