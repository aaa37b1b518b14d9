# tests/ci: how .ci/run counts its stages (.ci/count.sh), checked on
# canned logs by make check.
EXTRA_DIST += .ci/count.sh tests/ci/ci-count.sh
TESTS += tests/ci/ci-count.sh
