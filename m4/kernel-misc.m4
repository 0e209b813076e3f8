dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl Core kernel APIs: hrtimers and the driver model (PCI: kernel-pci.m4).

AC_DEFUN([NSIM_KERNEL_MISC], [dnl
NSIM_PROBE_COMPILE([HRTIMER_SETUP], [
#include <linux/hrtimer.h>
], [
static enum hrtimer_restart nsim_t_fn(struct hrtimer *t) { return HRTIMER_NORESTART; }
], [
	hrtimer_setup(NULL, nsim_t_fn, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
], [hrtimer_setup])

NSIM_PROBE_COMPILE([HRTIMER_INIT], [
#include <linux/hrtimer.h>
], [], [
	hrtimer_init(NULL, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
], [hrtimer_init])

NSIM_PROBE_CHAIN([hrtimer set-up], [HRTIMER_SETUP HRTIMER_INIT])
])
