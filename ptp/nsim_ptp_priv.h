/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsim_ptp internals shared by the clock core and its debugfs interface.
 */
#ifndef _NSIM_PTP_PRIV_H
#define _NSIM_PTP_PRIV_H

#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/ptp_clock_kernel.h>

#include "nsim_ptp.h"

#define NSIM_PTP_N_EXTTS	5	/* channel 0: GNSS-1PPS; 1-4 for the others */
#define NSIM_PTP_N_PEROUT	4
#define NSIM_PTP_MAX_ADJ	500000000	/* ppb */
#define NSIM_PTP_MAX_PHASE	100000000	/* ns, slewed out within 1 s */
#define NSIM_PTP_MAX_OSC_PPB	1000000		/* oscillator error limit */
#define NSIM_PTP_MAX_NOISE	1000000		/* ns */
#define NSIM_PTP_MAX_DELAY	1000000000	/* cable delay, ns */
#define NSIM_PTP_NAME_LEN	32		/* the largest ptp_clock_info name */
#define NSIM_PTP_USER_NAME_MAX	15		/* standalone names, on any kernel */
#define NSIM_PTP_N_KNOBS	5		/* per-clock debugfs files */

struct dentry;

struct nsim_ptp_perout {
	bool on;
	bool one_shot;
	s64 start;		/* PHC ns of the first edge, or the phase */
	s64 period;
	s64 next_phc;		/* PHC time of the next edge */
	u64 next_r;		/* R of the next edge */
};

/*
 * One piece of a PHC: PHC(R) = p0 + (R - r0) scaled by 1 + frac / 2^48,
 * plus an adjphase slew of slew_off spread linearly over the slew_dur ns
 * after r0, plus in holdover the phase a frequency error growing by
 * ho_rate ppb per second since R ho_r adds from r0 on; the sum is rounded
 * down once (monotonic in R).
 */
struct nsim_ptp_model {
	u64 r0;
	s64 p0;
	s64 frac;		/* osc_frac + adj_frac */
	s64 slew_off;
	s64 slew_dur;
	s32 ho_rate;		/* ppb/s, 0: no holdover term */
	u64 ho_r;
};

struct nsim_ptp_clock {
	struct ptp_clock_info info;
	struct ptp_pin_desc pin_config[NSIM_PTP_PIN_COUNT];
	struct ptp_clock *ptp;
	int index;
	struct kref ref;
	struct list_head node;		/* nsim_ptp_clocks */
	bool standalone;
	bool shared;
	u32 shared_id;
	char name[NSIM_PTP_NAME_LEN];
	struct dentry *dir;
	/*
	 * Under nsim_ptp_mutex: whether a cable into or out of this clock
	 * was unplugged, and the RCU state then.  Other clocks' timers reach
	 * a clock only through cables, so its release waits for a grace
	 * period only when it had one, and only if none ended since.
	 */
	bool uncabled;
	unsigned long uncabled_gp;
	struct nsim_ptp_knob_priv {
		struct nsim_ptp_clock *clk;
		int knob;
	} knob_priv[NSIM_PTP_N_KNOBS];

	/*
	 * Everything below is under @lock (taken with BHs off: the timer is
	 * a softirq hrtimer).  The models are also covered by @seq, so that
	 * timestamps and reads (also by other clocks' timers, for cables)
	 * need no lock.  Pin mirrors and EXTTS enables are read by other
	 * clocks' timers with READ_ONCE.
	 *
	 * Writers of @seq hold @lock and, around the write section only,
	 * @seq_lock with hard IRQs off: netdevsim stamps packets from its
	 * transmit path, which netpoll may run in hard IRQ context, and a
	 * reader interrupting a writer on its own CPU would spin forever.
	 * @lock cannot do it: it sleeps on PREEMPT_RT, where spin_lock_irq()
	 * leaves IRQs on, and the PTP core's event queue it covers takes
	 * sleeping locks there too.  A raw spinlock disables IRQs on every
	 * kernel, and readers of a seqcount_raw_spinlock_t never take it
	 * (those of a seqcount_spinlock_t do on RT), so the datapath stays
	 * lock-free; lockdep checks that every writer holds it.
	 */
	spinlock_t lock;
	raw_spinlock_t seq_lock;
	seqcount_raw_spinlock_t seq;
	struct nsim_ptp_model m;	/* in force from m.r0 on */
	struct nsim_ptp_model prev;	/* before m.r0, for late deliveries */
	s64 adj_frac;
	s32 osc_ppb;			/* applies while disc is free only */
	enum nsim_ptp_discipline disc;
	u32 noise_ns;
	bool gnss;

	/* Pin functions as the PTP core set them (mirrored in .verify). */
	u8 pin_func[NSIM_PTP_PIN_COUNT];
	u8 pin_chan[NSIM_PTP_PIN_COUNT];

	bool extts_on[NSIM_PTP_N_EXTTS];
	u64 extts_since[NSIM_PTP_N_EXTTS];	/* R of the enable */
	u64 gnss_next_r;
	struct nsim_ptp_perout perout[NSIM_PTP_N_PEROUT];
	bool pps_on;
	s64 pps_next_phc;
	u64 pps_next_r;

	/* Delivers this clock's signals; never armed once @dying. */
	struct hrtimer timer;
	bool dying;
};

/* A simulated cable from a PEROUT pin to an EXTTS pin of some clock. */
struct nsim_ptp_cable {
	struct list_head node;		/* RCU; changed under nsim_ptp_mutex */
	struct rcu_head rcu;
	struct nsim_ptp_clock *src;
	struct nsim_ptp_clock *dst;
	u8 src_pin;
	u8 dst_pin;
	s64 delay;
};

extern struct mutex nsim_ptp_mutex;
extern struct list_head nsim_ptp_clocks;
extern struct list_head nsim_ptp_cables;
extern const char * const nsim_ptp_pin_names[NSIM_PTP_PIN_COUNT];

static inline void nsim_ptp_lock(struct nsim_ptp_clock *clk)
{
	spin_lock_bh(&clk->lock);
}

static inline void nsim_ptp_unlock(struct nsim_ptp_clock *clk)
{
	spin_unlock_bh(&clk->lock);
}

s64 nsim_ptp_phc_at_locked(struct nsim_ptp_clock *clk, u64 r);
s64 nsim_ptp_slew_left_locked(struct nsim_ptp_clock *clk, u64 r);
void nsim_ptp_set_osc(struct nsim_ptp_clock *clk, s32 ppb);
int nsim_ptp_set_offset(struct nsim_ptp_clock *clk, s64 off);
void nsim_ptp_set_noise(struct nsim_ptp_clock *clk, u32 ns);
s64 nsim_ptp_adj_ppb_locked(struct nsim_ptp_clock *clk);
s64 nsim_ptp_ho_ppb_locked(struct nsim_ptp_clock *clk, u64 r);
struct nsim_ptp_clock *nsim_ptp_standalone_create(const char *name);
struct nsim_ptp_clock *nsim_ptp_find_locked(int index);
void nsim_ptp_cable_del(struct nsim_ptp_cable *cable);
void nsim_ptp_signal_changed(struct nsim_ptp_clock *clk);

void nsim_ptp_debugfs_init(void);
void nsim_ptp_debugfs_exit(void);
void nsim_ptp_debugfs_add(struct nsim_ptp_clock *clk);
void nsim_ptp_debugfs_del(struct nsim_ptp_clock *clk);

#endif /* _NSIM_PTP_PRIV_H */
