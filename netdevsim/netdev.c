// SPDX-License-Identifier: GPL-2.0
/*
 * netdevsim netdevs and their datapath.
 *
 * A frame sent on a linked port is handed to the peer's RX ring of the
 * same queue number (modulo the peer's queue count) and the peer's NAPI
 * delivers it.  With hardware timestamping on, the TX timestamp is the
 * sender's PHC at departure and the RX timestamp the receiver's PHC at
 * departure plus the sender's link delay.
 */

#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/net_tstamp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/rtnetlink.h>

#include "nsim_dpll.h"
#include "netdevsim.h"

static const struct net_device_ops nsim_netdev_ops;

/**
 * nsim_netdev_is_ours() - whether @dev is a netdevsim netdev
 * @dev: any netdev
 *
 * Return: true for our netdevs.
 */
bool nsim_netdev_is_ours(const struct net_device *dev)
{
	return dev->netdev_ops == &nsim_netdev_ops;
}

/* Up when linked and both ends are up.  RTNL held. */
static void nsim_carrier_update(struct netdevsim *ns)
{
	struct netdevsim *peer = rtnl_dereference(ns->peer);

	if (peer && netif_running(ns->netdev) && netif_running(peer->netdev)) {
		netif_carrier_on(ns->netdev);
		netif_carrier_on(peer->netdev);
	} else {
		netif_carrier_off(ns->netdev);
		if (peer)
			netif_carrier_off(peer->netdev);
	}
	/* a DPLL board's SyncE input follows the carrier */
	nsim_dpll_netdev_carrier(ns->netdev);
	if (peer)
		nsim_dpll_netdev_carrier(peer->netdev);
}

/**
 * nsim_netdev_link() - link two ports (link_device)
 * @a: one end
 * @b: the other end, not @a
 *
 * Context: RTNL held.
 * Return: 0, or -EBUSY if either end is linked already.
 */
int nsim_netdev_link(struct netdevsim *a, struct netdevsim *b)
{
	if (a == b)
		return -EINVAL;
	if (rtnl_dereference(a->peer) || rtnl_dereference(b->peer))
		return -EBUSY;
	rcu_assign_pointer(a->peer, b);
	rcu_assign_pointer(b->peer, a);
	nsim_carrier_update(a);
	return 0;
}

/**
 * nsim_netdev_unlink() - break a port's link (unlink_device)
 * @ns: one end
 *
 * Context: RTNL held.
 * Return: 0, or -ENOLINK if @ns is not linked.
 */
int nsim_netdev_unlink(struct netdevsim *ns)
{
	struct netdevsim *peer = rtnl_dereference(ns->peer);

	if (!peer)
		return -ENOLINK;
	RCU_INIT_POINTER(ns->peer, NULL);
	RCU_INIT_POINTER(peer->peer, NULL);
	netif_carrier_off(ns->netdev);
	netif_carrier_off(peer->netdev);
	nsim_dpll_netdev_carrier(ns->netdev);
	nsim_dpll_netdev_carrier(peer->netdev);
	return 0;
}

static void nsim_tq_count(struct nsim_tq *tq, unsigned int len, bool drop)
{
	u64_stats_update_begin(&tq->syncp);
	if (drop) {
		tq->dropped++;
	} else {
		tq->packets++;
		tq->bytes += len;
	}
	u64_stats_update_end(&tq->syncp);
}

static bool nsim_tx_tstamp(struct netdevsim *ns, struct sk_buff *skb,
			   u64 ref_ns)
{
	struct skb_shared_hwtstamps hw = {};
	u64 t;

	if (READ_ONCE(ns->tstamp_tx) != HWTSTAMP_TX_ON ||
	    !(skb_shinfo(skb)->tx_flags & SKBTX_HW_TSTAMP) ||
	    !nsim_phc_time(ns->port, ref_ns, &t))
		return false;
	skb_shinfo(skb)->tx_flags |= SKBTX_IN_PROGRESS;
	hw.hwtstamp = ns_to_ktime(t);
	skb_tstamp_tx(skb, &hw);
	return true;
}

/* @skb is not cloned: its hwtstamps are the receiver's alone. */
static void nsim_rx_tstamp(struct netdevsim *ns, struct sk_buff *skb,
			   u64 ref_ns)
{
	u64 t;

	if (READ_ONCE(ns->tstamp_rx) == HWTSTAMP_FILTER_NONE ||
	    !nsim_phc_time(ns->port, ref_ns, &t))
		t = 0;
	skb_hwtstamps(skb)->hwtstamp = ns_to_ktime(t);
}

/*
 * Queue @skb on the peer's ring @rq, unless the ring is full or its netdev
 * is stopped: nsim_stop() closes the ring under the same lock, so nothing
 * is queued after its purge.
 */
static bool nsim_rq_enqueue(struct nsim_rq *rq, struct sk_buff *skb,
			    u32 ring_size)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&rq->skb_queue.lock, flags);
	ok = rq->open && skb_queue_len(&rq->skb_queue) < ring_size;
	if (ok)
		__skb_queue_tail(&rq->skb_queue, skb);
	spin_unlock_irqrestore(&rq->skb_queue.lock, flags);
	return ok;
}

static netdev_tx_t nsim_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netdevsim *ns = netdev_priv(dev);
	unsigned int qid = skb_get_queue_mapping(skb);
	struct nsim_tq *tq = &ns->tq[qid];
	unsigned int len = skb->len;
	struct netdevsim *peer;
	struct nsim_rq *rq;
	u64 now;

	rcu_read_lock();
	peer = rcu_dereference(ns->peer);
	if (!peer || !netif_running(peer->netdev))
		goto drop;

	now = nsim_phc_ref_now();
	nsim_tx_tstamp(ns, skb, now);
	skb_tx_timestamp(skb);
	/*
	 * Timestamp clones (and taps) share skb_shinfo() with @skb: the
	 * receiver's hardware timestamp must not overwrite the sender's.
	 */
	if (skb_cloned(skb)) {
		skb = skb_unshare(skb, GFP_ATOMIC);
		if (!skb) {
			rcu_read_unlock();
			nsim_tq_count(tq, 0, true);
			return NETDEV_TX_OK;
		}
	}

	/* scrubs the skb for the peer and refuses oversized frames */
	if (__dev_forward_skb(peer->netdev, skb) != NET_RX_SUCCESS) {
		nsim_tq_count(tq, 0, true);
		rcu_read_unlock();
		return NETDEV_TX_OK;	/* freed by __dev_forward_skb */
	}
	nsim_rx_tstamp(peer, skb, now + READ_ONCE(ns->port->link_delay_ns));
	/*
	 * A full ring or a peer that stopped meanwhile is our drop: the peer's
	 * ring counters are written by the peer alone.  (An oversized frame,
	 * above, also bumps the core's per-CPU rx_dropped of the peer.)
	 */
	rq = &peer->rq[qid % peer->netdev->real_num_rx_queues];
	if (!nsim_rq_enqueue(rq, skb, READ_ONCE(peer->rx_ring_size)))
		goto drop;
	napi_schedule(&rq->napi);
	rcu_read_unlock();
	nsim_tq_count(tq, len, false);
	return NETDEV_TX_OK;

drop:
	rcu_read_unlock();
	dev_kfree_skb_any(skb);
	nsim_tq_count(tq, 0, true);
	return NETDEV_TX_OK;
}

static int nsim_poll(struct napi_struct *napi, int budget)
{
	struct nsim_rq *rq = container_of(napi, struct nsim_rq, napi);
	struct sk_buff *skb;
	u64 bytes = 0;
	int done = 0;

	while (done < budget && (skb = skb_dequeue(&rq->skb_queue))) {
		bytes += skb->len;
		done++;
		netif_receive_skb(skb);
	}
	u64_stats_update_begin(&rq->syncp);
	rq->packets += done;
	rq->bytes += bytes;
	u64_stats_update_end(&rq->syncp);

	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty(&rq->skb_queue))
		napi_schedule(napi);
	return done;
}

static int nsim_open(struct net_device *dev)
{
	struct netdevsim *ns = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < ns->num_queues; i++) {
		struct nsim_rq *rq = &ns->rq[i];

		spin_lock_irq(&rq->skb_queue.lock);
		rq->open = true;
		spin_unlock_irq(&rq->skb_queue.lock);
		napi_enable(&rq->napi);
	}
	netif_tx_start_all_queues(dev);
	nsim_carrier_update(ns);
	return 0;
}

static int nsim_stop(struct net_device *dev)
{
	struct netdevsim *ns = netdev_priv(dev);
	unsigned int i;

	nsim_carrier_update(ns);
	netif_tx_stop_all_queues(dev);
	for (i = 0; i < ns->num_queues; i++) {
		struct nsim_rq *rq = &ns->rq[i];
		struct sk_buff_head purge;

		/* NAPI off first: then this is the ring's only stats writer */
		napi_disable(&rq->napi);
		__skb_queue_head_init(&purge);
		spin_lock_irq(&rq->skb_queue.lock);
		rq->open = false;
		skb_queue_splice_init(&rq->skb_queue, &purge);
		spin_unlock_irq(&rq->skb_queue.lock);
		if (skb_queue_empty(&purge))
			continue;
		u64_stats_update_begin(&rq->syncp);
		rq->dropped += skb_queue_len(&purge);
		u64_stats_update_end(&rq->syncp);
		__skb_queue_purge(&purge);
	}
	return 0;
}

/**
 * nsim_netdev_stats() - sum of all queues' counters
 * @ns: our netdev
 * @s: filled with packets, bytes and drops
 */
void nsim_netdev_stats(struct netdevsim *ns, struct rtnl_link_stats64 *s)
{
	unsigned int i, start;

	for (i = 0; i < ns->num_queues; i++) {
		struct nsim_rq *rq = &ns->rq[i];
		struct nsim_tq *tq = &ns->tq[i];
		u64 p, b, d;

		do {
			start = u64_stats_fetch_begin(&rq->syncp);
			p = rq->packets;
			b = rq->bytes;
			d = rq->dropped;
		} while (u64_stats_fetch_retry(&rq->syncp, start));
		s->rx_packets += p;
		s->rx_bytes += b;
		s->rx_dropped += d;
		do {
			start = u64_stats_fetch_begin(&tq->syncp);
			p = tq->packets;
			b = tq->bytes;
			d = tq->dropped;
		} while (u64_stats_fetch_retry(&tq->syncp, start));
		s->tx_packets += p;
		s->tx_bytes += b;
		s->tx_dropped += d;
	}
}

static void nsim_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *stats)
{
	nsim_netdev_stats(netdev_priv(dev), stats);
}

/**
 * nsim_hwtstamp_check() - whether a timestamp config is one we support
 * @tx_type: HWTSTAMP_TX_*
 * @rx_filter: HWTSTAMP_FILTER_*
 *
 * Return: 0, or -ERANGE for a mode the simulated hardware lacks.
 */
int nsim_hwtstamp_check(int tx_type, int rx_filter)
{
	if (tx_type != HWTSTAMP_TX_OFF && tx_type != HWTSTAMP_TX_ON)
		return -ERANGE;
	switch (rx_filter) {
	case HWTSTAMP_FILTER_NONE:
	case HWTSTAMP_FILTER_ALL:
	case HWTSTAMP_FILTER_PTP_V1_L4_EVENT:
	case HWTSTAMP_FILTER_PTP_V1_L4_SYNC:
	case HWTSTAMP_FILTER_PTP_V1_L4_DELAY_REQ:
	case HWTSTAMP_FILTER_PTP_V2_L4_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_L4_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_L4_DELAY_REQ:
	case HWTSTAMP_FILTER_PTP_V2_L2_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_L2_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ:
	case HWTSTAMP_FILTER_PTP_V2_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_DELAY_REQ:
		return 0;
	default:
		return -ERANGE;
	}
}

/*
 * nsim_hwtstamp_get() - current hardware timestamp config
 * @dev: our netdev
 * @tx_type: set to HWTSTAMP_TX_*
 * @rx_filter: set to HWTSTAMP_FILTER_*
 *
 * Return: 0.
 */
static int nsim_hwtstamp_get(struct net_device *dev, int *tx_type,
			     int *rx_filter)
{
	struct netdevsim *ns = netdev_priv(dev);

	*tx_type = READ_ONCE(ns->tstamp_tx);
	*rx_filter = READ_ONCE(ns->tstamp_rx);
	return 0;
}

/*
 * nsim_hwtstamp_set() - change the hardware timestamp config
 * @dev: our netdev
 * @tx_type: requested HWTSTAMP_TX_*
 * @rx_filter: requested HWTSTAMP_FILTER_*; PTP filters widen to ALL,
 *	since every received frame is stamped
 *
 * Return: 0, -EOPNOTSUPP without a PHC, -ERANGE for unsupported modes.
 */
static int nsim_hwtstamp_set(struct net_device *dev, int *tx_type,
			     int *rx_filter)
{
	struct netdevsim *ns = netdev_priv(dev);
	int err;

	if (nsim_phc_index(ns->port) < 0)
		return -EOPNOTSUPP;
	err = nsim_hwtstamp_check(*tx_type, *rx_filter);
	if (err)
		return err;
	if (*rx_filter != HWTSTAMP_FILTER_NONE)
		*rx_filter = HWTSTAMP_FILTER_ALL;
	WRITE_ONCE(ns->tstamp_tx, *tx_type);
	WRITE_ONCE(ns->tstamp_rx, *rx_filter);
	return 0;
}

#ifdef NSIM_HWTSTAMP_NDO
static int nsim_ndo_hwtstamp_get(struct net_device *dev,
				 struct kernel_hwtstamp_config *cfg)
{
	int tx, rx, err;

	err = nsim_hwtstamp_get(dev, &tx, &rx);
	cfg->flags = 0;
	cfg->tx_type = tx;
	cfg->rx_filter = rx;
	return err;
}

static int nsim_ndo_hwtstamp_set(struct net_device *dev,
				 struct kernel_hwtstamp_config *cfg,
				 struct netlink_ext_ack *extack)
{
	int tx = cfg->tx_type, rx = cfg->rx_filter, err;

	if (cfg->flags)
		return -EINVAL;
	err = nsim_hwtstamp_set(dev, &tx, &rx);
	if (!err)
		cfg->rx_filter = rx;
	return err;
}
#else
static int nsim_ndo_hwtstamp_ioctl(struct net_device *dev, struct ifreq *ifr,
				   int cmd)
{
	struct hwtstamp_config cfg;
	int tx, rx, err;

	switch (cmd) {
	case SIOCSHWTSTAMP:
		if (copy_from_user(&cfg, ifr->ifr_data, sizeof(cfg)))
			return -EFAULT;
		if (cfg.flags)
			return -EINVAL;
		tx = cfg.tx_type;
		rx = cfg.rx_filter;
		err = nsim_hwtstamp_set(dev, &tx, &rx);
		break;
	case SIOCGHWTSTAMP:
		err = nsim_hwtstamp_get(dev, &tx, &rx);
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (err)
		return err;
	cfg.flags = 0;
	cfg.tx_type = tx;
	cfg.rx_filter = rx;
	return copy_to_user(ifr->ifr_data, &cfg, sizeof(cfg)) ? -EFAULT : 0;
}
#endif

static const struct net_device_ops nsim_netdev_ops = {
	.ndo_open		= nsim_open,
	.ndo_stop		= nsim_stop,
	.ndo_start_xmit		= nsim_start_xmit,
	.ndo_get_stats64	= nsim_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	NSIM_NDO_HWTSTAMP(nsim_ndo_hwtstamp_get, nsim_ndo_hwtstamp_set,
			  nsim_ndo_hwtstamp_ioctl)
	NSIM_NDO_DEVLINK_PORT(nsim_get_devlink_port)
};

static void nsim_setup(struct net_device *dev)
{
	ether_setup(dev);
	/*
	 * The frame itself goes to the peer's ring: one skb sent many times
	 * (pktgen's burst or clone_skb) would be queued there twice.
	 */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->netdev_ops = &nsim_netdev_ops;
	eth_hw_addr_random(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	dev->hw_features |= NETIF_F_SG | NETIF_F_HIGHDMA;
	dev->features |= dev->hw_features;
}

/**
 * nsim_netdev_create() - create and register the port's netdev
 * @port: port with its devlink port registered
 *
 * Return: 0 or a negative errno; nothing is left on failure.
 */
int nsim_netdev_create(struct nsim_port *port)
{
	struct nsim_dev *nsim_dev = port->nsim_dev;
	unsigned int nq = nsim_dev->num_queues, i;
	struct net_device *dev;
	struct netdevsim *ns;
	int err;

	dev = alloc_netdev_mqs(sizeof(*ns), "eth%d", NET_NAME_UNKNOWN,
			       nsim_setup, nq, nq);
	if (!dev)
		return -ENOMEM;
	ns = netdev_priv(dev);
	ns->netdev = dev;
	ns->port = port;
	ns->num_queues = nq;
	ns->rx_ring_size = NSIM_RING_DEFAULT;
	ns->tx_ring_size = NSIM_RING_DEFAULT;
	ns->tstamp_tx = HWTSTAMP_TX_OFF;
	ns->tstamp_rx = HWTSTAMP_FILTER_NONE;
	ns->rq = kcalloc(nq, sizeof(*ns->rq), GFP_KERNEL);
	ns->tq = kcalloc(nq, sizeof(*ns->tq), GFP_KERNEL);
	err = -ENOMEM;
	if (!ns->rq || !ns->tq)
		goto err_free;
	for (i = 0; i < nq; i++) {
		skb_queue_head_init(&ns->rq[i].skb_queue);
		u64_stats_init(&ns->rq[i].syncp);
		u64_stats_init(&ns->tq[i].syncp);
		nsim_napi_add(dev, &ns->rq[i].napi, nsim_poll);
	}
	SET_NETDEV_DEV(dev, nsim_dev->parent);
	nsim_netdev_set_dl_port(dev, &port->dl_port);
	nsim_ethtool_init(dev);
	netif_carrier_off(dev);

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err)
		goto err_napi;
	/* devlink's notification takes RTNL itself on older kernels */
	nsim_dl_port_netdev_registered(&port->dl_port, dev);
	port->netdev = dev;
	return 0;

err_napi:
	for (i = 0; i < nq; i++)
		netif_napi_del(&ns->rq[i].napi);
err_free:
	kfree(ns->rq);
	kfree(ns->tq);
	free_netdev(dev);
	return err;
}

/**
 * nsim_netdevs_destroy() - unlink, unregister and free the netdevs of ports
 * @ports: the ports, linked through their @list, off their device's list
 *
 * All in one batch: one RTNL section and one wait for RCU readers (the
 * peers' last transmits, NAPI lookups) for the lot, not one per port.
 */
void nsim_netdevs_destroy(struct list_head *ports)
{
	struct nsim_port *port;
	struct netdevsim *ns;
	LIST_HEAD(unreg);
	unsigned int i;

	list_for_each_entry(port, ports, list)
		nsim_dl_port_netdev_unregistering(&port->dl_port);
	rtnl_lock();
	list_for_each_entry(port, ports, list) {
		/* the peer stops seeing us before our rings go away */
		nsim_netdev_unlink(netdev_priv(port->netdev));
		unregister_netdevice_queue(port->netdev, &unreg);
	}
	unregister_netdevice_many(&unreg);
	rtnl_unlock();
	list_for_each_entry(port, ports, list) {
		ns = netdev_priv(port->netdev);
		for (i = 0; i < ns->num_queues; i++)
			nsim_napi_del_nosync(&ns->rq[i].napi);
	}
	synchronize_net();
	list_for_each_entry(port, ports, list) {
		ns = netdev_priv(port->netdev);
		for (i = 0; i < ns->num_queues; i++)
			skb_queue_purge(&ns->rq[i].skb_queue);
		kfree(ns->rq);
		kfree(ns->tq);
		free_netdev(port->netdev);
		port->netdev = NULL;
	}
}

/*
 * "ip link add type netdevsim" loads this module through its alias; say how
 * devices are made instead of failing without a word.
 */
static int nsim_rtnl_validate(struct nlattr *tb[], struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_MOD(extack,
			   "netdevsim devices are created through sysfs: echo \"ID [PORT_COUNT [NUM_QUEUES]]\" > /sys/bus/netdevsim/new_device");
	return -EOPNOTSUPP;
}

static struct rtnl_link_ops nsim_rtnl_link_ops __read_mostly = {
	.kind		= DRV_NAME,
	.validate	= nsim_rtnl_validate,
};

int nsim_rtnl_link_register(void)
{
	return rtnl_link_register(&nsim_rtnl_link_ops);
}

void nsim_rtnl_link_unregister(void)
{
	rtnl_link_unregister(&nsim_rtnl_link_ops);
}
