# man/: manual pages are listed in dist_man_MANS by the fragment of the
# program they document; this one lints them all.
EXTRA_DIST += man/lint.sh man/check-xskeys.sh man/check-protocol.sh
TESTS += man/lint.sh man/check-xskeys.sh man/check-protocol.sh
AM_TESTS_ENVIRONMENT += XB_MANPAGES='$(dist_man_MANS)'; export XB_MANPAGES;
