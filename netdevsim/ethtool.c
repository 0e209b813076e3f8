// SPDX-License-Identifier: GPL-2.0
/* ethtool: driver info, channels, rings, link settings, stats, timestamping. */

#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/net_tstamp.h>
#include <linux/netdevice.h>

#include "netdevsim.h"

/* Device-wide counters first, then per queue. */
static const char * const nsim_stat_names[] = {
	"rx_packets", "rx_bytes", "rx_dropped",
	"tx_packets", "tx_bytes", "tx_dropped",
};

static const char * const nsim_queue_stat_names[] = {
	"packets", "bytes", "dropped",
};

#define NSIM_NUM_STATS		ARRAY_SIZE(nsim_stat_names)
#define NSIM_NUM_QSTATS		ARRAY_SIZE(nsim_queue_stat_names)

static void nsim_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	struct netdevsim *ns = netdev_priv(dev);

	strscpy(info->driver, DRV_NAME, sizeof(info->driver));
	strscpy(info->fw_version, "1.0.0", sizeof(info->fw_version));
	strscpy(info->bus_info, dev_name(ns->port->nsim_dev->parent),
		sizeof(info->bus_info));
}

static void nsim_get_channels(struct net_device *dev,
			      struct ethtool_channels *ch)
{
	struct netdevsim *ns = netdev_priv(dev);

	ch->max_combined = ns->num_queues;
	ch->combined_count = dev->real_num_rx_queues;
}

static int nsim_set_channels(struct net_device *dev,
			     struct ethtool_channels *ch)
{
	struct netdevsim *ns = netdev_priv(dev);

	if (ch->rx_count || ch->tx_count || ch->other_count ||
	    !ch->combined_count || ch->combined_count > ns->num_queues)
		return -EINVAL;
	return nsim_set_real_num_queues(dev, ch->combined_count,
					ch->combined_count);
}

static void nsim_get_ringparam(struct net_device *dev, NSIM_RINGPARAM_ARGS)
{
	struct netdevsim *ns = netdev_priv(dev);

	ring->rx_max_pending = NSIM_RING_MAX;
	ring->tx_max_pending = NSIM_RING_MAX;
	ring->rx_pending = ns->rx_ring_size;
	ring->tx_pending = ns->tx_ring_size;
}

static int nsim_set_ringparam(struct net_device *dev, NSIM_RINGPARAM_ARGS)
{
	struct netdevsim *ns = netdev_priv(dev);

	if (!ring->rx_pending || !ring->tx_pending ||
	    ring->rx_pending > NSIM_RING_MAX ||
	    ring->tx_pending > NSIM_RING_MAX ||
	    ring->rx_mini_pending || ring->rx_jumbo_pending)
		return -EINVAL;
	WRITE_ONCE(ns->rx_ring_size, ring->rx_pending);
	WRITE_ONCE(ns->tx_ring_size, ring->tx_pending);
	return 0;
}

static int nsim_get_link_ksettings(struct net_device *dev,
				   struct ethtool_link_ksettings *cmd)
{
	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_add_link_mode(cmd, supported,
					     100000baseCR4_Full);
	ethtool_link_ksettings_add_link_mode(cmd, supported, FIBRE);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	ethtool_link_ksettings_add_link_mode(cmd, advertising,
					     100000baseCR4_Full);
	cmd->base.speed = netif_carrier_ok(dev) ? SPEED_100000 : SPEED_UNKNOWN;
	cmd->base.duplex = netif_carrier_ok(dev) ? DUPLEX_FULL :
						   DUPLEX_UNKNOWN;
	cmd->base.port = PORT_DA;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static int nsim_get_sset_count(struct net_device *dev, int sset)
{
	struct netdevsim *ns = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return NSIM_NUM_STATS + 2 * NSIM_NUM_QSTATS * ns->num_queues;
}

static void nsim_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct netdevsim *ns = netdev_priv(dev);
	unsigned int i, q;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < NSIM_NUM_STATS; i++, data += ETH_GSTRING_LEN)
		strscpy(data, nsim_stat_names[i], ETH_GSTRING_LEN);
	for (q = 0; q < ns->num_queues; q++)
		for (i = 0; i < NSIM_NUM_QSTATS; i++, data += ETH_GSTRING_LEN)
			snprintf(data, ETH_GSTRING_LEN, "rx_queue_%u_%s", q,
				 nsim_queue_stat_names[i]);
	for (q = 0; q < ns->num_queues; q++)
		for (i = 0; i < NSIM_NUM_QSTATS; i++, data += ETH_GSTRING_LEN)
			snprintf(data, ETH_GSTRING_LEN, "tx_queue_%u_%s", q,
				 nsim_queue_stat_names[i]);
}

static void nsim_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct netdevsim *ns = netdev_priv(dev);
	struct rtnl_link_stats64 s = {};
	unsigned int q, start;

	nsim_netdev_stats(ns, &s);
	*data++ = s.rx_packets;
	*data++ = s.rx_bytes;
	*data++ = s.rx_dropped;
	*data++ = s.tx_packets;
	*data++ = s.tx_bytes;
	*data++ = s.tx_dropped;
	for (q = 0; q < ns->num_queues; q++) {
		struct nsim_rq *rq = &ns->rq[q];

		do {
			start = u64_stats_fetch_begin(&rq->syncp);
			data[0] = rq->packets;
			data[1] = rq->bytes;
			data[2] = rq->dropped;
		} while (u64_stats_fetch_retry(&rq->syncp, start));
		data += NSIM_NUM_QSTATS;
	}
	for (q = 0; q < ns->num_queues; q++) {
		struct nsim_tq *tq = &ns->tq[q];

		do {
			start = u64_stats_fetch_begin(&tq->syncp);
			data[0] = tq->packets;
			data[1] = tq->bytes;
			data[2] = tq->dropped;
		} while (u64_stats_fetch_retry(&tq->syncp, start));
		data += NSIM_NUM_QSTATS;
	}
}

static int nsim_get_ts_info(struct net_device *dev,
			    struct nsim_ethtool_ts_info *info)
{
	struct netdevsim *ns = netdev_priv(dev);
	int idx = nsim_phc_index(ns->port);

	info->so_timestamping = SOF_TIMESTAMPING_TX_SOFTWARE |
				SOF_TIMESTAMPING_RX_SOFTWARE |
				SOF_TIMESTAMPING_SOFTWARE;
	info->phc_index = idx;
	if (idx < 0)
		return 0;
	info->so_timestamping |= SOF_TIMESTAMPING_TX_HARDWARE |
				 SOF_TIMESTAMPING_RX_HARDWARE |
				 SOF_TIMESTAMPING_RAW_HARDWARE;
	info->tx_types = BIT(HWTSTAMP_TX_OFF) | BIT(HWTSTAMP_TX_ON);
	info->rx_filters = BIT(HWTSTAMP_FILTER_NONE) |
			   BIT(HWTSTAMP_FILTER_ALL);
	return 0;
}

static const struct ethtool_ops nsim_ethtool_ops = {
	.get_drvinfo		= nsim_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_channels		= nsim_get_channels,
	.set_channels		= nsim_set_channels,
	.get_ringparam		= nsim_get_ringparam,
	.set_ringparam		= nsim_set_ringparam,
	.get_link_ksettings	= nsim_get_link_ksettings,
	.get_sset_count		= nsim_get_sset_count,
	.get_strings		= nsim_get_strings,
	.get_ethtool_stats	= nsim_get_ethtool_stats,
	.get_ts_info		= nsim_get_ts_info,
};

/**
 * nsim_ethtool_init() - attach our ethtool ops to a new netdev
 * @dev: netdev not yet registered
 */
void nsim_ethtool_init(struct net_device *dev)
{
	dev->ethtool_ops = &nsim_ethtool_ops;
}
