// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_ptp debugfs interface: standalone clocks, per-clock knobs of the
 * timing model, and simulated cables between clocks.  See docs/ptp.md.
 */

#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "nsim_ptp_priv.h"

#define NSIM_PTP_MAX_CABLES	64
#define NSIM_PTP_CMD_LEN	128

static struct dentry *nsim_ptp_root;

/* Copy a short command from user space, NUL-terminated and trimmed. */
static int nsim_ptp_get_cmd(const char __user *ubuf, size_t count,
			    char *buf, char **cmd)
{
	if (!count || count >= NSIM_PTP_CMD_LEN)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	*cmd = strim(buf);
	return 0;
}

/*
 * 1-15 characters of [A-Za-z0-9._-], not in the name spaces of netdevsim's
 * clocks ("nsim-clk<id>" shared, "netdevsim<dev>.<port>" per port).
 */
static bool nsim_ptp_name_ok(const char *name)
{
	size_t len = strlen(name), i;

	if (!len || len > NSIM_PTP_USER_NAME_MAX)
		return false;
	if (!strncmp(name, "nsim-clk", 8) || !strncmp(name, "netdevsim", 9))
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("._-", name[i]))
			return false;
	return true;
}

/* "ptpN", "/dev/ptpN" or "N": the PHC index, or -EINVAL. */
static int nsim_ptp_parse_index(const char *s)
{
	int idx;

	if (!strncmp(s, "/dev/", 5))
		s += 5;
	if (!strncmp(s, "ptp", 3))
		s += 3;
	if (kstrtoint(s, 10, &idx) || idx < 0)
		return -EINVAL;
	return idx;
}

static int nsim_ptp_parse_pin(const char *s)
{
	int i;

	for (i = 0; i < NSIM_PTP_PIN_COUNT; i++)
		if (!strcasecmp(s, nsim_ptp_pin_names[i]))
			return i;
	return -EINVAL;
}

static ssize_t nsim_ptp_new_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct nsim_ptp_clock *clk;
	char buf[NSIM_PTP_CMD_LEN], *name;
	int err;

	err = nsim_ptp_get_cmd(ubuf, count, buf, &name);
	if (err)
		return err;
	if (!nsim_ptp_name_ok(name))
		return -EINVAL;
	mutex_lock(&nsim_ptp_mutex);
	clk = nsim_ptp_standalone_create(name);
	mutex_unlock(&nsim_ptp_mutex);
	return IS_ERR(clk) ? PTR_ERR(clk) : count;
}

static ssize_t nsim_ptp_del_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct nsim_ptp_clock *clk, *found = NULL;
	char buf[NSIM_PTP_CMD_LEN], *name;
	int err;

	err = nsim_ptp_get_cmd(ubuf, count, buf, &name);
	if (err)
		return err;
	mutex_lock(&nsim_ptp_mutex);
	list_for_each_entry(clk, &nsim_ptp_clocks, node) {
		if (clk->standalone && !strcmp(clk->name, name)) {
			/* Unlisted first, so a second delete finds nothing. */
			clk->standalone = false;
			found = clk;
			break;
		}
	}
	mutex_unlock(&nsim_ptp_mutex);
	if (!found)
		return -ENOENT;
	nsim_ptp_clock_put(found);
	return count;
}

static int nsim_ptp_clocks_show(struct seq_file *seq, void *v)
{
	struct nsim_ptp_clock *clk;

	mutex_lock(&nsim_ptp_mutex);
	list_for_each_entry(clk, &nsim_ptp_clocks, node) {
		seq_printf(seq, "ptp%d %s ", clk->index, clk->name);
		if (clk->standalone)
			seq_puts(seq, "standalone\n");
		else if (clk->shared)
			seq_printf(seq, "shared %u\n", clk->shared_id);
		else
			seq_puts(seq, "device\n");
	}
	mutex_unlock(&nsim_ptp_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nsim_ptp_clocks);

struct nsim_ptp_cable_spec {
	int src, src_pin, dst, dst_pin;
	s64 delay;
	int ntok;
};

/* "SRC SRC_PIN DST DST_PIN [DELAY_NS]" (or "DST DST_PIN" when @short_ok). */
static int nsim_ptp_parse_cable(char *cmd, struct nsim_ptp_cable_spec *c,
				bool short_ok)
{
	char *tok[6];
	int n = 0;

	while (n < ARRAY_SIZE(tok) && (tok[n] = strsep(&cmd, " \t")))
		if (*tok[n])
			n++;
	if (cmd || n == ARRAY_SIZE(tok))
		return -EINVAL;
	c->ntok = n;
	c->delay = 0;
	if (short_ok && n == 2) {
		c->dst = nsim_ptp_parse_index(tok[0]);
		c->dst_pin = nsim_ptp_parse_pin(tok[1]);
		return c->dst < 0 || c->dst_pin < 0 ? -EINVAL : 0;
	}
	if (n != 4 && (n != 5 || short_ok))
		return -EINVAL;
	c->src = nsim_ptp_parse_index(tok[0]);
	c->src_pin = nsim_ptp_parse_pin(tok[1]);
	c->dst = nsim_ptp_parse_index(tok[2]);
	c->dst_pin = nsim_ptp_parse_pin(tok[3]);
	if (c->src < 0 || c->src_pin < 0 || c->dst < 0 || c->dst_pin < 0)
		return -EINVAL;
	if (n == 5) {
		if (kstrtos64(tok[4], 10, &c->delay))
			return -EINVAL;
		if (c->delay < 0 || c->delay > NSIM_PTP_MAX_DELAY)
			return -ERANGE;
	}
	return 0;
}

/* Why a new cable cannot go in, or 0; under nsim_ptp_mutex. */
static int nsim_ptp_cable_check_locked(struct nsim_ptp_clock *src, int spin,
				       struct nsim_ptp_clock *dst, int dpin)
{
	struct nsim_ptp_cable *c;
	int n = 0;

	list_for_each_entry(c, &nsim_ptp_cables, node) {
		if (c->src == src && c->src_pin == spin && c->dst == dst &&
		    c->dst_pin == dpin)
			return -EEXIST;
		/* The same pins the other way round: a signal loop. */
		if (c->src == dst && c->src_pin == dpin && c->dst == src &&
		    c->dst_pin == spin)
			return -ELOOP;
		n++;
	}
	list_for_each_entry(c, &nsim_ptp_cables, node) {
		/* An input takes one cable; a connector is input or output. */
		if (c->dst == dst && c->dst_pin == dpin)
			return -EBUSY;
		if (c->src == dst && c->src_pin == dpin)
			return -EBUSY;
		if (c->dst == src && c->dst_pin == spin)
			return -EBUSY;
	}
	return n >= NSIM_PTP_MAX_CABLES ? -ENOSPC : 0;
}

static ssize_t nsim_ptp_connect_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct nsim_ptp_clock *src, *dst;
	struct nsim_ptp_cable_spec spec;
	char buf[NSIM_PTP_CMD_LEN], *cmd;
	struct nsim_ptp_cable *cable;
	int err;

	err = nsim_ptp_get_cmd(ubuf, count, buf, &cmd);
	if (err)
		return err;
	err = nsim_ptp_parse_cable(cmd, &spec, false);
	if (err)
		return err;
	/* GNSS-1PPS is wired to the receiver inside the board. */
	if (spec.src_pin == NSIM_PTP_PIN_GNSS_1PPS ||
	    spec.dst_pin == NSIM_PTP_PIN_GNSS_1PPS)
		return -EINVAL;
	if (spec.src == spec.dst && spec.src_pin == spec.dst_pin)
		return -ELOOP;
	cable = kzalloc(sizeof(*cable), GFP_KERNEL);
	if (!cable)
		return -ENOMEM;

	mutex_lock(&nsim_ptp_mutex);
	src = nsim_ptp_find_locked(spec.src);
	dst = nsim_ptp_find_locked(spec.dst);
	if (!src || !dst) {
		err = -ENODEV;
		goto out;
	}
	err = nsim_ptp_cable_check_locked(src, spec.src_pin, dst, spec.dst_pin);
	if (!err) {
		cable->src = src;
		cable->src_pin = spec.src_pin;
		cable->dst = dst;
		cable->dst_pin = spec.dst_pin;
		cable->delay = spec.delay;
		list_add_tail_rcu(&cable->node, &nsim_ptp_cables);
		cable = NULL;
	}
out:
	mutex_unlock(&nsim_ptp_mutex);
	kfree(cable);
	if (err)
		return err;
	nsim_ptp_signal_changed(NULL);
	return count;
}

static ssize_t nsim_ptp_disconnect_write(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	struct nsim_ptp_cable *c, *found = NULL;
	struct nsim_ptp_cable_spec spec;
	char buf[NSIM_PTP_CMD_LEN], *cmd;
	int err;

	err = nsim_ptp_get_cmd(ubuf, count, buf, &cmd);
	if (err)
		return err;
	err = nsim_ptp_parse_cable(cmd, &spec, true);
	if (err)
		return err;
	mutex_lock(&nsim_ptp_mutex);
	list_for_each_entry(c, &nsim_ptp_cables, node) {
		if (c->dst->index != spec.dst || c->dst_pin != spec.dst_pin)
			continue;
		if (spec.ntok == 4 && (c->src->index != spec.src ||
				       c->src_pin != spec.src_pin))
			continue;
		found = c;
		nsim_ptp_cable_del(c);
		break;
	}
	mutex_unlock(&nsim_ptp_mutex);
	if (!found)
		return -ENOENT;
	nsim_ptp_signal_changed(NULL);
	return count;
}

static int nsim_ptp_cables_show(struct seq_file *seq, void *v)
{
	struct nsim_ptp_cable *c;

	mutex_lock(&nsim_ptp_mutex);
	list_for_each_entry(c, &nsim_ptp_cables, node)
		seq_printf(seq, "ptp%d %s ptp%d %s %lld\n",
			   c->src->index, nsim_ptp_pin_names[c->src_pin],
			   c->dst->index, nsim_ptp_pin_names[c->dst_pin],
			   c->delay);
	mutex_unlock(&nsim_ptp_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nsim_ptp_cables);

static const struct file_operations nsim_ptp_new_fops = {
	.owner = THIS_MODULE,
	.write = nsim_ptp_new_write,
	.llseek = noop_llseek,
};

static const struct file_operations nsim_ptp_del_fops = {
	.owner = THIS_MODULE,
	.write = nsim_ptp_del_write,
	.llseek = noop_llseek,
};

static const struct file_operations nsim_ptp_connect_fops = {
	.owner = THIS_MODULE,
	.write = nsim_ptp_connect_write,
	.llseek = noop_llseek,
};

static const struct file_operations nsim_ptp_disconnect_fops = {
	.owner = THIS_MODULE,
	.write = nsim_ptp_disconnect_write,
	.llseek = noop_llseek,
};

/* Per-clock knobs. */

enum nsim_ptp_knob {
	NSIM_PTP_KNOB_FREQ,
	NSIM_PTP_KNOB_OFFSET,
	NSIM_PTP_KNOB_NOISE,
	NSIM_PTP_KNOB_GNSS,
	NSIM_PTP_KNOB_STATE,
};

struct nsim_ptp_knob_file {
	const char *name;
	umode_t mode;
};

static const struct nsim_ptp_knob_file nsim_ptp_knobs[] = {
	[NSIM_PTP_KNOB_FREQ] = { "freq_error_ppb", 0600 },
	[NSIM_PTP_KNOB_OFFSET] = { "offset_ns", 0600 },
	[NSIM_PTP_KNOB_NOISE] = { "noise_ns", 0600 },
	[NSIM_PTP_KNOB_GNSS] = { "gnss_signal", 0600 },
	[NSIM_PTP_KNOB_STATE] = { "state", 0444 },
};

static_assert(ARRAY_SIZE(nsim_ptp_knobs) == NSIM_PTP_N_KNOBS);

static const char *nsim_ptp_func_name(u8 func)
{
	switch (func) {
	case PTP_PF_NONE:
		return "none";
	case PTP_PF_EXTTS:
		return "extts";
	case PTP_PF_PEROUT:
		return "perout";
	default:
		return "other";
	}
}

static const char * const nsim_ptp_disc_names[] = {
	[NSIM_PTP_DISC_FREE] = "free",
	[NSIM_PTP_DISC_LOCKED] = "locked",
	[NSIM_PTP_DISC_HOLDOVER] = "holdover",
};

static int nsim_ptp_state_show(struct seq_file *seq, void *v)
{
	struct nsim_ptp_knob_priv *kp = seq->private;
	struct nsim_ptp_clock *clk = kp->clk;
	s64 phc;
	u64 now;
	int i;

	nsim_ptp_lock(clk);
	now = nsim_ptp_ref_now();
	phc = nsim_ptp_phc_at_locked(clk, now);
	seq_printf(seq,
		   "name %s\nindex %d\nref_ns %llu\nphc_ns %lld\noffset_ns %lld\n"
		   "freq_error_ppb %d\nadj_ppb %lld\nslew_left_ns %lld\n"
		   "noise_ns %u\ngnss_signal %d\npps %d\n",
		   clk->name, clk->index, now, phc, phc - (s64)now,
		   clk->osc_ppb, nsim_ptp_adj_ppb_locked(clk),
		   nsim_ptp_slew_left_locked(clk, now), clk->noise_ns, clk->gnss,
		   clk->pps_on);
	/* A DPLL's discipline replaces freq_error_ppb unless free. */
	seq_printf(seq, "discipline %s\nholdover_ppb_per_s %d\nholdover_r_ns %llu\n"
		   "holdover_ppb %lld\n",
		   nsim_ptp_disc_names[clk->disc], clk->m.ho_rate,
		   clk->m.ho_rate ? clk->m.ho_r : 0,
		   nsim_ptp_ho_ppb_locked(clk, now));
	for (i = 0; i < NSIM_PTP_PIN_COUNT; i++) {
		u8 f = clk->pin_func[i], c = clk->pin_chan[i];
		bool on = (f == PTP_PF_EXTTS && c < NSIM_PTP_N_EXTTS &&
			   clk->extts_on[c]) ||
			  (f == PTP_PF_PEROUT && c < NSIM_PTP_N_PEROUT &&
			   clk->perout[c].on);

		seq_printf(seq, "pin %s %s %u %s\n", nsim_ptp_pin_names[i],
			   nsim_ptp_func_name(f), c, on ? "on" : "off");
	}
	nsim_ptp_unlock(clk);
	return 0;
}

static int nsim_ptp_state_open(struct inode *inode, struct file *file)
{
	return single_open(file, nsim_ptp_state_show, inode->i_private);
}

static ssize_t nsim_ptp_ro_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	return -EPERM;
}

static const struct file_operations nsim_ptp_state_fops = {
	.owner = THIS_MODULE,
	.open = nsim_ptp_state_open,
	.read = seq_read,
	.write = nsim_ptp_ro_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t nsim_ptp_knob_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct nsim_ptp_knob_priv *kp = file->private_data;
	struct nsim_ptp_clock *clk = kp->clk;
	char buf[32];
	size_t len = 0;
	u64 now;

	nsim_ptp_lock(clk);
	switch (kp->knob) {
	case NSIM_PTP_KNOB_FREQ:
		len = scnprintf(buf, sizeof(buf), "%d\n", clk->osc_ppb);
		break;
	case NSIM_PTP_KNOB_OFFSET:
		now = nsim_ptp_ref_now();
		len = scnprintf(buf, sizeof(buf), "%lld\n",
				nsim_ptp_phc_at_locked(clk, now) - (s64)now);
		break;
	case NSIM_PTP_KNOB_NOISE:
		len = scnprintf(buf, sizeof(buf), "%u\n", clk->noise_ns);
		break;
	case NSIM_PTP_KNOB_GNSS:
		len = scnprintf(buf, sizeof(buf), "%d\n", clk->gnss);
		break;
	default:
		break;
	}
	nsim_ptp_unlock(clk);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t nsim_ptp_knob_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct nsim_ptp_knob_priv *kp = file->private_data;
	struct nsim_ptp_clock *clk = kp->clk;
	s64 v64;
	bool b;
	u32 u;
	s32 s;
	int err;

	switch (kp->knob) {
	case NSIM_PTP_KNOB_FREQ:
		err = kstrtos32_from_user(ubuf, count, 10, &s);
		if (err)
			return err;
		if (s > NSIM_PTP_MAX_OSC_PPB || s < -NSIM_PTP_MAX_OSC_PPB)
			return -ERANGE;
		nsim_ptp_set_osc(clk, s);
		break;
	case NSIM_PTP_KNOB_OFFSET:
		err = kstrtos64_from_user(ubuf, count, 10, &v64);
		if (err)
			return err;
		err = nsim_ptp_set_offset(clk, v64);
		if (err)
			return err;
		break;
	case NSIM_PTP_KNOB_NOISE:
		err = kstrtou32_from_user(ubuf, count, 10, &u);
		if (err)
			return err;
		if (u > NSIM_PTP_MAX_NOISE)
			return -ERANGE;
		nsim_ptp_set_noise(clk, u);
		break;
	case NSIM_PTP_KNOB_GNSS:
		err = kstrtobool_from_user(ubuf, count, &b);
		if (err)
			return err;
		nsim_ptp_clock_set_gnss_signal(clk, b);
		break;
	default:
		return -EPERM;
	}
	return count;
}

static int nsim_ptp_knob_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return nonseekable_open(inode, file);
}

static const struct file_operations nsim_ptp_knob_fops = {
	.owner = THIS_MODULE,
	.open = nsim_ptp_knob_open,
	.read = nsim_ptp_knob_read,
	.write = nsim_ptp_knob_write,
	.llseek = noop_llseek,
};

void nsim_ptp_debugfs_add(struct nsim_ptp_clock *clk)
{
	struct nsim_ptp_knob_priv *kp;
	char name[16];
	int i;

	/* debugfs errors are not ours to handle: it takes error pointers. */
	if (clk->index < 0)
		return;
	snprintf(name, sizeof(name), "ptp%d", clk->index);
	clk->dir = debugfs_create_dir(name, nsim_ptp_root);
	for (i = 0; i < ARRAY_SIZE(nsim_ptp_knobs); i++) {
		kp = &clk->knob_priv[i];
		kp->clk = clk;
		kp->knob = i;
		debugfs_create_file(nsim_ptp_knobs[i].name, nsim_ptp_knobs[i].mode,
				    clk->dir, kp,
				    i == NSIM_PTP_KNOB_STATE ? &nsim_ptp_state_fops :
							       &nsim_ptp_knob_fops);
	}
}

void nsim_ptp_debugfs_del(struct nsim_ptp_clock *clk)
{
	debugfs_remove_recursive(clk->dir);
	clk->dir = NULL;
}

void nsim_ptp_debugfs_init(void)
{
	nsim_ptp_root = debugfs_create_dir("nsim_ptp", NULL);
	debugfs_create_file("new_clock", 0200, nsim_ptp_root, NULL,
			    &nsim_ptp_new_fops);
	debugfs_create_file("del_clock", 0200, nsim_ptp_root, NULL,
			    &nsim_ptp_del_fops);
	debugfs_create_file("clocks", 0444, nsim_ptp_root, NULL,
			    &nsim_ptp_clocks_fops);
	debugfs_create_file("connect", 0200, nsim_ptp_root, NULL,
			    &nsim_ptp_connect_fops);
	debugfs_create_file("disconnect", 0200, nsim_ptp_root, NULL,
			    &nsim_ptp_disconnect_fops);
	debugfs_create_file("cables", 0444, nsim_ptp_root, NULL,
			    &nsim_ptp_cables_fops);
}

void nsim_ptp_debugfs_exit(void)
{
	debugfs_remove_recursive(nsim_ptp_root);
	nsim_ptp_root = NULL;
}
