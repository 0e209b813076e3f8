// SPDX-License-Identifier: GPL-2.0
/*
 * netdevsim devices: life cycle, ports, and the per-device sysfs files
 * new_port, del_port and sriov_numvfs.
 */

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "nsim_dpll.h"
#include "netdevsim.h"

static struct nsim_port *nsim_port_find(struct nsim_dev *nsim_dev,
					unsigned int index)
{
	struct nsim_port *port;

	list_for_each_entry(port, &nsim_dev->port_list, list)
		if (port->index == index)
			return port;
	return NULL;
}

/* Caller holds port_lock. */
static int nsim_port_add(struct nsim_dev *nsim_dev, unsigned int index,
			 bool is_vf)
{
	struct nsim_port *port;
	char name[16];
	int err;

	if (nsim_port_find(nsim_dev, index))
		return -EEXIST;
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->nsim_dev = nsim_dev;
	port->index = index;
	port->is_vf = is_vf;
	snprintf(name, sizeof(name), "%u", index);
	port->ddir = debugfs_create_dir(name, nsim_dev->ports_ddir);
	debugfs_create_u32("link_delay_ns", 0600, port->ddir,
			   &port->link_delay_ns);

	err = nsim_phc_port_init(port);
	if (err)
		goto err_free;
	err = nsim_devlink_port_add(port);
	if (err)
		goto err_phc;
	err = nsim_netdev_create(port);
	if (err)
		goto err_dl_port;
	list_add_tail(&port->list, &nsim_dev->port_list);
	nsim_phc_port_debugfs(port);
	return 0;

err_dl_port:
	nsim_devlink_port_del(port);
err_phc:
	nsim_phc_port_fini(port);
err_free:
	debugfs_remove_recursive(port->ddir);
	kfree(port);
	return err;
}

/* Delete the ports on @ports (off the device's list), last one first. */
static void nsim_ports_del_list(struct list_head *ports)
{
	struct nsim_port *port, *tmp;

	/* debugfs first: its users (stamp_bench) are drained before the PHC */
	list_for_each_entry(port, ports, list) {
		nsim_phc_port_debugfs_stop(port);
		debugfs_remove_recursive(port->ddir);
	}
	nsim_netdevs_destroy(ports);
	list_for_each_entry_safe_reverse(port, tmp, ports, list) {
		list_del(&port->list);
		nsim_devlink_port_del(port);
		nsim_phc_port_fini(port);
		kfree(port);
	}
}

static void nsim_port_del(struct nsim_port *port)
{
	LIST_HEAD(one);

	list_move(&port->list, &one);
	nsim_ports_del_list(&one);
}

static void nsim_ports_del_all(struct nsim_dev *nsim_dev)
{
	LIST_HEAD(all);

	list_splice_init(&nsim_dev->port_list, &all);
	nsim_ports_del_list(&all);
}

static struct nsim_dev *to_nsim_dev(struct device *dev)
{
	return container_of(dev, struct nsim_dev, dev);
}

/*
 * The device attributes are visible from device_add() on, before devlink and
 * the ports exist: they act only once creation is complete.
 */
static bool nsim_dev_ready(struct nsim_dev *nsim_dev)
{
	/* pairs with the release at the end of nsim_dev_create() */
	return smp_load_acquire(&nsim_dev->initialised);
}

static int nsim_dev_parse_index(const char *buf, unsigned int max,
				unsigned int *val)
{
	char tmp[16];
	size_t len = strnlen(buf, sizeof(tmp));

	if (len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	if (kstrtouint(strim(tmp), 10, val) || *val > max)
		return -EINVAL;
	return 0;
}

/* The PHC of the device's first port other than @skip: the board's GNSS. */
static struct nsim_ptp_clock *nsim_dev_board_phc(struct nsim_dev *nsim_dev,
						 struct nsim_port *skip)
{
	struct nsim_port *port;

	list_for_each_entry(port, &nsim_dev->port_list, list)
		if (port != skip && !port->is_vf && port->phc)
			return port->phc;
	return NULL;
}

/*
 * The port's SyncE pin on the device's board, if it has one (not for
 * VFs).  Caller holds port_lock.
 */
static int nsim_dev_board_port_add(struct nsim_dev *nsim_dev,
				   struct nsim_port *port)
{
	struct nsim_dpll_port *dp;

	lockdep_assert_held(&nsim_dev->port_lock);
	if (port->is_vf || !nsim_dev->dpll_board)
		return 0;
	dp = nsim_dpll_board_port_add(nsim_dev->dpll_board, port->index,
				      port->netdev);
	if (IS_ERR(dp))
		return PTR_ERR(dp);
	port->dpll_port = dp;
	return 0;
}

/* Before the port's netdev goes; caller holds port_lock. */
static void nsim_dev_board_port_del(struct nsim_port *port)
{
	nsim_dpll_board_port_del(port->dpll_port);
	port->dpll_port = NULL;
}

static ssize_t new_port_store(struct device *dev,
			      struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct nsim_dev *nsim_dev = to_nsim_dev(dev);
	unsigned int index;
	int err;

	if (!nsim_dev_ready(nsim_dev))
		return -EBUSY;
	err = nsim_dev_parse_index(buf, NSIM_MAX_PORTS - 1, &index);
	if (err)
		return err;
	mutex_lock(&nsim_dev->port_lock);
	if (nsim_dev->dying)
		err = -ENODEV;
	else
		err = nsim_port_add(nsim_dev, index, false);
	if (!err) {
		struct nsim_port *port = nsim_port_find(nsim_dev, index);

		err = nsim_dev_board_port_add(nsim_dev, port);
		if (err)
			nsim_port_del(port);
	}
	/* a board without a PHC takes the new port's */
	if (!err)
		nsim_dpll_board_set_phc(nsim_dev->dpll_board,
					nsim_dev_board_phc(nsim_dev, NULL));
	mutex_unlock(&nsim_dev->port_lock);
	return err ? err : count;
}
static DEVICE_ATTR_WO(new_port);

static ssize_t del_port_store(struct device *dev,
			      struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct nsim_dev *nsim_dev = to_nsim_dev(dev);
	struct nsim_port *port;
	unsigned int index;
	int err;

	if (!nsim_dev_ready(nsim_dev))
		return -EBUSY;
	err = nsim_dev_parse_index(buf, NSIM_MAX_PORTS - 1, &index);
	if (err)
		return err;
	mutex_lock(&nsim_dev->port_lock);
	port = nsim_dev->dying ? NULL : nsim_port_find(nsim_dev, index);
	if (!port || port->is_vf) {
		err = -ENOENT;
	} else {
		/* the board lets go of the port's pin and PHC first */
		nsim_dev_board_port_del(port);
		nsim_dpll_board_set_phc(nsim_dev->dpll_board,
					nsim_dev_board_phc(nsim_dev, port));
		nsim_port_del(port);
	}
	mutex_unlock(&nsim_dev->port_lock);
	return err ? err : count;
}
static DEVICE_ATTR_WO(del_port);

static ssize_t sriov_numvfs_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct nsim_dev *nsim_dev = to_nsim_dev(dev);

	if (!nsim_dev_ready(nsim_dev))
		return -EBUSY;
	return sysfs_emit(buf, "%u\n", READ_ONCE(nsim_dev->num_vfs));
}

/* As with real SR-IOV: set from 0 to N, or back to 0. */
static ssize_t sriov_numvfs_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct nsim_dev *nsim_dev = to_nsim_dev(dev);
	struct nsim_port *port, *tmp;
	unsigned int num, i;
	int err;

	if (!nsim_dev_ready(nsim_dev))
		return -EBUSY;
	err = nsim_dev_parse_index(buf, NSIM_MAX_VFS, &num);
	if (err)
		return err;
	mutex_lock(&nsim_dev->port_lock);
	if (nsim_dev->dying) {
		err = -ENODEV;
	} else if (num == nsim_dev->num_vfs) {
		/* nothing to do: no RTNL, no grace period */
		mutex_unlock(&nsim_dev->port_lock);
		return count;
	} else if (num && nsim_dev->num_vfs) {
		err = -EBUSY;
	} else if (num) {
		for (i = 0; i < num && !err; i++)
			err = nsim_port_add(nsim_dev, NSIM_VF_PORT_BASE + i,
					    true);
		if (err)
			num = 0;	/* undo what was added below */
		else
			nsim_dev->num_vfs = num;
	}
	if (!num) {
		LIST_HEAD(vfs);

		list_for_each_entry_safe(port, tmp, &nsim_dev->port_list, list)
			if (port->is_vf)
				list_move_tail(&port->list, &vfs);
		nsim_ports_del_list(&vfs);
		nsim_dev->num_vfs = 0;
	}
	mutex_unlock(&nsim_dev->port_lock);
	return err ? err : count;
}
static DEVICE_ATTR_RW(sriov_numvfs);

static struct attribute *nsim_dev_attrs[] = {
	&dev_attr_new_port.attr,
	&dev_attr_del_port.attr,
	&dev_attr_sriov_numvfs.attr,
	NULL
};

static const struct attribute_group nsim_dev_group = {
	.attrs = nsim_dev_attrs,
};

const struct attribute_group *nsim_dev_groups[] = {
	&nsim_dev_group,
	NULL
};

static void nsim_dev_release(struct device *dev)
{
	struct nsim_dev *nsim_dev = to_nsim_dev(dev);
	struct completion *released = nsim_dev->released;

	kfree(nsim_dev);
	if (released)
		complete(released);
}

/*
 * Drop our reference and wait for the last one: devlink drops its
 * reference to its parent from a work item after an RCU grace period, and
 * the release function must not run after the module is gone.
 */
static void nsim_dev_put_wait(struct nsim_dev *nsim_dev)
{
	DECLARE_COMPLETION_ONSTACK(released);

	nsim_dev->released = &released;
	put_device(&nsim_dev->dev);
	wait_for_completion(&released);
}

static const struct device_type nsim_dev_type = {
	.groups = nsim_dev_groups,
	.release = nsim_dev_release,
};

/*
 * A wpc=1 device's DPLL board (nsim_dpll): clock id the device's serial
 * (the PCI DSN in the PCI form), GNSS-1PPS fed by the GNSS signal of the
 * first port's PHC.  Caller holds port_lock.
 */
static int nsim_dev_board_init_locked(struct nsim_dev *nsim_dev)
{
	struct nsim_dpll_board *board;
	struct nsim_port *port;
	int err;

	lockdep_assert_held(&nsim_dev->port_lock);
	if (!nsim_dev->wpc)
		return 0;
	board = nsim_dpll_board_create(nsim_dev->serial,
				       nsim_dev_board_phc(nsim_dev, NULL),
				       nsim_dev->ddir, nsim_dev->parent);
	if (IS_ERR(board))
		return PTR_ERR(board);
	nsim_dev->dpll_board = board;
	list_for_each_entry(port, &nsim_dev->port_list, list) {
		err = nsim_dev_board_port_add(nsim_dev, port);
		if (err)
			return err;	/* the teardown takes the board */
	}
	return 0;
}

/*
 * The board, ports and devlink go, for good: the device attributes refuse
 * from now on.  Idempotent.
 */
static void nsim_dev_teardown_locked(struct nsim_dev *nsim_dev)
{
	struct nsim_port *port;

	lockdep_assert_held(&nsim_dev->port_lock);
	nsim_dev->dying = true;
	/* the board unregisters its ports' pins with it */
	nsim_dpll_board_destroy(nsim_dev->dpll_board);
	nsim_dev->dpll_board = NULL;
	list_for_each_entry(port, &nsim_dev->port_list, list)
		port->dpll_port = NULL;
	nsim_ports_del_all(nsim_dev);
	nsim_dev->num_vfs = 0;
	nsim_devlink_fini(nsim_dev);
}

/**
 * nsim_dev_unplug() - remove what hangs off the device's parent
 * @nsim_dev: device being deleted, or whose PCI function is being removed
 *
 * Ports, netdevs, their PHCs and devlink go; the bus device stays until
 * del_device.  Safe to call more than once, and concurrently.
 */
void nsim_dev_unplug(struct nsim_dev *nsim_dev)
{
	mutex_lock(&nsim_dev->port_lock);
	nsim_dev_teardown_locked(nsim_dev);
	mutex_unlock(&nsim_dev->port_lock);
}

/**
 * nsim_dev_create() - create a device as new_device asked
 * @args: parsed and range-checked request
 *
 * Called with the bus lock held; on failure nothing of the device is left.
 *
 * Return: 0 or a negative errno.
 */
int nsim_dev_create(const struct nsim_new_dev_args *args)
{
	struct nsim_dev *nsim_dev;
	unsigned int i;
	char name[24];
	int err;

	nsim_dev = kzalloc(sizeof(*nsim_dev), GFP_KERNEL);
	if (!nsim_dev)
		return -ENOMEM;
	nsim_dev->id = args->id;
	nsim_dev->port_count = args->port_count;
	nsim_dev->num_queues = args->num_queues;
	nsim_dev->clk_id = args->clk_id;
	nsim_dev->wpc = args->wpc;
	nsim_dev->pci = args->pci;
	nsim_dev->pci_domain = args->pci_domain;
	nsim_dev->pci_bus = args->pci_bus;
	nsim_dev->pci_devfn = args->pci_devfn;
	mutex_init(&nsim_dev->port_lock);
	INIT_LIST_HEAD(&nsim_dev->port_list);

	nsim_dev->dev.bus = &nsim_bus;
	nsim_dev->dev.type = &nsim_dev_type;
	device_initialize(&nsim_dev->dev);
	err = dev_set_name(&nsim_dev->dev, DRV_NAME "%u", args->id);
	if (err)
		goto err_put;
	err = device_add(&nsim_dev->dev);
	if (err)
		goto err_put;

	if (nsim_dev->pci) {
		err = nsim_pci_fn_add(nsim_dev);
		if (err)
			goto err_del;
		nsim_dev->serial = nsim_pci_dsn(args->pci_domain,
						args->pci_bus,
						args->pci_devfn);
	} else {
		nsim_dev->parent = &nsim_dev->dev;
		nsim_dev->serial = 0x4e53494d00000000ULL | args->id;
	}

	snprintf(name, sizeof(name), DRV_NAME "%u", args->id);
	nsim_dev->ddir = debugfs_create_dir(name, nsim_ddir);
	nsim_dev->ports_ddir = debugfs_create_dir("ports", nsim_dev->ddir);

	/*
	 * Under port_lock, so that a removal of the PCI function meanwhile
	 * (nsim_dev_unplug) either finds nothing yet and makes us fail here,
	 * or waits and tears down what we made.
	 */
	mutex_lock(&nsim_dev->port_lock);
	err = nsim_dev->dying ? -ENODEV : nsim_devlink_init(nsim_dev);
	for (i = 0; i < args->port_count && !err; i++)
		err = nsim_port_add(nsim_dev, i, false);
	if (!err)
		err = nsim_dev_board_init_locked(nsim_dev);
	if (err)
		nsim_dev_teardown_locked(nsim_dev);
	mutex_unlock(&nsim_dev->port_lock);
	if (err)
		goto err_pci;

	nsim_bus_dev_list_add(nsim_dev);
	/* the device attributes act from here on: see nsim_dev_ready() */
	smp_store_release(&nsim_dev->initialised, true);
	return 0;

err_pci:
	debugfs_remove_recursive(nsim_dev->ddir);
	if (nsim_dev->pci)
		nsim_pci_fn_del(nsim_dev);
err_del:
	device_del(&nsim_dev->dev);
err_put:
	nsim_dev_put_wait(nsim_dev);
	return err;
}

/**
 * nsim_dev_destroy() - tear a device down, netdevs first, PCI function last
 * @nsim_dev: device already taken off the bus list
 * @dead: called, if not NULL, when all of it is gone but the memory
 */
void nsim_dev_destroy(struct nsim_dev *nsim_dev,
		      void (*dead)(struct nsim_dev *nsim_dev))
{
	nsim_dev_unplug(nsim_dev);
	debugfs_remove_recursive(nsim_dev->ddir);
	if (nsim_dev->pci)
		nsim_pci_fn_del(nsim_dev);
	device_del(&nsim_dev->dev);
	if (dead)
		dead(nsim_dev);
	nsim_dev_put_wait(nsim_dev);
}
