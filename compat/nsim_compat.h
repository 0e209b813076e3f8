/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that branches on HAVE_* probe results: every API that
 * differs across supported kernels gets one spelling here, and the module
 * sources use only that spelling.
 */
#ifndef _NSIM_COMPAT_H
#define _NSIM_COMPAT_H

#include <linux/hrtimer.h>

/* hrtimer_setup() where the kernel has it, else hrtimer_init() + callback. */
static inline void
nsim_hrtimer_setup(struct hrtimer *timer,
		   enum hrtimer_restart (*fn)(struct hrtimer *),
		   clockid_t clock_id, enum hrtimer_mode mode)
{
#ifdef HAVE_HRTIMER_SETUP
	hrtimer_setup(timer, fn, clock_id, mode);
#else
	hrtimer_init(timer, clock_id, mode);
	timer->function = fn;
#endif
}

#endif /* _NSIM_COMPAT_H */
