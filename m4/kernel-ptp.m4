dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl PTP hardware clock core: which ptp_clock_info callbacks and flags the
dnl target's PTP core knows.  nsim_ptp leaves out what is missing.

AC_DEFUN([NSIM_KERNEL_PTP], [dnl
NSIM_PROBE_CONFIG([PTP_1588_CLOCK], [CONFIG_PTP_1588_CLOCK], [ym],
	[kernel PTP core])
NSIM_PROBE_CONFIG([PPS], [CONFIG_PPS], [ym], [kernel PPS core])
NSIM_PROBE_EXPORT([PTP_CLOCK_REGISTER], [ptp_clock_register],
	[ptp_clock_register exported])

NSIM_PROBE_COMPILE([PTP_ADJFINE], [
#include <linux/ptp_clock_kernel.h>
], [
static int nsim_t_adjfine(struct ptp_clock_info *p, long scaled_ppm) { return 0; }
], [
	struct ptp_clock_info i = { .adjfine = nsim_t_adjfine };
	(void)i;
], [adjfine callback])

NSIM_PROBE_COMPILE([PTP_ADJFREQ], [
#include <linux/ptp_clock_kernel.h>
], [], [
	struct ptp_clock_info i = { .adjfreq = NULL };
	(void)i;
], [legacy adjfreq callback])

NSIM_PROBE_COMPILE([PTP_ADJPHASE], [
#include <linux/ptp_clock_kernel.h>
], [
static int nsim_t_adjphase(struct ptp_clock_info *p, s32 phase) { return 0; }
], [
	struct ptp_clock_info i = { .adjphase = nsim_t_adjphase };
	(void)i;
], [adjphase callback])

NSIM_PROBE_COMPILE([PTP_GETMAXPHASE], [
#include <linux/ptp_clock_kernel.h>
], [
static s32 nsim_t_getmaxphase(struct ptp_clock_info *p) { return 0; }
], [
	struct ptp_clock_info i = { .getmaxphase = nsim_t_getmaxphase };
	(void)i;
], [getmaxphase callback])

NSIM_PROBE_COMPILE([PTP_GETTIMEX64], [
#include <linux/ptp_clock_kernel.h>
], [
static int nsim_t_gettimex64(struct ptp_clock_info *p, struct timespec64 *ts,
			     struct ptp_system_timestamp *sts)
{
	ptp_read_system_prets(sts);
	ptp_read_system_postts(sts);
	return 0;
}
], [
	struct ptp_clock_info i = { .gettimex64 = nsim_t_gettimex64 };
	(void)i;
], [gettimex64 callback (PTP_SYS_OFFSET_EXTENDED)])

NSIM_PROBE_COMPILE([PTP_GETCROSSTSTAMP], [
#include <linux/ptp_clock_kernel.h>
#include <linux/timekeeping.h>
], [
static int nsim_t_xts(struct ptp_clock_info *p, struct system_device_crosststamp *x)
{
	return 0;
}
], [
	struct ptp_clock_info i = { .getcrosststamp = nsim_t_xts };
	(void)i;
], [getcrosststamp callback (PTP_SYS_OFFSET_PRECISE)])

NSIM_PROBE_COMPILE([PTP_PEROUT_PHASE], [
#include <linux/ptp_clock_kernel.h>
], [], [
	struct ptp_perout_request r = { .flags = PTP_PEROUT_PHASE };
	r.phase.sec = 0;
	(void)r;
], [PEROUT phase and duty cycle requests])

NSIM_PROBE_COMPILE([PTP_PEROUT_DUTY_CYCLE], [
#include <linux/ptp_clock_kernel.h>
], [], [
	struct ptp_perout_request r = { .flags = PTP_PEROUT_DUTY_CYCLE };
	r.on.sec = 0;
	(void)r;
], [PEROUT duty cycle])

NSIM_PROBE_COMPILE([PTP_STRICT_FLAGS], [
#include <linux/ptp_clock_kernel.h>
], [], [
	unsigned int f = PTP_STRICT_FLAGS | PTP_EXTTS_EDGES;
	(void)f;
], [EXTTS strict edge flags])

NSIM_PROBE_COMPILE([PTP_SUPPORTED_FLAGS], [
#include <linux/ptp_clock_kernel.h>
], [], [
	struct ptp_clock_info i = {
		.supported_extts_flags = PTP_RISING_EDGE,
		.supported_perout_flags = PTP_PEROUT_PHASE,
	};
	(void)i;
], [PTP core checks request flags itself])

NSIM_PROBE_COMPILE([PTP_PEROUT_ONE_SHOT], [
#include <linux/ptp_clock_kernel.h>
], [], [
	unsigned int f = PTP_PEROUT_ONE_SHOT;
	(void)f;
], [one-shot PEROUT requests])

dnl 7.x: the PTP core names the system clock of a cross timestamp
dnl (clock_id, sys_systime) and snapshots take that clock's id; the probe
dnl also needs ktime_get_snapshot_id exported, as the compat header calls it.
NSIM_PROBE_COMPILE([PTP_XTSTAMP_CLOCKID], [
#include <linux/timekeeping.h>
], [], [
	struct system_device_crosststamp x = { .clock_id = CLOCK_REALTIME };
	struct system_time_snapshot s;

	ktime_get_snapshot_id(x.clock_id, &s);
	x.sys_systime = s.systime;
	x.sys_monoraw = s.monoraw;
	(void)x;
], [cross timestamps for a chosen system clock], [ktime_get_snapshot_id])
NSIM_PROBE_EXPORT([KTIME_GET_SNAPSHOT_ID], [ktime_get_snapshot_id],
	[ktime_get_snapshot_id exported])
NSIM_PROBE_EXPORT([KTIME_GET_SNAPSHOT], [ktime_get_snapshot],
	[ktime_get_snapshot exported])

NSIM_PROBE_CHAIN([the PTP frequency callback], [PTP_ADJFINE PTP_ADJFREQ])
NSIM_PROBE_CHAIN([system clock snapshots (cross timestamps)],
	[KTIME_GET_SNAPSHOT_ID KTIME_GET_SNAPSHOT])
])
