# The lab: a real Xen host in QEMU (tests/lab/).
EXTRA_DIST += tests/lab

.PHONY: lab
lab:
	@echo "make lab: boots Xen 4.17 + dom0 + PV guests in qemu-system-x86_64 and runs"
	@echo "the end-to-end scenarios (tests/lab/).  The lab is not written yet." >&2
	@exit 1
