// SPDX-License-Identifier: GPL-2.0
/*
 * Fake PCI functions for PCI-form devices.
 *
 * Each PCI-form device gets a function on a root bus of our own, with a
 * config space we serve from memory: an Ethernet controller with an id only
 * our own driver binds to, a PCI Express capability (so the extended space is
 * read) and a Device Serial Number unique per function.  Root buses are
 * created on demand, for the first function on a bus number that no real
 * bus or bridge uses, and go with their last function (also when that first
 * function could not be added); the one of module parameter pci_bus_nr is
 * created at load and goes at unload.  Only where the kernel lets a module create root buses
 * (x86, see compat/): elsewhere the PCI form fails with EOPNOTSUPP and the
 * rest of netdevsim works.
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "netdevsim.h"

/* No driver in the kernel but ours matches this id pair. */
#define NSIM_PCI_VENDOR		0x1b36
#define NSIM_PCI_DEVICE		0x0fee
#define NSIM_PCI_SUBSYS_VENDOR	0x1b36
#define NSIM_PCI_SUBSYS_DEVICE	0x4e53
#define NSIM_PCI_CFG_SIZE	PCI_CFG_SPACE_EXP_SIZE
#define NSIM_PCI_EXP_CAP	0x40
#define NSIM_PCI_DSN_CAP	PCI_CFG_SPACE_SIZE
#define NSIM_PCI_DSN_BASE	0x4e53494d00000000ULL	/* "NSIM" */

static int pci_bus_nr = -1;
module_param(pci_bus_nr, int, 0444);
MODULE_PARM_DESC(pci_bus_nr,
		 "create a fake PCI root bus at this bus number of domain 0 at load (default -1: only on demand)");

/**
 * nsim_pci_dsn() - Device Serial Number of a fake PCI function
 * @domain: PCI domain
 * @bus: bus number
 * @devfn: device and function
 *
 * Return: the serial, unique per function address.
 */
u64 nsim_pci_dsn(u16 domain, u8 bus, u8 devfn)
{
	return NSIM_PCI_DSN_BASE | (u64)domain << 16 | bus << 8 | devfn;
}

#ifdef NSIM_PCI_FORM

struct nsim_pci_root {
	struct list_head list;
	struct pci_bus *bus;
	int domain;
	int busnr;
	unsigned int nr_fns;	/* functions added or being added */
	bool pinned;		/* pci_bus_nr's: kept until unload */
	struct pci_sysdata sd;
};

struct nsim_pci_fn {
	struct list_head list;
	struct nsim_pci_root *root;
	u8 devfn;
	/*
	 * Removed from PCI (remove() ran): config reads find nothing, so a
	 * rescan does not bring it back.  Set and read under the PCI core's
	 * rescan/remove lock, and with nsim_pci_cfg_lock for the readers.
	 */
	bool gone;
	struct pci_dev *pdev;		/* referenced until nsim_pci_fn_del() */
	struct nsim_dev *nsim_dev;	/* NULL once nsim_pci_fn_del() began */
	u8 cfg[NSIM_PCI_CFG_SIZE];
};

/*
 * Root buses and their function counts.  Not the bus lock of bus.c:
 * del_device deletes functions without it.  Taken before the PCI core's
 * rescan/remove lock, never inside it (remove() runs inside that one).
 */
static DEFINE_MUTEX(nsim_pci_root_lock);
static LIST_HEAD(nsim_pci_roots);	/* under nsim_pci_root_lock */
static LIST_HEAD(nsim_pci_fns);		/* under nsim_pci_cfg_lock */
/* Raw: config accessors run under the PCI core's raw pci_lock. */
static DEFINE_RAW_SPINLOCK(nsim_pci_cfg_lock);

static struct nsim_pci_fn *nsim_pci_fn_lookup(struct pci_bus *bus,
					      unsigned int devfn)
{
	struct nsim_pci_fn *fn;

	list_for_each_entry(fn, &nsim_pci_fns, list)
		if (fn->root->bus == bus && fn->devfn == devfn && !fn->gone)
			return fn;
	return NULL;
}

static int nsim_pci_read(struct pci_bus *bus, unsigned int devfn, int where,
			 int size, u32 *val)
{
	struct nsim_pci_fn *fn;
	unsigned long flags;
	u32 v = 0;
	int i;

	if (where < 0 || where + size > NSIM_PCI_CFG_SIZE) {
		*val = ~0U;
		return PCIBIOS_BAD_REGISTER_NUMBER;
	}
	raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
	fn = nsim_pci_fn_lookup(bus, devfn);
	if (fn)
		for (i = size - 1; i >= 0; i--)
			v = v << 8 | fn->cfg[where + i];
	raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);
	if (!fn) {
		*val = ~0U;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	*val = v;
	return PCIBIOS_SUCCESSFUL;
}

/* Only the command register and cache line/latency bytes are writable. */
static bool nsim_pci_writable(int off)
{
	return off == PCI_COMMAND || off == PCI_COMMAND + 1 ||
	       off == PCI_CACHE_LINE_SIZE || off == PCI_LATENCY_TIMER;
}

static int nsim_pci_write(struct pci_bus *bus, unsigned int devfn, int where,
			  int size, u32 val)
{
	struct nsim_pci_fn *fn;
	unsigned long flags;
	int i;

	if (where < 0 || where + size > NSIM_PCI_CFG_SIZE)
		return PCIBIOS_BAD_REGISTER_NUMBER;
	raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
	fn = nsim_pci_fn_lookup(bus, devfn);
	if (fn)
		for (i = 0; i < size; i++)
			if (nsim_pci_writable(where + i))
				fn->cfg[where + i] = val >> (8 * i);
	raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);
	return fn ? PCIBIOS_SUCCESSFUL : PCIBIOS_DEVICE_NOT_FOUND;
}

static struct pci_ops nsim_pci_ops = {
	.read = nsim_pci_read,
	.write = nsim_pci_write,
};

static void nsim_pci_put16(u8 *cfg, int off, u16 v)
{
	cfg[off] = v;
	cfg[off + 1] = v >> 8;
}

static void nsim_pci_put32(u8 *cfg, int off, u32 v)
{
	nsim_pci_put16(cfg, off, v);
	nsim_pci_put16(cfg, off + 2, v >> 16);
}

static void nsim_pci_fill_cfg(u8 *cfg, u64 dsn)
{
	nsim_pci_put16(cfg, PCI_VENDOR_ID, NSIM_PCI_VENDOR);
	nsim_pci_put16(cfg, PCI_DEVICE_ID, NSIM_PCI_DEVICE);
	nsim_pci_put16(cfg, PCI_STATUS, PCI_STATUS_CAP_LIST);
	cfg[PCI_REVISION_ID] = 1;
	nsim_pci_put16(cfg, PCI_CLASS_DEVICE, PCI_CLASS_NETWORK_ETHERNET);
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL | 0x80; /* multi-fn */
	nsim_pci_put16(cfg, PCI_SUBSYSTEM_VENDOR_ID, NSIM_PCI_SUBSYS_VENDOR);
	nsim_pci_put16(cfg, PCI_SUBSYSTEM_ID, NSIM_PCI_SUBSYS_DEVICE);
	cfg[PCI_CAPABILITY_LIST] = NSIM_PCI_EXP_CAP;
	/* PCIe v2 root-complex integrated endpoint: no link to train */
	cfg[NSIM_PCI_EXP_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_EXP;
	cfg[NSIM_PCI_EXP_CAP + PCI_CAP_LIST_NEXT] = 0;
	nsim_pci_put16(cfg, NSIM_PCI_EXP_CAP + PCI_EXP_FLAGS,
		       2 | PCI_EXP_TYPE_RC_END << 4);
	nsim_pci_put32(cfg, NSIM_PCI_DSN_CAP,
		       PCI_EXT_CAP_ID_DSN | 1 << 16);
	nsim_pci_put32(cfg, NSIM_PCI_DSN_CAP + 4, (u32)dsn);
	nsim_pci_put32(cfg, NSIM_PCI_DSN_CAP + 8, (u32)(dsn >> 32));
}

static struct nsim_pci_root *nsim_pci_root_find(int domain, int busnr)
{
	struct nsim_pci_root *root;

	list_for_each_entry(root, &nsim_pci_roots, list)
		if (root->domain == domain && root->busnr == busnr)
			return root;
	return NULL;
}

/*
 * Whether @busnr of @domain is a real bus, or lies in the range of bus
 * numbers behind a real bridge (a hot-plug bridge reserves numbers that have
 * no bus yet).  Under the rescan/remove lock, held until the bus is made, so
 * that no hot-plug or rescan takes the number in between.
 */
static bool nsim_pci_busnr_taken(int domain, int busnr)
{
	struct pci_dev *pdev = NULL;

	if (pci_find_bus(domain, busnr))
		return true;
	for_each_pci_dev(pdev) {
		struct pci_bus *sub = pdev->subordinate;

		if (sub && pci_domain_nr(sub) == domain &&
		    busnr >= sub->busn_res.start && busnr <= sub->busn_res.end) {
			pci_dev_put(pdev);
			return true;
		}
	}
	return false;
}

/*
 * A root bus at @domain:@busnr with one more user, refused where a real bus
 * is or may be.
 */
static struct nsim_pci_root *nsim_pci_root_get(int domain, int busnr)
{
	struct nsim_pci_root *root;
	LIST_HEAD(resources);
	struct pci_bus *bus = NULL;

	lockdep_assert_held(&nsim_pci_root_lock);
	root = nsim_pci_root_find(domain, busnr);
	if (root) {
		root->nr_fns++;
		return root;
	}
	root = kzalloc(sizeof(*root), GFP_KERNEL);
	if (!root)
		return ERR_PTR(-ENOMEM);
	root->domain = domain;
	root->busnr = busnr;
	root->nr_fns = 1;
	root->sd.domain = domain;
	root->sd.node = NUMA_NO_NODE;
	pci_lock_rescan_remove();
	if (!nsim_pci_busnr_taken(domain, busnr)) {
		bus = pci_scan_root_bus(NULL, busnr, &nsim_pci_ops, &root->sd,
					&resources);
		if (bus)
			pci_bus_add_devices(bus);
	}
	pci_unlock_rescan_remove();
	if (!bus) {
		kfree(root);
		return ERR_PTR(-EBUSY);
	}
	root->bus = bus;
	list_add_tail(&root->list, &nsim_pci_roots);
	return root;
}

static void nsim_pci_root_del(struct nsim_pci_root *root)
{
	struct device *bridge = root->bus->bridge;

	lockdep_assert_held(&nsim_pci_root_lock);
	pci_lock_rescan_remove();
	pci_stop_root_bus(root->bus);
	pci_remove_root_bus(root->bus);
	pci_unlock_rescan_remove();
	/*
	 * pci_remove_root_bus() only deletes the host bridge: the reference
	 * its allocation took is the creator's to drop (kmemleak on 6.12-dbg
	 * found it otherwise; 5.10 and later behave the same).
	 */
	put_device(bridge);
	list_del(&root->list);
	kfree(root);
}

/* Drop a user of @root: an on-demand root bus goes with its last one. */
static void nsim_pci_root_put(struct nsim_pci_root *root)
{
	mutex_lock(&nsim_pci_root_lock);
	if (!--root->nr_fns && !root->pinned)
		nsim_pci_root_del(root);
	mutex_unlock(&nsim_pci_root_lock);
}

/**
 * nsim_pci_fn_add() - create the device's PCI function and use it as parent
 * @nsim_dev: PCI-form device; its address is free and function 0 of its
 *	slot exists unless it is function 0 (checked by the caller)
 *
 * Context: bus lock held.
 * Return: 0 or a negative errno; nothing is left on failure, not even a
 *	root bus made for this function.
 */
int nsim_pci_fn_add(struct nsim_dev *nsim_dev)
{
	struct nsim_pci_root *root;
	struct nsim_pci_fn *fn;
	struct pci_dev *pdev;
	unsigned long flags;

	mutex_lock(&nsim_pci_root_lock);
	root = nsim_pci_root_get(nsim_dev->pci_domain, nsim_dev->pci_bus);
	mutex_unlock(&nsim_pci_root_lock);
	if (IS_ERR(root))
		return PTR_ERR(root);
	fn = kzalloc(sizeof(*fn), GFP_KERNEL);
	if (!fn) {
		nsim_pci_root_put(root);
		return -ENOMEM;
	}
	fn->root = root;
	fn->devfn = nsim_dev->pci_devfn;
	fn->nsim_dev = nsim_dev;
	nsim_pci_fill_cfg(fn->cfg, nsim_pci_dsn(nsim_dev->pci_domain,
						nsim_dev->pci_bus,
						nsim_dev->pci_devfn));
	raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
	list_add_tail(&fn->list, &nsim_pci_fns);
	raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);

	/* remove() can run as soon as the function is added: fn->pdev first */
	pci_lock_rescan_remove();
	pdev = pci_scan_single_device(root->bus, fn->devfn);
	if (pdev) {
		fn->pdev = pci_dev_get(pdev);
		pci_bus_add_device(pdev);
	}
	pci_unlock_rescan_remove();
	if (!pdev) {
		raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
		list_del(&fn->list);
		raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);
		kfree(fn);
		nsim_pci_root_put(root);
		return -EIO;
	}
	nsim_dev->pci_fn = fn;
	nsim_dev->parent = &pdev->dev;
	return 0;
}

/**
 * nsim_pci_fn_del() - remove the device's PCI function
 * @nsim_dev: device whose netdevs and devlink are gone
 */
void nsim_pci_fn_del(struct nsim_dev *nsim_dev)
{
	struct nsim_pci_fn *fn = nsim_dev->pci_fn;
	unsigned long flags;

	if (!fn)
		return;
	raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
	fn->nsim_dev = NULL;	/* remove() has nothing more to unplug */
	raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);
	pci_lock_rescan_remove();
	if (!fn->gone)
		pci_stop_and_remove_bus_device(fn->pdev);
	pci_unlock_rescan_remove();
	pci_dev_put(fn->pdev);
	raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
	list_del(&fn->list);
	raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);
	nsim_pci_root_put(fn->root);
	kfree(fn);
	nsim_dev->pci_fn = NULL;
	nsim_dev->parent = NULL;
}

/* Our functions bind to our driver, which needs to do nothing. */
static const struct pci_device_id nsim_pci_ids[] = {
	{ PCI_DEVICE(NSIM_PCI_VENDOR, NSIM_PCI_DEVICE) },
	{ }
};

static int nsim_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return 0;
}

/*
 * The function is being removed from PCI: by del_device (nothing left to
 * do), or by "echo 1 > .../remove" under the device.  Then, as a real driver
 * would, take down what hangs off it: ports, netdevs, PHCs, devlink.  The
 * netdevsim device stays, without ports, until del_device.
 */
static void nsim_pci_remove(struct pci_dev *pdev)
{
	struct nsim_dev *nsim_dev = NULL;
	struct nsim_pci_fn *fn;
	unsigned long flags;

	raw_spin_lock_irqsave(&nsim_pci_cfg_lock, flags);
	list_for_each_entry(fn, &nsim_pci_fns, list) {
		if (fn->pdev == pdev) {
			fn->gone = true;
			nsim_dev = fn->nsim_dev;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&nsim_pci_cfg_lock, flags);
	if (nsim_dev) {
		dev_info(&pdev->dev, "removed under the driver: %s has no ports until del_device\n",
			 dev_name(&nsim_dev->dev));
		nsim_dev_unplug(nsim_dev);
	}
}

static struct pci_driver nsim_pci_driver = {
	.name		= DRV_NAME,
	.id_table	= nsim_pci_ids,
	.probe		= nsim_pci_probe,
	.remove		= nsim_pci_remove,
	/* no unbind/bind through sysfs: the function exists for this driver */
	.driver.suppress_bind_attrs = true,
};

/**
 * nsim_pci_init() - register the PCI driver; the root bus of module
 *	parameter pci_bus_nr when it is set
 *
 * Return: 0, -EINVAL out of range, -EBUSY when the bus number is taken.
 */
int nsim_pci_init(void)
{
	struct nsim_pci_root *root;
	int nr = pci_bus_nr, err;

	if (nr < -1 || nr > 0xff) {
		pr_err(DRV_NAME ": pci_bus_nr=%d is out of range 0-255\n", nr);
		return -EINVAL;
	}
	err = pci_register_driver(&nsim_pci_driver);
	if (err || nr == -1)
		return err;
	mutex_lock(&nsim_pci_root_lock);
	root = nsim_pci_root_get(0, nr);
	if (!IS_ERR(root)) {
		root->pinned = true;
		root->nr_fns--;	/* undo our get: pinned keeps it */
	}
	mutex_unlock(&nsim_pci_root_lock);
	if (IS_ERR(root)) {
		pr_err(DRV_NAME ": cannot place the PCI root bus at 0000:%02x: %ld\n",
		       nr, PTR_ERR(root));
		pci_unregister_driver(&nsim_pci_driver);
		return PTR_ERR(root);
	}
	return 0;
}

/**
 * nsim_pci_exit() - remove the root bus of pci_bus_nr (all functions, and
 *	so the on-demand root buses, are gone)
 */
void nsim_pci_exit(void)
{
	struct nsim_pci_root *root, *tmp;

	mutex_lock(&nsim_pci_root_lock);
	list_for_each_entry_safe(root, tmp, &nsim_pci_roots, list)
		nsim_pci_root_del(root);
	mutex_unlock(&nsim_pci_root_lock);
	pci_unregister_driver(&nsim_pci_driver);
}

#else /* !NSIM_PCI_FORM */

/* This kernel or architecture cannot have our fake PCI functions. */
#define NSIM_PCI_NONE	"this kernel or architecture has no fake PCI root buses for modules (needs x86 and CONFIG_PCI)"

int nsim_pci_init(void)
{
	if (pci_bus_nr == -1)
		return 0;
	pr_err(DRV_NAME ": pci_bus_nr=%d: %s\n", pci_bus_nr, NSIM_PCI_NONE);
	return -EOPNOTSUPP;
}

void nsim_pci_exit(void)
{
}

int nsim_pci_fn_add(struct nsim_dev *nsim_dev)
{
	pr_warn_ratelimited(DRV_NAME ": new_device %u: no PCI form: %s\n",
			    nsim_dev->id, NSIM_PCI_NONE);
	return -EOPNOTSUPP;
}

void nsim_pci_fn_del(struct nsim_dev *nsim_dev)
{
}

#endif /* NSIM_PCI_FORM */
