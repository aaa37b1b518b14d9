# daemon/: xenballoond (the dom0 daemon) and xenballoonctl (its admin CLI).
# The planner (daemon/planner*) has its own fragment, daemon/planner.mk.
if BUILD_DAEMON
sbin_PROGRAMS += daemon/xenballoond daemon/xenballoonctl

XB_DAEMON_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS) $(XENCTRL_CFLAGS) \
	$(XENLIGHT_CFLAGS) $(XENTOOLLOG_CFLAGS) $(JANSSON_CFLAGS) \
	$(SYSTEMD_CFLAGS)

daemon_xenballoond_SOURCES = \
	daemon/xenballoond.c daemon/xbd.h daemon/cadence.h \
	daemon/config.c daemon/store.c daemon/domain.c \
	daemon/policy.c daemon/act.c daemon/publish.c daemon/instance.c \
	daemon/xlconf.c \
	daemon/control.c daemon/control_ops.h \
	daemon/history.c daemon/history.h \
	daemon/request.c daemon/request.h daemon/resv.c daemon/resv.h \
	daemon/resvtab.c \
	daemon/hv.c daemon/hv.h daemon/hv_xen.c daemon/hv_sim.c
daemon_xenballoond_CFLAGS = $(XB_DAEMON_CFLAGS)
daemon_xenballoond_LDADD = daemon/libxbplanner.a common/libxbxs.a \
	common/libxbcommon.a $(XENLIGHT_LIBS) $(XENCTRL_LIBS) \
	$(XENTOOLLOG_LIBS) $(XENSTORE_LIBS) $(JANSSON_LIBS) $(SYSTEMD_LIBS)

daemon_xenballoonctl_SOURCES = daemon/xenballoonctl.c \
	daemon/xlneed.c daemon/xlneed.h daemon/xlsave.c daemon/xlsave.h \
	daemon/lvxml.c daemon/lvxml.h \
	daemon/top.c daemon/top.h daemon/top_tty.c
daemon_xenballoonctl_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) \
	$(XENLIGHT_CFLAGS) $(XLUTIL_CFLAGS) $(XENTOOLLOG_CFLAGS) \
	$(NCURSES_CFLAGS)
daemon_xenballoonctl_LDADD = common/libxbcommon.a $(JANSSON_LIBS) \
	$(XLUTIL_LIBS) $(XENLIGHT_LIBS) $(XENTOOLLOG_LIBS) $(SYSTEMD_LIBS) \
	$(NCURSES_LIBS)

# The unit names the installed binary and the daemon's built-in socket and
# state paths: generated, so --prefix, --runstatedir and --localstatedir
# are honoured.  systemd creates /run/X and /var/lib/X itself
# (RuntimeDirectory=, StateDirectory=); any other place (a source install's
# /usr/local/var) is created by an unsandboxed ExecStartPre and made
# writable under ProtectSystem=strict ("-": the directory does not exist yet
# when the ExecStartPre's own namespace is set up).  The socket's directory is 0755: the socket's own
# mode and group say who may connect.
systemdsystemunit_DATA += daemon/xenballoond.service
CLEANFILES += daemon/xenballoond.service
daemon/xenballoond.service: $(top_srcdir)/daemon/xenballoond.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) daemon && \
	run='$(runstatedir)/xenballoon'; state='$(localstatedir)/lib/xenballoon'; \
	case $$run in \
	/run/*) dirs="RuntimeDirectory=$${run#/run/}\nRuntimeDirectoryMode=0755" ;; \
	*) dirs="ExecStartPre=+/bin/mkdir -p -m 0755 $$run\nReadWritePaths=-$$run" ;; \
	esac; \
	case $$state in \
	/var/lib/*) dirs="$$dirs\nStateDirectory=$${state#/var/lib/}\nStateDirectoryMode=0700" ;; \
	*) dirs="$$dirs\nExecStartPre=+/bin/mkdir -p -m 0700 $$state\nReadWritePaths=-$$state" ;; \
	esac; \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
	    -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	    -e 's|@localstatedir[@]|$(localstatedir)|g' \
	    -e "s|@XB_UNIT_DIRS[@]|$$dirs|" \
	    $(top_srcdir)/daemon/xenballoond.service.in > $@.tmp && mv $@.tmp $@

dist_man_MANS += man/xenballoond.8 man/xenballoonctl.8 man/xenballoond.conf.5
endif
EXTRA_DIST += daemon/xenballoond.service.in daemon/xenballoond.conf

# xenballoond.c stays main and the wiring: nothing in it for others to call.
EXTRA_DIST += daemon/check-wiring.sh
TESTS += daemon/check-wiring.sh
