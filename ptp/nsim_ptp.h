/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface of nsim_ptp.ko for netdevsim and nsim_dpll.
 *
 * All times are in nanoseconds.  The reference time R runs from the raw
 * monotonic clock, anchored to the wall clock when nsim_ptp loads; every
 * simulated PHC is a function of R, so a PHC's time "at" a reference
 * instant is exact however late the caller runs.
 */
#ifndef _NSIM_PTP_H
#define _NSIM_PTP_H

#include <linux/types.h>

struct device;
struct notifier_block;
struct nsim_ptp_clock;

/* Pins every simulated PHC has, by index in its pin table. */
enum nsim_ptp_pin {
	NSIM_PTP_PIN_GNSS_1PPS,	/* fixed EXTTS input, channel 0 */
	NSIM_PTP_PIN_SMA1,
	NSIM_PTP_PIN_SMA2,
	NSIM_PTP_PIN_UFL1,
	NSIM_PTP_PIN_UFL2,
	NSIM_PTP_PIN_COUNT,
};

/* How a DPLL disciplines a PHC's oscillator (nsim_ptp_clock_discipline). */
enum nsim_ptp_discipline {
	NSIM_PTP_DISC_FREE,	/* the oscillator's own error */
	NSIM_PTP_DISC_LOCKED,	/* the reference's: none */
	NSIM_PTP_DISC_HOLDOVER,	/* drifting away from the locked value */
};

/* Bound of a holdover drift rate, ppb per second. */
#define NSIM_PTP_MAX_HO_RATE	1000

/* Reference time R now. */
u64 nsim_ptp_ref_now(void);

/*
 * A PHC of its own, registered with the kernel's PTP core under @parent.
 * Returns an ERR_PTR() on failure (as does nsim_ptp_clock_get_shared).
 */
struct nsim_ptp_clock *nsim_ptp_clock_create(struct device *parent,
					     const char *name);

/*
 * Find or create the PHC shared by every user of logical clock id @clk_id
 * (>= 0); each call takes a reference.  Race-free against concurrent
 * callers with the same id.
 */
struct nsim_ptp_clock *nsim_ptp_clock_get_shared(u32 clk_id);

/* Another reference to a clock the caller holds a reference to. */
struct nsim_ptp_clock *nsim_ptp_clock_get(struct nsim_ptp_clock *clk);

/* Drop a reference from create, get_shared or get; the last one destroys. */
void nsim_ptp_clock_put(struct nsim_ptp_clock *clk);

/* PHC index (the N of /dev/ptpN), or -1 when there is none. */
int nsim_ptp_clock_index(struct nsim_ptp_clock *clk);

/* The PHC's time at reference instant @ref_ns (datapath timestamps). */
u64 nsim_ptp_clock_time_at(struct nsim_ptp_clock *clk, u64 ref_ns);

/*
 * Whether the clock's board has GNSS signal: drives GNSS-1PPS edges.  May
 * sleep: a change calls the signal notifiers.
 */
void nsim_ptp_clock_set_gnss_signal(struct nsim_ptp_clock *clk, bool signal);

/*
 * Told of input signal changes, in process context, after the change: data
 * is the clock whose GNSS signal changed, or NULL when what a cable carries
 * may have changed (a cable, or a PEROUT started or stopped).
 */
int nsim_ptp_signal_notifier_register(struct notifier_block *nb);
int nsim_ptp_signal_notifier_unregister(struct notifier_block *nb);

/* Like nsim_ptp_clock_time_at(), plus the clock's timestamp noise. */
u64 nsim_ptp_clock_stamp_at(struct nsim_ptp_clock *clk, u64 ref_ns);

/*
 * Period in ns of the signal @pin sees, 0 for none: 1 s on GNSS-1PPS while
 * the board has GNSS signal; on the others, the period of a running
 * periodic PEROUT cabled to them (for nsim_dpll).
 */
u64 nsim_ptp_clock_pin_period(struct nsim_ptp_clock *clk,
			      enum nsim_ptp_pin pin);

/*
 * Phase in ns of the edges a pin sees against the clock's own (see the
 * kernel-doc), or -ENOLINK without a periodic signal.
 */
int nsim_ptp_clock_pin_phase(struct nsim_ptp_clock *clk,
			     enum nsim_ptp_pin pin, s64 *phase);

/*
 * Frequency offset in ppt of the signal a pin sees against the clock, or
 * -ENOLINK without a periodic signal.
 */
int nsim_ptp_clock_pin_ffo(struct nsim_ptp_clock *clk, enum nsim_ptp_pin pin,
			   s64 *ppt);

/*
 * Discipline @clk's oscillator from R @at_r on: free, locked or holdover
 * drifting by @drift ppb/s (see the kernel-doc).
 */
int nsim_ptp_clock_discipline(struct nsim_ptp_clock *clk,
			      enum nsim_ptp_discipline mode, u64 at_r,
			      s32 drift);

#endif /* _NSIM_PTP_H */
