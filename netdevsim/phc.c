// SPDX-License-Identifier: GPL-2.0
/*
 * Port PHCs from nsim_ptp: CLK_ID -1 gives every port a PHC of its own,
 * any other value one PHC shared by all ports created with that value.
 */

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "nsim_ptp.h"
#include "netdevsim.h"

/**
 * nsim_phc_port_init() - give a port its PHC
 * @port: new port; VF ports get none
 *
 * Return: 0 or a negative errno.
 */
int nsim_phc_port_init(struct nsim_port *port)
{
	struct nsim_dev *nsim_dev = port->nsim_dev;
	struct nsim_ptp_clock *clk;
	char name[32];

	if (port->is_vf)
		return 0;
	if (nsim_dev->clk_id >= 0) {
		clk = nsim_ptp_clock_get_shared(nsim_dev->clk_id);
	} else {
		snprintf(name, sizeof(name), "netdevsim%u.%u", nsim_dev->id,
			 port->index);
		clk = nsim_ptp_clock_create(nsim_dev->parent, name);
	}
	if (IS_ERR(clk))
		return PTR_ERR(clk);
	port->phc = clk;
	return 0;
}

/**
 * nsim_phc_port_fini() - drop the port's PHC reference
 * @port: port whose netdev is gone
 */
void nsim_phc_port_fini(struct nsim_port *port)
{
	if (port->phc)
		nsim_ptp_clock_put(port->phc);
	port->phc = NULL;
}

/**
 * nsim_phc_index() - PHC index for ethtool -T
 * @port: any port
 *
 * Return: the N of /dev/ptpN, or -1 without a PHC.
 */
int nsim_phc_index(struct nsim_port *port)
{
	return port->phc ? nsim_ptp_clock_index(port->phc) : -1;
}

/**
 * nsim_phc_time() - the port's PHC time at a reference instant
 * @port: any port
 * @ref_ns: reference time R
 * @phc_ns: set to the timestamp the hardware would take
 *
 * Return: false when the port has no PHC.
 */
bool nsim_phc_time(struct nsim_port *port, u64 ref_ns, u64 *phc_ns)
{
	if (!port->phc)
		return false;
	*phc_ns = nsim_ptp_clock_stamp_at(port->phc, ref_ns);
	return true;
}

/**
 * nsim_phc_ref_now() - reference time R now, for departure times
 *
 * Return: R in nanoseconds.
 */
u64 nsim_phc_ref_now(void)
{
	return nsim_ptp_ref_now();
}

/*
 * Benchmark of the datapath's timestamp (debugfs ports/N/stamp_bench): write
 * a number of batches B (1 to NSIM_STAMP_MAX_BATCHES, else ERANGE), then read
 * the cost of one stamp, taken as the datapath takes it (R now, then the PHC
 * at R), in batches of NSIM_STAMP_BATCH: min, median and mean over the
 * batches, in picoseconds.  The run holds no lock.  It stops early, keeping
 * the previous result, when its writer gets a fatal signal (EINTR) or when
 * the port is being deleted (ENODEV): del_port waits for the file's users
 * with port_lock held, so it must not wait for a whole run.
 */
#define NSIM_STAMP_BATCH	1000
#define NSIM_STAMP_MAX_BATCHES	10000

static DEFINE_MUTEX(nsim_stamp_bench_lock);	/* the results below */

static int nsim_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int nsim_stamp_bench_run(struct nsim_port *port, u32 batches,
				struct nsim_stamp_result *res)
{
	u64 *ns, sum = 0, t;
	u32 b, i;

	ns = kvmalloc_array(batches, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	for (b = 0; b < batches; b++) {
		u64 t0 = ktime_get_ns();

		for (i = 0; i < NSIM_STAMP_BATCH; i++)
			nsim_phc_time(port, nsim_phc_ref_now(), &t);
		/* per stamp in ps: the batch's ns, NSIM_STAMP_BATCH == 1000 */
		ns[b] = ktime_get_ns() - t0;
		sum += ns[b];
		if (fatal_signal_pending(current)) {
			kvfree(ns);
			return -EINTR;
		}
		if (READ_ONCE(port->stamp_bench_stop)) {
			kvfree(ns);
			return -ENODEV;
		}
		cond_resched();
	}
	sort(ns, batches, sizeof(*ns), nsim_cmp_u64, NULL);
	res->batches = batches;
	res->min_ps = ns[0];
	res->median_ps = ns[batches / 2];
	res->mean_ps = div_u64(sum, batches);
	kvfree(ns);
	return 0;
}

static ssize_t nsim_stamp_bench_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct nsim_port *port = file->private_data;
	struct nsim_stamp_result res;
	u32 batches;
	int err;

	err = kstrtou32_from_user(ubuf, count, 10, &batches);
	if (err)
		return err;
	if (!batches || batches > NSIM_STAMP_MAX_BATCHES)
		return -ERANGE;
	if (!port->phc)
		return -EOPNOTSUPP;
	err = nsim_stamp_bench_run(port, batches, &res);
	if (err)
		return err;
	mutex_lock(&nsim_stamp_bench_lock);
	port->stamp_bench = res;
	mutex_unlock(&nsim_stamp_bench_lock);
	return count;
}

static ssize_t nsim_stamp_bench_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct nsim_port *port = file->private_data;
	struct nsim_stamp_result res;
	char buf[160];
	int len;

	mutex_lock(&nsim_stamp_bench_lock);
	res = port->stamp_bench;
	mutex_unlock(&nsim_stamp_bench_lock);
	len = scnprintf(buf, sizeof(buf),
			"stamps=%llu min_ps=%llu median_ps=%llu mean_ps=%llu\n",
			(u64)res.batches * NSIM_STAMP_BATCH, res.min_ps,
			res.median_ps, res.mean_ps);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations nsim_stamp_bench_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= nsim_stamp_bench_read,
	.write	= nsim_stamp_bench_write,
	.llseek	= default_llseek,
};

/**
 * nsim_phc_port_debugfs_stop() - end a running stamp_bench of the port
 * @port: port about to lose its debugfs directory; a run in progress
 *	returns ENODEV at its next batch, so removing the directory (which
 *	waits for the file's users) does not wait for a whole run
 */
void nsim_phc_port_debugfs_stop(struct nsim_port *port)
{
	WRITE_ONCE(port->stamp_bench_stop, true);
}

/**
 * nsim_phc_port_debugfs() - the port's PHC files in its debugfs directory
 * @port: port with its PHC set up; its directory goes before its PHC
 */
void nsim_phc_port_debugfs(struct nsim_port *port)
{
	if (port->phc)
		debugfs_create_file("stamp_bench", 0600, port->ddir, port,
				    &nsim_stamp_bench_fops);
}

