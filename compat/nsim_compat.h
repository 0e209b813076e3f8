/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that branches on HAVE_* probe results: every API that
 * differs across supported kernels gets one spelling here, and the module
 * sources use only that spelling.
 */
#ifndef _NSIM_COMPAT_H
#define _NSIM_COMPAT_H

#include <linux/timer.h>
#include <linux/hrtimer.h>

#ifndef HAVE_TIMER_CONTAINER_OF
#define timer_container_of(var, timer, field) from_timer(var, timer, field)
#endif

#ifndef HAVE_TIMER_DELETE_SYNC
#define timer_delete_sync(t) del_timer_sync(t)
#endif

#ifndef HAVE_HRTIMER_SETUP
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*fn)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = fn;
}
#endif

#endif /* _NSIM_COMPAT_H */
