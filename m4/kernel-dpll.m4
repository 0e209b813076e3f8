dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl DPLL subsystem: whether the kernel has its own DPLL core (then nsim_dpll
dnl registers with it).

AC_DEFUN([NSIM_KERNEL_DPLL], [dnl
NSIM_PROBE_CONFIG([DPLL_CONFIG], [CONFIG_DPLL], [y], [kernel DPLL core built in])
NSIM_PROBE_HEADER([DPLL_HEADER], [linux/dpll.h], [kernel DPLL API header])
NSIM_PROBE_EXPORT([DPLL_DEVICE_REGISTER], [dpll_device_register],
	[dpll_device_register exported])

dnl The API-variant probes (pin phase offset/adjust, FFO, esync, ref sync,
dnl lock status error, clock quality, ...) come back with the DPLL work that
dnl uses them: a probe without a HAVE_* user is dead weight.
])
