# common/xs.*: the thin xenstore layer (libxenstore + sd-event).  A library
# of its own, so the guest agent and the tests link it without the rest.
# Link with common/libxbcommon.a (log, parse) after it.
noinst_LIBRARIES += common/libxbxs.a
common_libxbxs_a_SOURCES = common/xs.c common/xs_read.c common/xs.h
common_libxbxs_a_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS) $(SYSTEMD_CFLAGS)
