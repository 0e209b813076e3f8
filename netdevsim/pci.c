// SPDX-License-Identifier: GPL-2.0
/* Fake PCI functions for PCI-form devices (not yet implemented). */

#include <linux/pci.h>

#include "netdevsim.h"

int nsim_pci_init(void)
{
	return 0;
}

void nsim_pci_exit(void)
{
}

int nsim_pci_fn_add(struct nsim_dev *nsim_dev)
{
	return -EOPNOTSUPP;
}

void nsim_pci_fn_del(struct nsim_dev *nsim_dev)
{
}

u64 nsim_pci_dsn(u16 domain, u8 bus, u8 devfn)
{
	return 0;
}
