dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl What the PCI form of netdevsim (new_device ... pci=ADDR) needs: fake PCI
dnl functions on root buses of our own, which only x86 lets a module create
dnl (struct pci_sysdata names the domain).  Without it netdevsim still builds
dnl and loads; new_device with a PCI address fails with EOPNOTSUPP.

AC_DEFUN([NSIM_KERNEL_PCI], [dnl
NSIM_PROBE_CONFIG([PCI_CORE], [CONFIG_PCI], [y], [kernel PCI support])
NSIM_PROBE_COMPILE([PCI_FAKE_ROOT], [
#include <linux/pci.h>
], [], [
	struct pci_sysdata sd = { .domain = 0, .node = NUMA_NO_NODE };
	struct pci_bus *b = pci_scan_root_bus(NULL, 0, NULL, &sd, NULL);
	(void)b;
], [fake PCI root buses: x86 pci_sysdata and pci_scan_root_bus])
NSIM_PROBE_EXPORT([PCI_FAKE_ROOT_EXPORT], [pci_scan_root_bus],
	[pci_scan_root_bus exported])
NSIM_PROBE_EXPORT([PCI_STOP_ROOT_BUS_EXPORT], [pci_stop_root_bus],
	[pci_stop_root_bus exported])

AC_CONFIG_COMMANDS_PRE([dnl
AC_MSG_CHECKING([whether netdevsim can have PCI-form devices])
if test "$nsim_have_PCI_CORE" != yes; then
	nsim_pci_form="no (CONFIG_PCI is not set)"
elif test "$nsim_have_PCI_FAKE_ROOT" != yes; then
	nsim_pci_form="no (no x86 pci_sysdata/pci_scan_root_bus on this kernel or architecture)"
elif test "$nsim_have_PCI_FAKE_ROOT_EXPORT" != yes ||
     test "$nsim_have_PCI_STOP_ROOT_BUS_EXPORT" != yes; then
	nsim_pci_form="no (pci_scan_root_bus or pci_stop_root_bus not exported)"
else
	nsim_pci_form=yes
fi
AC_MSG_RESULT([$nsim_pci_form])
AS_IF([test "$nsim_pci_form" != yes],
	[AC_MSG_NOTICE([netdevsim builds without the PCI form: new_device with a PCI address will fail with EOPNOTSUPP])])
])
])
