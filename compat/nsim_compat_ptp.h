/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PTP core differences between supported kernels, for nsim_ptp.  Only this
 * file branches on the PTP probe results; nsim_ptp uses the spellings below.
 */
#ifndef _NSIM_COMPAT_PTP_H
#define _NSIM_COMPAT_PTP_H

#include <linux/ptp_clock_kernel.h>
#include <linux/timekeeping.h>

#include "nsim_compat.h"

/* Flags a PEROUT request may carry on this kernel. */
#ifdef HAVE_PTP_PEROUT_PHASE
#define NSIM_PTP_PEROUT_PHASE		PTP_PEROUT_PHASE
#else
#define NSIM_PTP_PEROUT_PHASE		0
#endif
#ifdef HAVE_PTP_PEROUT_DUTY_CYCLE
#define NSIM_PTP_PEROUT_DUTY_CYCLE	PTP_PEROUT_DUTY_CYCLE
#else
#define NSIM_PTP_PEROUT_DUTY_CYCLE	0
#endif
#ifdef HAVE_PTP_PEROUT_ONE_SHOT
#define NSIM_PTP_PEROUT_ONE_SHOT	PTP_PEROUT_ONE_SHOT
#else
#define NSIM_PTP_PEROUT_ONE_SHOT	0
#endif
#ifdef HAVE_PTP_STRICT_FLAGS
#define NSIM_PTP_STRICT_FLAGS		PTP_STRICT_FLAGS
#else
#define NSIM_PTP_STRICT_FLAGS		0
#endif

/* The PEROUT request's start, or its phase when the kernel has the flag. */
static inline struct ptp_clock_time
nsim_ptp_perout_start(const struct ptp_perout_request *rq)
{
#ifdef HAVE_PTP_PEROUT_PHASE
	if (rq->flags & PTP_PEROUT_PHASE)
		return rq->phase;
#endif
	return rq->start;
}

/* The requested on-time, or a zero time when the kernel has no duty cycle. */
static inline struct ptp_clock_time
nsim_ptp_perout_on(const struct ptp_perout_request *rq)
{
#ifdef HAVE_PTP_PEROUT_DUTY_CYCLE
	if (rq->flags & PTP_PEROUT_DUTY_CYCLE)
		return rq->on;
#endif
	return (struct ptp_clock_time){ 0 };
}

/*
 * Fill the system side of a cross timestamp from one timekeeper snapshot
 * and return the raw monotonic time of that snapshot in ns (the 7.x form
 * where the fields exist and ktime_get_snapshot_id() is exported).
 */
static inline u64 nsim_ptp_xtstamp_sys(struct system_device_crosststamp *cts)
{
	struct system_time_snapshot snap;

#ifdef HAVE_PTP_XTSTAMP_CLOCKID
	ktime_get_snapshot_id(cts->clock_id, &snap);
	cts->sys_systime = snap.systime;
	cts->sys_monoraw = snap.monoraw;
	return ktime_to_ns(snap.monoraw);
#else
	ktime_get_snapshot(&snap);
	cts->sys_realtime = snap.real;
	cts->sys_monoraw = snap.raw;
	return ktime_to_ns(snap.raw);
#endif
}

/*
 * Frequency callbacks: adjfine where the core has it, else adjfreq in ppb
 * converted to scaled ppm (ppb * 2^16 / 1000).
 */
#ifdef HAVE_PTP_ADJFINE
#define NSIM_PTP_DEFINE_ADJ(adjfine_fn)
#define nsim_ptp_info_set_adj(info, adjfine_fn) ((info)->adjfine = (adjfine_fn))
#else
#define NSIM_PTP_DEFINE_ADJ(adjfine_fn)					\
static int adjfine_fn##_ppb(struct ptp_clock_info *info, s32 ppb)	\
{									\
	return adjfine_fn(info, div_s64((s64)ppb * 65536, 1000));	\
}

#define nsim_ptp_info_set_adj(info, adjfine_fn)				\
	((info)->adjfreq = adjfine_fn##_ppb)
#endif

#ifdef HAVE_PTP_GETTIMEX64
#define NSIM_PTP_DEFINE_GETTIME(gettimex_fn)
#define nsim_ptp_info_set_gettime(info, gettimex_fn)			\
	((info)->gettimex64 = (gettimex_fn))
#else
#define NSIM_PTP_DEFINE_GETTIME(gettimex_fn)				\
static int gettimex_fn##_plain(struct ptp_clock_info *info,		\
			       struct timespec64 *ts)			\
{									\
	return gettimex_fn(info, ts, NULL);				\
}

#define nsim_ptp_info_set_gettime(info, gettimex_fn)			\
	((info)->gettime64 = gettimex_fn##_plain)
#endif

#ifdef HAVE_PTP_GETMAXPHASE
#define nsim_ptp_info_set_getmaxphase(info, fn) ((info)->getmaxphase = (fn))
#else
#define nsim_ptp_info_set_getmaxphase(info, fn) ((void)(fn))
#endif

#ifdef HAVE_PTP_ADJPHASE
#define nsim_ptp_info_set_adjphase(info, fn) ((info)->adjphase = (fn))
#else
#define nsim_ptp_info_set_adjphase(info, fn) ((void)(fn))
#endif

#ifdef HAVE_PTP_GETCROSSTSTAMP
#define nsim_ptp_info_set_xtstamp(info, fn) ((info)->getcrosststamp = (fn))
#else
#define nsim_ptp_info_set_xtstamp(info, fn) ((void)(fn))
#endif

/* Where the core checks request flags itself, tell it which we take. */
#ifdef HAVE_PTP_SUPPORTED_FLAGS
#define nsim_ptp_info_set_flags(info, extts, perout)			\
	do {								\
		struct ptp_clock_info *info_ = (info);			\
									\
		info_->supported_extts_flags = (extts);			\
		info_->supported_perout_flags = (perout);		\
	} while (0)
#else
#define nsim_ptp_info_set_flags(info, extts, perout) do { } while (0)
#endif

#endif /* _NSIM_COMPAT_PTP_H */
