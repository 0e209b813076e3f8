/* SPDX-License-Identifier: GPL-2.0 */
/* Central header of the netdevsim driver. */
#ifndef _NETDEVSIM_H
#define _NETDEVSIM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <net/devlink.h>

#include "nsim_compat_net.h"

#define DRV_NAME "netdevsim"

/* Limits on what new_device, new_port and sriov_numvfs accept. */
#define NSIM_MAX_PORTS		64
#define NSIM_MAX_QUEUES		64
#define NSIM_MAX_VFS		16
#define NSIM_RING_DEFAULT	512
#define NSIM_RING_MAX		4096
#define NSIM_VF_PORT_BASE	1000

struct nsim_ptp_clock;
struct nsim_pci_fn;
struct nsim_dpll_board;
struct nsim_dpll_port;

/*
 * One RX ring: frames from the peer wait here until NAPI takes them.  Its
 * counters are written by this netdev only (NAPI, and nsim_stop() with NAPI
 * disabled); a frame the peer cannot queue is the peer's TX drop.
 */
struct nsim_rq {
	struct napi_struct napi;
	struct sk_buff_head skb_queue;	/* its lock also guards @open */
	bool open;			/* between ndo_open and ndo_stop */
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 dropped;		/* still queued when the netdev stopped */
};

struct nsim_tq {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 dropped;	/* no peer, peer down, peer's ring full, forward refused */
};

struct nsim_dev;

/* One port: devlink port plus netdev; a VF port when @is_vf. */
struct nsim_port {
	struct list_head list;
	struct nsim_dev *nsim_dev;
	unsigned int index;
	bool is_vf;
	struct devlink_port dl_port;
	struct net_device *netdev;
	struct nsim_ptp_clock *phc;
	struct nsim_dpll_port *dpll_port;	/* its SyncE pin, under port_lock */
	struct dentry *ddir;
	u32 link_delay_ns;		/* added to frames leaving this port */
	struct nsim_stamp_result {	/* debugfs stamp_bench, see phc.c */
		u32 batches;
		u64 min_ps, median_ps, mean_ps;
	} stamp_bench;
	bool stamp_bench_stop;		/* the port is going: end a run */
};

/* netdev_priv() of our netdevs. */
struct netdevsim {
	struct net_device *netdev;
	struct nsim_port *port;
	struct netdevsim __rcu *peer;	/* changed under RTNL */
	struct nsim_rq *rq;
	struct nsim_tq *tq;
	unsigned int num_queues;	/* allocated = max channels */
	u32 rx_ring_size;
	u32 tx_ring_size;
	int tstamp_tx;			/* HWTSTAMP_TX_* */
	int tstamp_rx;			/* HWTSTAMP_FILTER_* */
};

/* One device on the netdevsim bus (new_device). */
struct nsim_dev {
	struct device dev;
	struct list_head list;
	unsigned int id;
	unsigned int port_count;
	unsigned int num_queues;
	int clk_id;			/* -1: a PHC per port */
	bool wpc;
	bool pci;			/* PCI form: @pci_fn is set */
	u16 pci_domain;
	u8 pci_bus;
	u8 pci_devfn;
	struct nsim_pci_fn *pci_fn;
	struct device *parent;		/* devlink/netdev parent: PCI or bus dev */
	struct nsim_dpll_board *dpll_board;	/* wpc=1, under port_lock */

	struct devlink *devlink;
	struct mutex port_lock;		/* devlink, port_list, num_vfs, dying */
	struct list_head port_list;
	unsigned int num_vfs;
	bool dying;
	bool initialised;		/* creation complete (release/acquire) */
	u64 serial;
	struct dentry *ddir;
	struct dentry *ports_ddir;
	struct completion *released;	/* signalled by the release function */
};

/* What new_device parsed. */
struct nsim_new_dev_args {
	unsigned int id;
	unsigned int port_count;
	unsigned int num_queues;
	int clk_id;
	bool wpc;
	bool pci;
	u16 pci_domain;
	u8 pci_bus;
	u8 pci_devfn;
};

extern struct bus_type nsim_bus;
extern struct dentry *nsim_ddir;

/* bus.c */
int nsim_bus_init(void);
void nsim_bus_exit(void);
void nsim_bus_dev_list_add(struct nsim_dev *nsim_dev);

/* dev.c */
int nsim_dev_create(const struct nsim_new_dev_args *args);
void nsim_dev_destroy(struct nsim_dev *nsim_dev,
		      void (*dead)(struct nsim_dev *nsim_dev));
void nsim_dev_unplug(struct nsim_dev *nsim_dev);
extern const struct attribute_group *nsim_dev_groups[];

/* devlink.c */
struct devlink_port *nsim_get_devlink_port(struct net_device *dev);
int nsim_devlink_init(struct nsim_dev *nsim_dev);
void nsim_devlink_fini(struct nsim_dev *nsim_dev);
int nsim_devlink_port_add(struct nsim_port *port);
void nsim_devlink_port_del(struct nsim_port *port);

/* netdev.c */
int nsim_netdev_create(struct nsim_port *port);
void nsim_netdevs_destroy(struct list_head *ports);
bool nsim_netdev_is_ours(const struct net_device *dev);
int nsim_netdev_link(struct netdevsim *a, struct netdevsim *b);
int nsim_netdev_unlink(struct netdevsim *ns);
void nsim_netdev_stats(struct netdevsim *ns, struct rtnl_link_stats64 *s);
int nsim_hwtstamp_check(int tx_type, int rx_filter);
int nsim_rtnl_link_register(void);
void nsim_rtnl_link_unregister(void);

/* ethtool.c */
void nsim_ethtool_init(struct net_device *dev);

/* pci.c */
int nsim_pci_init(void);
void nsim_pci_exit(void);
int nsim_pci_fn_add(struct nsim_dev *nsim_dev);
void nsim_pci_fn_del(struct nsim_dev *nsim_dev);
u64 nsim_pci_dsn(u16 domain, u8 bus, u8 devfn);

/* phc.c: the port's PHC (configure requires the kernel's PTP core) */
int nsim_phc_port_init(struct nsim_port *port);
void nsim_phc_port_fini(struct nsim_port *port);
int nsim_phc_index(struct nsim_port *port);
bool nsim_phc_time(struct nsim_port *port, u64 ref_ns, u64 *phc_ns);
u64 nsim_phc_ref_now(void);
void nsim_phc_port_debugfs(struct nsim_port *port);
void nsim_phc_port_debugfs_stop(struct nsim_port *port);

#endif /* _NETDEVSIM_H */
