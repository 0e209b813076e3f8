// SPDX-License-Identifier: GPL-2.0
/*
 * The netdevsim bus: /sys/bus/netdevsim/{new,del,link,unlink}_device.
 *
 * new_device takes three forms:
 *   ID [PORT_COUNT [NUM_QUEUES]] [pci=ADDR] [clock=CLK_ID] [wpc=0|1]
 *   ID PCI_ADDR [CLK_ID [PORT_COUNT [NUM_QUEUES [WPC]]]]
 * the second recognised by the ':' in its second token.
 */

#include <linux/atomic.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/proc_ns.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "nsim_ptp.h"
#include "nsim_dpll.h"
#include "netdevsim.h"

#define NSIM_MAX_TOKENS		8
#define NSIM_MAX_TOKEN_LEN	32
#define NSIM_MAX_INPUT		256

static LIST_HEAD(nsim_dev_list);
/*
 * Devices del_device took off nsim_dev_list and is tearing down without the
 * bus lock (teardown waits for RCU grace periods; other bus writes need not
 * wait with it): their ID and PCI address stay taken until they are gone.
 */
static LIST_HEAD(nsim_dev_dying);
/* how many are on it, read without the lock by module exit's wait */
static atomic_t nsim_dev_dying_nr = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(nsim_dev_dying_wq);
static DEFINE_MUTEX(nsim_bus_lock);	/* both lists, nsim_bus_enabled */
/*
 * Set once the driver is registered, cleared first thing at unload: no
 * new_device may create a device after unload emptied the list.
 */
static bool nsim_bus_enabled;
struct dentry *nsim_ddir;

struct nsim_tokens {
	char buf[NSIM_MAX_INPUT];
	char *tok[NSIM_MAX_TOKENS];
	int n;
};

/*
 * Split a sysfs write into whitespace-separated tokens; refuse empty,
 * over-long or over-many ones so no caller ever sees a truncated value.
 */
static int nsim_tokenize(const char *in, size_t count, struct nsim_tokens *t)
{
	char *p;

	if (count >= sizeof(t->buf))
		return -EINVAL;
	memcpy(t->buf, in, count);
	t->buf[count] = '\0';
	t->n = 0;
	p = t->buf;
	for (;;) {
		char *tok;

		p = skip_spaces(p);
		if (!*p)
			break;
		tok = p;
		while (*p && !isspace(*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (t->n == NSIM_MAX_TOKENS || strlen(tok) > NSIM_MAX_TOKEN_LEN)
			return -EINVAL;
		t->tok[t->n++] = tok;
	}
	return t->n ? 0 : -EINVAL;
}

/*
 * Split a bus file write into tokens, in a buffer of its own (too big for the
 * stack); @want is the exact token count required, 0 for any.  Free with
 * kfree().
 */
static struct nsim_tokens *nsim_tokens_new(const char *buf, size_t count,
					   unsigned int want)
{
	struct nsim_tokens *t;
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	err = nsim_tokenize(buf, count, t);
	if (!err && want && t->n != want)
		err = -EINVAL;
	if (err) {
		kfree(t);
		return ERR_PTR(err);
	}
	return t;
}

static int nsim_parse_uint(const char *s, unsigned int min, unsigned int max,
			   unsigned int *val)
{
	unsigned int v;

	if (kstrtouint(s, 10, &v) || v < min || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

static int nsim_parse_clk(const char *s, int *clk_id)
{
	int v;

	if (kstrtoint(s, 10, &v) || v < -1)
		return -EINVAL;
	*clk_id = v;
	return 0;
}

/* DDDD:BB:DD.F, all hexadecimal, each field in range. */
static int nsim_parse_pci_addr(const char *s, struct nsim_new_dev_args *a)
{
	unsigned int dom, bus, slot, fn;
	char end;

	if (strlen(s) != 12 || s[4] != ':' || s[7] != ':' || s[10] != '.')
		return -EINVAL;
	if (sscanf(s, "%4x:%2x:%2x.%1x%c", &dom, &bus, &slot, &fn, &end) != 4)
		return -EINVAL;
	if (!isxdigit(s[0]) || !isxdigit(s[5]) || !isxdigit(s[8]) ||
	    !isxdigit(s[11]))
		return -EINVAL;
	if (dom > 0xffff || bus > 0xff || slot > 0x1f || fn > 7)
		return -EINVAL;
	a->pci = true;
	a->pci_domain = dom;
	a->pci_bus = bus;
	a->pci_devfn = PCI_DEVFN(slot, fn);
	return 0;
}

static int nsim_parse_wpc(const char *s, bool *wpc)
{
	unsigned int v;

	if (nsim_parse_uint(s, 0, 1, &v))
		return -EINVAL;
	*wpc = v;
	return 0;
}

/* ID PCI_ADDR [CLK_ID [PORT_COUNT [NUM_QUEUES [WPC]]]] */
static int nsim_parse_dkms_form(struct nsim_tokens *t,
				struct nsim_new_dev_args *a)
{
	if (t->n > 6)
		return -EINVAL;
	if (nsim_parse_pci_addr(t->tok[1], a))
		return -EINVAL;
	if (t->n > 2 && nsim_parse_clk(t->tok[2], &a->clk_id))
		return -EINVAL;
	if (t->n > 3 &&
	    nsim_parse_uint(t->tok[3], 0, NSIM_MAX_PORTS, &a->port_count))
		return -EINVAL;
	if (t->n > 4 &&
	    nsim_parse_uint(t->tok[4], 1, NSIM_MAX_QUEUES, &a->num_queues))
		return -EINVAL;
	if (t->n > 5 && nsim_parse_wpc(t->tok[5], &a->wpc))
		return -EINVAL;
	return 0;
}

/* ID [PORT_COUNT [NUM_QUEUES]] [key=value...] */
static int nsim_parse_upstream_form(struct nsim_tokens *t,
				    struct nsim_new_dev_args *a)
{
	bool seen_pci = false, seen_clk = false, seen_wpc = false;
	int i, pos = 1;

	for (i = 1; i < t->n; i++) {
		char *tok = t->tok[i], *val = strchr(tok, '=');

		if (!val) {
			/* positional values may not follow options */
			if (i != pos || pos > 2)
				return -EINVAL;
			if (pos == 1 &&
			    nsim_parse_uint(tok, 0, NSIM_MAX_PORTS,
					    &a->port_count))
				return -EINVAL;
			if (pos == 2 &&
			    nsim_parse_uint(tok, 1, NSIM_MAX_QUEUES,
					    &a->num_queues))
				return -EINVAL;
			pos++;
			continue;
		}
		*val++ = '\0';
		if (!strcmp(tok, "pci") && !seen_pci) {
			seen_pci = true;
			if (nsim_parse_pci_addr(val, a))
				return -EINVAL;
		} else if (!strcmp(tok, "clock") && !seen_clk) {
			seen_clk = true;
			if (nsim_parse_clk(val, &a->clk_id))
				return -EINVAL;
		} else if (!strcmp(tok, "wpc") && !seen_wpc) {
			seen_wpc = true;
			if (nsim_parse_wpc(val, &a->wpc))
				return -EINVAL;
		} else {
			return -EINVAL;	/* unknown or repeated key */
		}
	}
	return 0;
}

static struct nsim_dev *nsim_dev_find_in(struct list_head *list,
					 unsigned int id)
{
	struct nsim_dev *d;

	list_for_each_entry(d, list, list)
		if (d->id == id)
			return d;
	return NULL;
}

static struct nsim_dev *nsim_dev_find(unsigned int id)
{
	return nsim_dev_find_in(&nsim_dev_list, id);
}

static bool nsim_pci_addr_in(struct list_head *list,
			     const struct nsim_new_dev_args *a)
{
	struct nsim_dev *d;

	list_for_each_entry(d, list, list)
		if (d->pci && d->pci_domain == a->pci_domain &&
		    d->pci_bus == a->pci_bus && d->pci_devfn == a->pci_devfn)
			return true;
	return false;
}

/* Taken by a device, or by one still being deleted. */
static bool nsim_pci_addr_used(const struct nsim_new_dev_args *a)
{
	return nsim_pci_addr_in(&nsim_dev_list, a) ||
	       nsim_pci_addr_in(&nsim_dev_dying, a);
}

/* Function 0 of a slot first: real multi-function devices look like that. */
static bool nsim_pci_fn0_present(const struct nsim_new_dev_args *a)
{
	struct nsim_new_dev_args f0 = *a;

	if (!PCI_FUNC(a->pci_devfn))
		return true;
	f0.pci_devfn = PCI_DEVFN(PCI_SLOT(a->pci_devfn), 0);
	return nsim_pci_addr_in(&nsim_dev_list, &f0);
}

static ssize_t new_device_store(nsim_const_bus *bus, const char *buf,
				size_t count)
{
	struct nsim_new_dev_args a = {
		.port_count = 1,
		.num_queues = 1,
		.clk_id = -1,
	};
	struct nsim_tokens *t;
	int err;

	t = nsim_tokens_new(buf, count, 0);
	if (IS_ERR(t)) {
		err = PTR_ERR(t);
		t = NULL;
		goto out;
	}
	err = -EINVAL;
	if (nsim_parse_uint(t->tok[0], 0, INT_MAX, &a.id))
		goto out;
	if (t->n > 1 && strchr(t->tok[1], ':'))
		err = nsim_parse_dkms_form(t, &a);
	else
		err = nsim_parse_upstream_form(t, &a);
	if (err)
		goto out;

	mutex_lock(&nsim_bus_lock);
	if (!nsim_bus_enabled)
		err = -ENODEV;
	else if (nsim_dev_find(a.id) ||
		 nsim_dev_find_in(&nsim_dev_dying, a.id))
		err = -EEXIST;
	else if (a.pci && nsim_pci_addr_used(&a))
		err = -EEXIST;
	else if (a.pci && !nsim_pci_fn0_present(&a))
		err = -ENODEV;
	else
		err = nsim_dev_create(&a);
	mutex_unlock(&nsim_bus_lock);
out:
	kfree(t);
	if (err)
		pr_info_ratelimited(DRV_NAME ": new_device: rejected (%d)\n",
				    err);
	return err ? err : count;
}

/*
 * Called by nsim_dev_destroy() once @nsim_dev is torn down, before its last
 * reference goes: its ID and PCI address are free from now on.
 */
static void nsim_bus_dev_dead(struct nsim_dev *nsim_dev)
{
	mutex_lock(&nsim_bus_lock);
	list_del(&nsim_dev->list);
	mutex_unlock(&nsim_bus_lock);
	if (atomic_dec_and_test(&nsim_dev_dying_nr))
		wake_up_all(&nsim_dev_dying_wq);
}

/* Called from nsim_dev_create() with nsim_bus_lock held. */
void nsim_bus_dev_list_add(struct nsim_dev *nsim_dev)
{
	list_add_tail(&nsim_dev->list, &nsim_dev_list);
}

static bool nsim_pci_other_fns_in(struct list_head *list,
				  struct nsim_dev *nsim_dev)
{
	struct nsim_dev *d;

	list_for_each_entry(d, list, list)
		if (d != nsim_dev && d->pci &&
		    d->pci_domain == nsim_dev->pci_domain &&
		    d->pci_bus == nsim_dev->pci_bus &&
		    PCI_SLOT(d->pci_devfn) == PCI_SLOT(nsim_dev->pci_devfn))
			return true;
	return false;
}

/* Other functions of function 0's slot, live or still being deleted. */
static bool nsim_pci_has_other_fns(struct nsim_dev *nsim_dev)
{
	if (!nsim_dev->pci || PCI_FUNC(nsim_dev->pci_devfn))
		return false;
	return nsim_pci_other_fns_in(&nsim_dev_list, nsim_dev) ||
	       nsim_pci_other_fns_in(&nsim_dev_dying, nsim_dev);
}

static ssize_t del_device_store(nsim_const_bus *bus, const char *buf,
				size_t count)
{
	struct nsim_dev *nsim_dev;
	struct nsim_tokens *t;
	unsigned int id;
	int err;

	t = nsim_tokens_new(buf, count, 1);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = nsim_parse_uint(t->tok[0], 0, INT_MAX, &id);
	kfree(t);
	if (err)
		return err;

	mutex_lock(&nsim_bus_lock);
	nsim_dev = nsim_bus_enabled ? nsim_dev_find(id) : NULL;
	if (!nsim_dev) {
		err = -ENOENT;
	} else if (nsim_pci_has_other_fns(nsim_dev)) {
		err = -EBUSY;	/* function 0 goes last */
	} else {
		list_move(&nsim_dev->list, &nsim_dev_dying);
		atomic_inc(&nsim_dev_dying_nr);
	}
	mutex_unlock(&nsim_bus_lock);
	if (err)
		return err;

	/* without the bus lock: module exit waits for nsim_dev_dying */
	nsim_dev_destroy(nsim_dev, nsim_bus_dev_dead);
	return count;
}

/* A "NETNS_FD:IFINDEX" reference of the writing process, parsed. */
struct nsim_netdev_ref {
	struct net *net;
	int ifindex;
};

static int nsim_netdev_ref_parse(const char *s, struct nsim_netdev_ref *ref)
{
	unsigned int fd, ifindex;
	struct net *net;
	char end;

	if (sscanf(s, "%u:%u%c", &fd, &ifindex, &end) != 2 || fd > INT_MAX ||
	    !ifindex || ifindex > INT_MAX)
		return -EINVAL;
	net = get_net_ns_by_fd(fd);
	if (IS_ERR(net))
		return PTR_ERR(net);
	ref->net = net;
	ref->ifindex = ifindex;
	return 0;
}

static void nsim_netdev_ref_put(struct nsim_netdev_ref *ref)
{
	if (ref->net)
		put_net(ref->net);
	ref->net = NULL;
}

/*
 * The netdev of @ref, when it is one of ours and registered.  RTNL held by
 * the caller up to the end of its use: unregistering takes RTNL, so the
 * netdev cannot go away (or be half gone) under a link or an unlink.
 */
static struct netdevsim *nsim_netdev_ref_lookup(struct nsim_netdev_ref *ref)
{
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(ref->net, ref->ifindex);
	if (!dev || dev->reg_state != NETREG_REGISTERED)
		return ERR_PTR(-ENODEV);
	if (!nsim_netdev_is_ours(dev))
		return ERR_PTR(-EOPNOTSUPP);
	return netdev_priv(dev);
}

static ssize_t link_device_store(nsim_const_bus *bus, const char *buf,
				 size_t count)
{
	struct nsim_netdev_ref ra = {}, rb = {};
	struct netdevsim *a, *b;
	struct nsim_tokens *t;
	int err;

	t = nsim_tokens_new(buf, count, 2);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = nsim_netdev_ref_parse(t->tok[0], &ra);
	if (!err)
		err = nsim_netdev_ref_parse(t->tok[1], &rb);
	kfree(t);
	if (err)
		goto out;

	rtnl_lock();
	a = nsim_netdev_ref_lookup(&ra);
	b = nsim_netdev_ref_lookup(&rb);
	if (IS_ERR(a))
		err = PTR_ERR(a);
	else if (IS_ERR(b))
		err = PTR_ERR(b);
	else
		err = nsim_netdev_link(a, b);	/* -EINVAL when a == b */
	rtnl_unlock();
out:
	nsim_netdev_ref_put(&ra);
	nsim_netdev_ref_put(&rb);
	return err ? err : count;
}

static ssize_t unlink_device_store(nsim_const_bus *bus,
				   const char *buf, size_t count)
{
	struct nsim_netdev_ref ra = {};
	struct nsim_tokens *t;
	struct netdevsim *a;
	int err;

	t = nsim_tokens_new(buf, count, 1);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = nsim_netdev_ref_parse(t->tok[0], &ra);
	kfree(t);
	if (err)
		return err;

	rtnl_lock();
	a = nsim_netdev_ref_lookup(&ra);
	err = IS_ERR(a) ? PTR_ERR(a) : nsim_netdev_unlink(a);
	rtnl_unlock();
	nsim_netdev_ref_put(&ra);
	return err ? err : count;
}

static BUS_ATTR_WO(new_device);
static BUS_ATTR_WO(del_device);
static BUS_ATTR_WO(link_device);
static BUS_ATTR_WO(unlink_device);

static struct attribute *nsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	&bus_attr_link_device.attr,
	&bus_attr_unlink_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(nsim_bus);

struct bus_type nsim_bus = {
	.name		= DRV_NAME,
	.dev_name	= DRV_NAME,
	.bus_groups	= nsim_bus_groups,
};

/*
 * Devices bind to this driver so that devlink and sysfs name the driver;
 * all the work happens in new_device.
 */
static int nsim_bus_probe(struct device *dev)
{
	return 0;
}

static struct device_driver nsim_driver = {
	.name	= DRV_NAME,
	.bus	= &nsim_bus,
	.owner	= THIS_MODULE,
	.probe	= nsim_bus_probe,
	/*
	 * No unbind/bind through sysfs: a device is created bound and lives
	 * until del_device, which tears it down in order.
	 */
	.suppress_bind_attrs = true,
};

static int __init nsim_module_init(void)
{
	u64 r, dpll_r;
	int err;

	/*
	 * nsim_ptp and nsim_dpll are needed by every device: real calls, so
	 * that both are module dependencies whatever the debug config.
	 */
	r = nsim_ptp_ref_now();
	dpll_r = nsim_dpll_ref_now();
	pr_debug(DRV_NAME ": R=%llu DPLL R=%llu\n", r, dpll_r);
	nsim_ddir = debugfs_create_dir(DRV_NAME, NULL);
	err = nsim_pci_init();
	if (err)
		goto err_debugfs;
	err = bus_register(&nsim_bus);
	if (err)
		goto err_pci;
	err = driver_register(&nsim_driver);
	if (err)
		goto err_bus;
	err = nsim_rtnl_link_register();
	if (err)
		goto err_driver;
	mutex_lock(&nsim_bus_lock);
	nsim_bus_enabled = true;
	mutex_unlock(&nsim_bus_lock);
	return 0;

err_driver:
	driver_unregister(&nsim_driver);

err_bus:
	bus_unregister(&nsim_bus);
err_pci:
	nsim_pci_exit();
err_debugfs:
	debugfs_remove_recursive(nsim_ddir);
	return err;
}

static void __exit nsim_module_exit(void)
{
	struct nsim_dev *nsim_dev;

	/* newest first, so function 0 of a PCI slot goes last */
	mutex_lock(&nsim_bus_lock);
	nsim_bus_enabled = false;
	while (!list_empty(&nsim_dev_list)) {
		nsim_dev = list_last_entry(&nsim_dev_list, struct nsim_dev,
					   list);
		list_del(&nsim_dev->list);
		nsim_dev_destroy(nsim_dev, NULL);
	}
	mutex_unlock(&nsim_bus_lock);
	/*
	 * and the ones del_device is still tearing down; the condition
	 * takes no lock (it runs with the task no longer TASK_RUNNING)
	 */
	wait_event(nsim_dev_dying_wq, !atomic_read(&nsim_dev_dying_nr));
	nsim_rtnl_link_unregister();
	driver_unregister(&nsim_driver);
	bus_unregister(&nsim_bus);
	nsim_pci_exit();
	debugfs_remove_recursive(nsim_ddir);
}

module_init(nsim_module_init);
module_exit(nsim_module_exit);

MODULE_DESCRIPTION("Simulated networking device with PTP clocks, DPLL and GNSS");
MODULE_AUTHOR("nsim-timing developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NSIM_VERSION);
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
