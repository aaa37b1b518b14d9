# agent/: xenballoon-agent, the guest agent.  Guest-only builds need just
# libxenstore, libmnl and libsystemd (configure --disable-daemon).
if BUILD_AGENT
noinst_LIBRARIES += agent/libxbagent.a
agent_libxbagent_a_SOURCES = \
	agent/lines.h \
	agent/meminfo.c agent/meminfo.h \
	agent/psi.c agent/psi.h \
	agent/vmstat.c agent/vmstat.h \
	agent/sysfsval.c agent/sysfsval.h \
	agent/keymap.c agent/keymap.h \
	agent/memstat.c agent/memstat.h agent/pace.h \
	agent/balloon.c agent/balloon.h \
	agent/netstate.c agent/netstate.h \
	agent/rtnlmsg.c agent/rtnlmsg.h \
	agent/rtnl.c agent/rtnl.h \
	agent/psitrigger.c agent/psitrigger.h \
	agent/publish.c agent/publish.h \
	agent/agentconf.c agent/agentconf.h
agent_libxbagent_a_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS) $(SYSTEMD_CFLAGS) \
	$(XENSTORE_CFLAGS)

sbin_PROGRAMS += agent/xenballoon-agent
agent_xenballoon_agent_SOURCES = agent/agent.c
agent_xenballoon_agent_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS) \
	$(SYSTEMD_CFLAGS) $(XENSTORE_CFLAGS)
agent_xenballoon_agent_LDADD = agent/libxbagent.a common/libxbxs.a \
	common/libxbcommon.a $(LIBMNL_LIBS) $(SYSTEMD_LIBS) $(XENSTORE_LIBS)

# The unit names the installed binary, so it is made at build time.
systemdsystemunit_DATA += agent/xenballoon-agent.service
CLEANFILES += agent/xenballoon-agent.service
EXTRA_DIST += agent/xenballoon-agent.service.in agent/agent.conf.example
agent/xenballoon-agent.service: agent/xenballoon-agent.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) agent && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
	    $(top_srcdir)/agent/xenballoon-agent.service.in > $@.tmp && \
	mv $@.tmp $@
dist_man_MANS += man/xenballoon-agent.8
endif
