// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_ptp: simulated PTP hardware clocks for netdevsim.
 *
 * Every clock is a piecewise-linear function of the reference time R (raw
 * monotonic clock anchored to the wall clock at load).  Signals (GNSS 1PPS,
 * PEROUT edges, PPS) are instants in R, so their timestamps are exact however
 * late the timer that delivers them runs.
 *
 * Each clock has its own lock, its own timer and a seqcount over its model:
 * timestamps cost the same however many clocks exist, and take no lock.
 */

#include <linux/bits.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/hrtimer.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "nsim_compat_ptp.h"
#include "nsim_ptp_priv.h"

/*
 * Creation and destruction of clocks, the clock list, lookups that must not
 * race them, and changes of the cable list (which timers read under RCU).
 */
DEFINE_MUTEX(nsim_ptp_mutex);
LIST_HEAD(nsim_ptp_clocks);
LIST_HEAD(nsim_ptp_cables);

const char * const nsim_ptp_pin_names[NSIM_PTP_PIN_COUNT] = {
	[NSIM_PTP_PIN_GNSS_1PPS] = "GNSS-1PPS",
	[NSIM_PTP_PIN_SMA1] = "SMA1",
	[NSIM_PTP_PIN_SMA2] = "SMA2",
	[NSIM_PTP_PIN_UFL1] = "U.FL1",
	[NSIM_PTP_PIN_UFL2] = "U.FL2",
};

/*
 * Parent of the standalone and shared clocks, /sys/devices/nsim_ptp: the
 * udev rule and users tell our PHCs from other drivers' by it.
 */
static struct device *nsim_ptp_dev;

/* Users of input signal changes (nsim_dpll's boards). */
static BLOCKING_NOTIFIER_HEAD(nsim_ptp_signal_chain);

/* R at load, on the wall clock; R then runs from CLOCK_MONOTONIC_RAW. */
static u64 nsim_ptp_anchor_wall;
static u64 nsim_ptp_anchor_raw;

/* Bound on catching up events when the timer ran very late. */
#define NSIM_PTP_MAX_BURST	16
#define NSIM_PTP_MIN_PERIOD	1000000LL		/* 1 ms */
#define NSIM_PTP_MAX_PERIOD	(1000 * NSEC_PER_SEC)
#define NSIM_PTP_MIN_ARM	10000LL			/* 10 us */
/*
 * Range of PHC values (docs/ptp.md): settime, adjtime, offset_ns and PEROUT
 * starts give a PHC in [0, NSIM_PTP_MAX_NS), i.e. before 2200-01-01 UTC.
 * A clock then runs freely past it: the headroom to S64_MAX is 1.97e18 ns,
 * 62 years of PHC time, which the fastest PHC (adjfine +500001 ppm plus a
 * +1000 ppm oscillator error: 1.501001 s per second of R) uses up in
 * 41 years of R.  Within that every PHC read and edge computation stays
 * in range.
 */
#define NSIM_PTP_MAX_SEC	7258118400LL		/* 2200-01-01 00:00 UTC */
#define NSIM_PTP_MAX_NS		(NSIM_PTP_MAX_SEC * NSEC_PER_SEC)
/*
 * The inverse (R of a PHC time) is exact for PHC distances up to
 * NSIM_PTP_HORIZON (36 years); farther instants are placed at
 * NSIM_PTP_FAR (146 years) of R, out of reach of any uptime, and
 * re-derived at the clock's next change.
 * Neither overflows: the slowest PHC rate is above 1/4.
 */
#define NSIM_PTP_HORIZON	(1LL << 60)
#define NSIM_PTP_FAR		(1LL << 62)

/* Whether @p may be set as a PHC value (a step, a PEROUT start). */
static bool nsim_ptp_phc_ok(s64 p)
{
	return p >= 0 && p < NSIM_PTP_MAX_NS;
}

static u64 nsim_ptp_raw_to_ref(u64 raw)
{
	return nsim_ptp_anchor_wall + (raw - nsim_ptp_anchor_raw);
}

/**
 * nsim_ptp_ref_now() - the reference time R now
 *
 * Return: R in nanoseconds since the epoch.
 */
u64 nsim_ptp_ref_now(void)
{
	return nsim_ptp_raw_to_ref(ktime_get_raw_ns());
}
EXPORT_SYMBOL_GPL(nsim_ptp_ref_now);

/* v * frac / 2^48, rounded towards zero. */
static s64 nsim_ptp_scale(s64 v, s64 frac)
{
	u64 uv = v < 0 ? -(u64)v : v;
	u64 uf = frac < 0 ? -(u64)frac : frac;
	u64 m = mul_u64_u64_shr(uv, uf, 48);

	return (v < 0) != (frac < 0) ? -(s64)m : (s64)m;
}

/* ppb to the 2^-48 fraction of the model: ppb * 2^48 / 10^9. */
static s64 nsim_ptp_ppb_to_frac(s64 ppb)
{
	return div_s64(ppb * (1LL << 39), 1953125);
}

/* scaled ppm (ppm * 2^16) to the 2^-48 fraction: sppm * 2^32 / 10^6. */
static s64 nsim_ptp_sppm_to_frac(long sppm)
{
	return div_s64((s64)sppm * (1LL << 26), 15625);
}

/* floor(v * frac / 2^48), and the remainder of that division in *rem. */
static s64 nsim_ptp_scale_floor(s64 v, s64 frac, u64 *rem)
{
	u64 uv = v < 0 ? -(u64)v : v;
	u64 uf = frac < 0 ? -(u64)frac : frac;
	u64 q = mul_u64_u64_shr(uv, uf, 48);
	u64 r = (uv * uf) & (BIT_ULL(48) - 1);

	if ((v < 0) == (frac < 0) || !r) {
		*rem = r;
		return (v < 0) == (frac < 0) ? (s64)q : -(s64)q;
	}
	*rem = BIT_ULL(48) - r;
	return -(s64)q - 1;
}

/* floor(slew_off * dt / slew_dur): the part of the slew done after dt ns. */
static s64 nsim_ptp_slew_part(const struct nsim_ptp_model *m, s64 dt, u32 *rem)
{
	s32 r;
	s64 q;

	*rem = 0;
	if (!m->slew_off || dt <= 0)
		return 0;
	if (dt >= m->slew_dur)
		return m->slew_off;
	/* |slew_off| <= 10^8, dt < slew_dur <= 10^9: no overflow */
	q = div_s64_rem(m->slew_off * dt, m->slew_dur, &r);
	if (r < 0) {
		q--;
		r += m->slew_dur;
	}
	*rem = r;
	return q;
}

/*
 * Holdover: the frequency error is ho_rate * x / 10^9 ppb after x ns of
 * holdover, capped at NSIM_PTP_MAX_OSC_PPB (reached after at most 10^6 s
 * at 1 ppb/s: within that no term below overflows), so the phase it adds
 * is |rate| * x^2 / (2 * 10^18) ns, then grows linearly.  Returned as
 * whole ns, and in *rem the rest in 2^-48 ns rounded down (the model's
 * fraction unit): 2^48 / (2 * 10^18) = 2^29 / 5^18.  x is at most 2^62.
 */
#define NSIM_PTP_2E18		2000000000000000000ULL	/* 2 * 10^18 */
#define NSIM_PTP_5P18		3814697265625ULL	/* 5^18 */

static u64 nsim_ptp_ho_phase(u32 arate, u64 x, u64 *rem)
{
	u64 xc = min_t(u64, x, div_u64((u64)NSIM_PTP_MAX_OSC_PPB * NSEC_PER_SEC, arate));
	u64 y = arate * xc;		/* <= 10^15: the frequency error * 10^9 */
	u64 z = xc + 2 * (x - xc);	/* past the cap the error stays y */
	u64 q = mul_u64_u64_div_u64(y, z, NSIM_PTP_2E18);
	/* y * z - q * 2e18 < 2e18: exact modulo 2^64 */
	u64 r = y * z - q * NSIM_PTP_2E18;

	*rem = mul_u64_u64_div_u64(r, 1ULL << 29, NSIM_PTP_5P18);
	return q;
}

/*
 * The holdover phase added over dt ns of R from r0, as floor and fraction
 * (*rem in 2^-48 ns): the phase at r0 + dt less the phase at r0, both
 * counted from ho_r (none before it).
 */
static s64 nsim_ptp_ho_part(const struct nsim_ptp_model *m, s64 dt, u64 *rem)
{
	s64 e = (s64)(m->r0 - m->ho_r);
	u32 arate = abs(m->ho_rate);
	u64 r1, r0, x1, x0, n;

	x0 = clamp_t(s64, e, 0, NSIM_PTP_FAR);
	e = clamp_t(s64, e, -NSIM_PTP_FAR, NSIM_PTP_FAR);
	x1 = clamp_t(s64, e + clamp_t(s64, dt, -NSIM_PTP_FAR, NSIM_PTP_FAR - 1),
		     0, NSIM_PTP_FAR);
	n = nsim_ptp_ho_phase(arate, x1, &r1) - nsim_ptp_ho_phase(arate, x0, &r0);
	if (r1 < r0) {
		n--;
		r1 += BIT_ULL(48);
	}
	r1 -= r0;
	if (m->ho_rate > 0 || !r1) {
		*rem = r1;
		return m->ho_rate > 0 ? (s64)n : -(s64)n;
	}
	*rem = BIT_ULL(48) - r1;
	return -(s64)n - 1;
}

/*
 * PHC advance over dt ns of R from r0: floor(dt * (1 + frac / 2^48) +
 * slew_off * dt / slew_dur), rounded once.  Each term floored on its own
 * could make it step back by 1 ns where both dropped a fraction at the
 * same dt; the exact sum is increasing (its slope is at least
 * 1 - 0.501001 - 0.1), so its floor is monotonic in dt.
 */
static s64 nsim_ptp_advance(const struct nsim_ptp_model *m, s64 dt)
{
	u64 rf;
	u32 rs;
	s64 a = nsim_ptp_scale_floor(dt, m->frac, &rf);
	s64 b = nsim_ptp_slew_part(m, dt, &rs);

	/*
	 * The holdover phase joins the frequency term in 2^-48 ns: their
	 * sum is off the exact one by under 2^-47 ns, far less than the
	 * 0.39 ns the exact sum grows by per ns, so rounding stays monotonic.
	 */
	if (m->ho_rate) {
		u64 rh;

		a += nsim_ptp_ho_part(m, dt, &rh);
		rf += rh;
		if (rf >= BIT_ULL(48)) {
			rf -= BIT_ULL(48);
			a++;
		}
	}

	/*
	 * The fractions rf / 2^48 + rs / slew_dur carry 1 when
	 * rf * slew_dur >= (slew_dur - rs) * 2^48, i.e. when
	 * floor(rf * slew_dur / 2^48) >= slew_dur - rs: exact in 64 bits.
	 */
	if (rs && mul_u64_u64_shr(rf, m->slew_dur, 48) >= m->slew_dur - rs)
		b++;
	return dt + a + b;
}

static s64 nsim_ptp_model_at(const struct nsim_ptp_model *m, u64 r)
{
	return m->p0 + nsim_ptp_advance(m, (s64)(r - m->r0));
}

/*
 * The PHC at R @r: the piece in force then, the previous one for instants
 * before the last change (a late delivery), under the lock or in a
 * seqcount read section.
 */
s64 nsim_ptp_phc_at_locked(struct nsim_ptp_clock *clk, u64 r)
{
	return nsim_ptp_model_at((s64)(r - clk->m.r0) < 0 ? &clk->prev : &clk->m, r);
}

/* The part of the last adjphase not slewed out yet at R @r. */
s64 nsim_ptp_slew_left_locked(struct nsim_ptp_clock *clk, u64 r)
{
	u32 rem;

	return clk->m.slew_off - nsim_ptp_slew_part(&clk->m, (s64)(r - clk->m.r0), &rem);
}

/* The same without the lock: for timestamps and other clocks' timers. */
static s64 nsim_ptp_phc_at(struct nsim_ptp_clock *clk, u64 r)
{
	unsigned int seq;
	s64 phc;

	do {
		seq = read_seqcount_begin(&clk->seq);
		phc = nsim_ptp_phc_at_locked(clk, r);
	} while (read_seqcount_retry(&clk->seq, seq));
	return phc;
}

/*
 * The earliest R at which the PHC reads at least @t: exact (the PHC is
 * monotonic in R) within NSIM_PTP_HORIZON of p0, r0 + NSIM_PTP_FAR beyond.
 * Newton's estimate is only a start: the bracket below always confirms
 * advance(x - 1) < d, since a slow PHC holds each value for several ns
 * of R and an edge must fall on the first.  Every intermediate stays
 * below 2^63: x <= FAR, advance(FAR) < 7e18.
 */
static u64 nsim_ptp_ref_of_locked(struct nsim_ptp_clock *clk, s64 t)
{
	const struct nsim_ptp_model *m = &clk->m;
	s64 d, x, e, c, lo, hi, step;
	int i;

	if (t <= m->p0)
		return m->r0;
	d = t - m->p0;
	if (d > NSIM_PTP_HORIZON)
		return m->r0 + NSIM_PTP_FAR;
	/* Newton steps on the linear part give a close estimate... */
	x = d - nsim_ptp_scale(d, m->frac);
	for (i = 0; i < 32; i++) {
		x = clamp_t(s64, x, 0, NSIM_PTP_FAR);
		e = nsim_ptp_advance(m, x) - d;
		if (!e)
			break;
		if (check_sub_overflow(e, nsim_ptp_scale(e, m->frac), &c))
			break;
		if (!c)
			break;
		if (check_sub_overflow(x, c, &x))
			x = c > 0 ? 0 : NSIM_PTP_FAR;
	}
	x = clamp_t(s64, x, 0, NSIM_PTP_FAR);
	/* ...then bracket: advance(lo) < d <= advance(hi), and bisect. */
	hi = x;
	if (nsim_ptp_advance(m, hi) < d) {
		lo = hi;
		for (step = 1; ; step <<= 1) {
			if (lo >= NSIM_PTP_FAR - step)
				return m->r0 + NSIM_PTP_FAR;
			hi = lo + step;
			if (nsim_ptp_advance(m, hi) >= d)
				break;
			lo = hi;
		}
	} else {
		/* advance(0) = 0 < d ends this */
		for (step = 1; ; step <<= 1) {
			lo = hi > step ? hi - step : 0;
			if (nsim_ptp_advance(m, lo) < d)
				break;
			hi = lo;
		}
	}
	while (hi - lo > 1) {
		x = lo + (hi - lo) / 2;
		if (nsim_ptp_advance(m, x) >= d)
			hi = x;
		else
			lo = x;
	}
	return m->r0 + hi;
}

/*
 * Start a new linear piece at @now, carrying any slew still in progress;
 * the old piece stays for instants before @now.  In a write section.
 */
static void nsim_ptp_rebase_locked(struct nsim_ptp_clock *clk, u64 now)
{
	struct nsim_ptp_model *m = &clk->m;
	s64 dt = now - m->r0;
	u32 rem;

	if (dt <= 0)
		return;
	clk->prev = *m;
	m->p0 = nsim_ptp_model_at(m, now);
	if (m->slew_off) {
		if (dt >= m->slew_dur) {
			m->slew_off = 0;
			m->slew_dur = 0;
		} else {
			/*
			 * floored: the rest keeps its sign, and a negative
			 * one slews no faster than before (the slope stays
			 * above 0.399)
			 */
			m->slew_off -= nsim_ptp_slew_part(m, dt, &rem);
			m->slew_dur -= dt;
		}
	}
	m->r0 = now;
}

static void nsim_ptp_emit_extts(struct nsim_ptp_clock *clk, unsigned int chan,
				s64 phc)
{
	struct ptp_clock_event ev = {};
	u32 noise = READ_ONCE(clk->noise_ns);

	if (!clk->ptp)
		return;
	if (noise)
		phc += (s64)(get_random_u32() % (2 * noise + 1)) - noise;
	ev.type = PTP_CLOCK_EXTTS;
	ev.index = chan;
	ev.timestamp = max_t(s64, phc, 0);	/* noise on a PHC near 0 */
	ptp_clock_event(clk->ptp, &ev);
}

static int nsim_ptp_pin_of_locked(struct nsim_ptp_clock *clk, u8 func, u8 chan)
{
	int i;

	for (i = 0; i < NSIM_PTP_PIN_COUNT; i++)
		if (clk->pin_func[i] == func && clk->pin_chan[i] == chan)
			return i;
	return -1;
}

/*
 * PEROUT @chan of @src has an edge at R @r: every cable carries it into an
 * enabled EXTTS input, timestamped by that clock without its lock (it may
 * be @src itself, a loopback).
 */
static void nsim_ptp_edge_locked(struct nsim_ptp_clock *src, unsigned int chan,
				 u64 r)
{
	struct nsim_ptp_cable *cable;
	struct nsim_ptp_clock *dst;
	int pin = nsim_ptp_pin_of_locked(src, PTP_PF_PEROUT, chan);
	u64 at;
	u8 dchan;

	if (pin < 0)
		return;
	rcu_read_lock();
	list_for_each_entry_rcu(cable, &nsim_ptp_cables, node) {
		if (cable->src != src || cable->src_pin != pin)
			continue;
		dst = cable->dst;
		if (READ_ONCE(dst->pin_func[cable->dst_pin]) != PTP_PF_EXTTS)
			continue;
		dchan = READ_ONCE(dst->pin_chan[cable->dst_pin]);
		at = r + cable->delay;
		if (dchan < NSIM_PTP_N_EXTTS && READ_ONCE(dst->extts_on[dchan]) &&
		    (s64)(at - READ_ONCE(dst->extts_since[dchan])) >= 0)
			nsim_ptp_emit_extts(dst, dchan, nsim_ptp_phc_at(dst, at));
	}
	rcu_read_unlock();
}

/* Next edge of a PEROUT strictly after PHC time @phc (turns one-shots off). */
static void nsim_ptp_perout_next_locked(struct nsim_ptp_clock *clk,
					struct nsim_ptp_perout *po, s64 phc)
{
	s64 next = po->start;

	if (next <= phc && po->one_shot) {
		WRITE_ONCE(po->on, false);
		return;
	}
	if (next <= phc)
		next += (div64_u64(phc - po->start, po->period) + 1) * po->period;
	po->next_phc = next;
	po->next_r = nsim_ptp_ref_of_locked(clk, next);
}

static s64 nsim_ptp_next_second(s64 phc)
{
	return phc < 0 ? 0 : (div_s64(phc, NSEC_PER_SEC) + 1) * NSEC_PER_SEC;
}

static u64 nsim_ptp_next_ref_second(u64 r)
{
	return (div_u64(r, NSEC_PER_SEC) + 1) * NSEC_PER_SEC;
}

/* Deliver every event of @clk due at or before @now. */
static void nsim_ptp_run_clock_locked(struct nsim_ptp_clock *clk, u64 now)
{
	struct nsim_ptp_perout *po;
	int i, n;

	if (clk->gnss && clk->extts_on[0]) {
		for (n = 0; clk->gnss_next_r <= now && n < NSIM_PTP_MAX_BURST; n++) {
			nsim_ptp_emit_extts(clk, 0,
					    nsim_ptp_phc_at_locked(clk, clk->gnss_next_r));
			clk->gnss_next_r += NSEC_PER_SEC;
		}
		if (clk->gnss_next_r <= now)
			clk->gnss_next_r = nsim_ptp_next_ref_second(now);
	}

	for (i = 0; i < NSIM_PTP_N_PEROUT; i++) {
		po = &clk->perout[i];
		for (n = 0; po->on && po->next_r <= now && n < NSIM_PTP_MAX_BURST; n++) {
			nsim_ptp_edge_locked(clk, i, po->next_r);
			nsim_ptp_perout_next_locked(clk, po, po->next_phc);
		}
		if (po->on && po->next_r <= now)
			nsim_ptp_perout_next_locked(clk, po,
						    nsim_ptp_phc_at_locked(clk, now));
	}

	for (n = 0; clk->pps_on && clk->pps_next_r <= now && n < NSIM_PTP_MAX_BURST; n++) {
		struct ptp_clock_event ev = { .type = PTP_CLOCK_PPS };

		if (clk->ptp)
			ptp_clock_event(clk->ptp, &ev);
		clk->pps_next_phc += NSEC_PER_SEC;
		clk->pps_next_r = nsim_ptp_ref_of_locked(clk, clk->pps_next_phc);
	}
	if (clk->pps_on && clk->pps_next_r <= now) {
		clk->pps_next_phc = nsim_ptp_next_second(nsim_ptp_phc_at_locked(clk, now));
		clk->pps_next_r = nsim_ptp_ref_of_locked(clk, clk->pps_next_phc);
	}
}

/* Aim the clock's timer at its next event, if any. */
static void nsim_ptp_arm_locked(struct nsim_ptp_clock *clk, u64 now)
{
	u64 next = U64_MAX, delta;
	int i;

	if (clk->dying)
		return;
	if (clk->gnss && clk->extts_on[0])
		next = min(next, clk->gnss_next_r);
	for (i = 0; i < NSIM_PTP_N_PEROUT; i++)
		if (clk->perout[i].on)
			next = min(next, clk->perout[i].next_r);
	if (clk->pps_on)
		next = min(next, clk->pps_next_r);
	if (next == U64_MAX)
		return;	/* an idle timer firing once more is harmless */
	/*
	 * hrtimers cannot run on the raw clock: aim via CLOCK_MONOTONIC, at
	 * most NSIM_PTP_FAR ahead (then it fires early, finds nothing due
	 * and aims again), and never at or before now: what is due now is
	 * delivered by the caller's catch-up, not by a timer in the past.
	 */
	delta = next > now ? min_t(u64, next - now, NSIM_PTP_FAR) :
			     NSIM_PTP_MIN_ARM;
	hrtimer_start(&clk->timer, ktime_add_safe(ktime_get(), ns_to_ktime(delta)),
		      HRTIMER_MODE_ABS_SOFT);
}

static enum hrtimer_restart nsim_ptp_timer_fn(struct hrtimer *timer)
{
	struct nsim_ptp_clock *clk = container_of(timer, struct nsim_ptp_clock,
						  timer);
	u64 now;

	nsim_ptp_lock(clk);
	now = nsim_ptp_ref_now();
	nsim_ptp_run_clock_locked(clk, now);
	nsim_ptp_arm_locked(clk, now);
	nsim_ptp_unlock(clk);
	return HRTIMER_NORESTART;
}

/*
 * Begin a change of @clk's model: take the lock, deliver what is due (so
 * that an event is timestamped with the model in force at its instant),
 * open the write section and start a new piece.  Returns the R instant
 * of the change, to pass to nsim_ptp_change_end().
 */
static u64 nsim_ptp_change_begin(struct nsim_ptp_clock *clk)
{
	u64 now;

	/* raw_spin_lock_irq() below turns IRQs back on at the end */
	lockdep_assert_irqs_enabled();
	nsim_ptp_lock(clk);
	now = nsim_ptp_ref_now();
	nsim_ptp_run_clock_locked(clk, now);
	/* Readers spin while it is open: hard IRQs off (see seq_lock). */
	raw_spin_lock_irq(&clk->seq_lock);
	write_seqcount_begin(&clk->seq);
	nsim_ptp_rebase_locked(clk, now);
	return now;
}

/* Close the write section, re-derive the next events, re-arm, unlock. */
static void nsim_ptp_change_end(struct nsim_ptp_clock *clk, u64 now)
{
	s64 phc;
	int i;

	write_seqcount_end(&clk->seq);
	raw_spin_unlock_irq(&clk->seq_lock);
	phc = nsim_ptp_phc_at_locked(clk, now);
	for (i = 0; i < NSIM_PTP_N_PEROUT; i++)
		if (clk->perout[i].on)
			nsim_ptp_perout_next_locked(clk, &clk->perout[i], phc);
	if (clk->pps_on) {
		clk->pps_next_phc = nsim_ptp_next_second(phc);
		clk->pps_next_r = nsim_ptp_ref_of_locked(clk, clk->pps_next_phc);
	}
	nsim_ptp_arm_locked(clk, now);
	nsim_ptp_unlock(clk);
}

/* Lock @clk and deliver what is due; returns now. */
static u64 nsim_ptp_lock_run(struct nsim_ptp_clock *clk)
{
	u64 now;

	nsim_ptp_lock(clk);
	now = nsim_ptp_ref_now();
	nsim_ptp_run_clock_locked(clk, now);
	return now;
}

/* The model's frequency: a disciplined oscillator has no error of its own. */
static s64 nsim_ptp_frac_locked(struct nsim_ptp_clock *clk)
{
	return clk->adj_frac + (clk->disc == NSIM_PTP_DISC_FREE ?
				nsim_ptp_ppb_to_frac(clk->osc_ppb) : 0);
}

void nsim_ptp_set_osc(struct nsim_ptp_clock *clk, s32 ppb)
{
	u64 now = nsim_ptp_change_begin(clk);

	clk->osc_ppb = ppb;
	clk->m.frac = nsim_ptp_frac_locked(clk);
	nsim_ptp_change_end(clk, now);
}

/**
 * nsim_ptp_clock_discipline() - a DPLL takes over or lets go the oscillator
 * @clk: the PHC
 * @mode: free: the oscillator's own error (debugfs freq_error_ppb) applies;
 *	locked: none (the reference's); holdover: from none at @at_r on, an
 *	error growing by @drift ppb per second, capped at the oscillator
 *	error limit
 * @at_r: R of the DPLL's transition.  The new frequency applies from now:
 *	PHC values before now may already have been read or turned into
 *	events, so the PHC never steps back; a holdover's drift still counts
 *	from @at_r (a late caller loses drift*delay^2/2: 0.05 ns at
 *	1000 ppb/s and 10 ms).  A future @at_r is now.
 * @drift: ppb/s, within +-NSIM_PTP_MAX_HO_RATE; ignored unless holdover
 *
 * adjfine, adjphase, steps and offsets keep working on top.  The same
 * mode again (other than holdover) changes nothing.  May sleep.
 *
 * Return: 0, or -EINVAL for an unknown mode or a drift out of range.
 */
int nsim_ptp_clock_discipline(struct nsim_ptp_clock *clk,
			      enum nsim_ptp_discipline mode, u64 at_r,
			      s32 drift)
{
	u64 now;

	if (mode > NSIM_PTP_DISC_HOLDOVER)
		return -EINVAL;
	if (mode != NSIM_PTP_DISC_HOLDOVER)
		drift = 0;
	else if (drift > NSIM_PTP_MAX_HO_RATE || drift < -NSIM_PTP_MAX_HO_RATE)
		return -EINVAL;
	lockdep_assert_irqs_enabled();
	nsim_ptp_lock(clk);
	now = nsim_ptp_ref_now();
	if (mode == clk->disc && mode != NSIM_PTP_DISC_HOLDOVER) {
		nsim_ptp_unlock(clk);
		return 0;
	}
	nsim_ptp_run_clock_locked(clk, now);
	at_r = min(at_r, now);
	raw_spin_lock_irq(&clk->seq_lock);
	write_seqcount_begin(&clk->seq);
	nsim_ptp_rebase_locked(clk, now);
	clk->disc = mode;
	clk->m.frac = nsim_ptp_frac_locked(clk);
	clk->m.ho_rate = drift;
	clk->m.ho_r = at_r;
	nsim_ptp_change_end(clk, now);
	return 0;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_discipline);

/* The holdover frequency error at R @r, in ppb (rounded towards zero). */
s64 nsim_ptp_ho_ppb_locked(struct nsim_ptp_clock *clk, u64 r)
{
	s64 x = (s64)(r - clk->m.ho_r);
	u64 ppb;

	if (!clk->m.ho_rate || x <= 0)
		return 0;
	ppb = div_u64((u64)abs(clk->m.ho_rate) * min_t(u64, x, 1000000ULL * NSEC_PER_SEC),
		      NSEC_PER_SEC);
	ppb = min_t(u64, ppb, NSIM_PTP_MAX_OSC_PPB);
	return clk->m.ho_rate > 0 ? (s64)ppb : -(s64)ppb;
}

/* Step @clk so that PHC - R is @off now. */
int nsim_ptp_set_offset(struct nsim_ptp_clock *clk, s64 off)
{
	u64 now = nsim_ptp_change_begin(clk);
	int err = 0;
	s64 p;

	if (check_add_overflow((s64)now, off, &p) || !nsim_ptp_phc_ok(p))
		err = -ERANGE;
	else
		clk->m.p0 = p;
	nsim_ptp_change_end(clk, now);
	return err;
}

void nsim_ptp_set_noise(struct nsim_ptp_clock *clk, u32 ns)
{
	nsim_ptp_lock(clk);
	WRITE_ONCE(clk->noise_ns, ns);
	nsim_ptp_unlock(clk);
}

/* Frequency set by adjfine, in ppb (rounded). */
s64 nsim_ptp_adj_ppb_locked(struct nsim_ptp_clock *clk)
{
	return nsim_ptp_scale(NSEC_PER_SEC, clk->adj_frac);
}

static struct nsim_ptp_clock *nsim_ptp_of(struct ptp_clock_info *info)
{
	return container_of(info, struct nsim_ptp_clock, info);
}

static int nsim_ptp_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	s64 limit = (s64)NSIM_PTP_MAX_ADJ * 65536 / 1000 + 65536;
	u64 now;

	/* The core checks max_adj too; this also guards in-kernel callers. */
	if (scaled_ppm > limit || scaled_ppm < -limit)
		return -ERANGE;
	now = nsim_ptp_change_begin(clk);
	clk->adj_frac = nsim_ptp_sppm_to_frac(scaled_ppm);
	clk->m.frac = nsim_ptp_frac_locked(clk);
	nsim_ptp_change_end(clk, now);
	return 0;
}

NSIM_PTP_DEFINE_ADJ(nsim_ptp_adjfine)

static int nsim_ptp_adjtime(struct ptp_clock_info *info, s64 delta)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	int err = 0;
	s64 p;
	u64 now;

	now = nsim_ptp_change_begin(clk);
	/* A PHC before 1970 or from 2200 on is refused (NSIM_PTP_MAX_SEC). */
	if (check_add_overflow(clk->m.p0, delta, &p) || !nsim_ptp_phc_ok(p))
		err = -ERANGE;
	else
		clk->m.p0 = p;
	nsim_ptp_change_end(clk, now);
	return err;
}

static int nsim_ptp_adjphase(struct ptp_clock_info *info, s32 phase)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	u64 now;

	/* Kernels without getmaxphase leave the range check to us. */
	if (phase > NSIM_PTP_MAX_PHASE || phase < -NSIM_PTP_MAX_PHASE)
		return -ERANGE;
	now = nsim_ptp_change_begin(clk);
	/* Like a hardware phase servo: a new request replaces the old one. */
	clk->m.slew_off = phase;
	clk->m.slew_dur = phase ? NSEC_PER_SEC : 0;
	nsim_ptp_change_end(clk, now);
	return 0;
}

static s32 nsim_ptp_getmaxphase(struct ptp_clock_info *info)
{
	return NSIM_PTP_MAX_PHASE;
}

static int nsim_ptp_gettimex64(struct ptp_clock_info *info,
			       struct timespec64 *ts,
			       struct ptp_system_timestamp *sts)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	unsigned int seq;
	u64 raw;
	s64 phc;

	do {
		seq = read_seqcount_begin(&clk->seq);
		ptp_read_system_prets(sts);
		raw = ktime_get_raw_ns();
		ptp_read_system_postts(sts);
		phc = nsim_ptp_phc_at_locked(clk, nsim_ptp_raw_to_ref(raw));
	} while (read_seqcount_retry(&clk->seq, seq));
	*ts = ns_to_timespec64(phc);
	return 0;
}

NSIM_PTP_DEFINE_GETTIME(nsim_ptp_gettimex64)

static int nsim_ptp_settime64(struct ptp_clock_info *info,
			      const struct timespec64 *ts)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	s64 ns = timespec64_to_ns(ts);
	u64 now;

	if (!nsim_ptp_phc_ok(ns))
		return -ERANGE;
	now = nsim_ptp_change_begin(clk);
	/* A new time, same oscillator and frequency; a pending slew ends. */
	clk->m.p0 = ns;
	clk->m.slew_off = 0;
	clk->m.slew_dur = 0;
	nsim_ptp_change_end(clk, now);
	return 0;
}

static int nsim_ptp_getcrosststamp(struct ptp_clock_info *info,
				   struct system_device_crosststamp *cts)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	unsigned int seq;
	u64 raw;

	/* Exact: the PHC is a function of the raw clock in the same snapshot. */
	do {
		seq = read_seqcount_begin(&clk->seq);
		raw = nsim_ptp_xtstamp_sys(cts);
		cts->device = ns_to_ktime(nsim_ptp_phc_at_locked(clk, nsim_ptp_raw_to_ref(raw)));
	} while (read_seqcount_retry(&clk->seq, seq));
	return 0;
}

static int nsim_ptp_time_ns(const struct ptp_clock_time *t, s64 max_sec, s64 *ns)
{
	if (t->sec < 0 || t->nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (t->sec > max_sec)
		return -ERANGE;
	/* max_sec <= NSIM_PTP_MAX_SEC: no overflow */
	*ns = t->sec * NSEC_PER_SEC + t->nsec;
	return 0;
}

static int nsim_ptp_enable_extts(struct nsim_ptp_clock *clk,
				 const struct ptp_extts_request *rq, int on)
{
	const u32 known = PTP_ENABLE_FEATURE | PTP_RISING_EDGE |
			  PTP_FALLING_EDGE | NSIM_PTP_STRICT_FLAGS;
	unsigned int chan = rq->index;
	int err = 0;
	u64 now;

	if (chan >= NSIM_PTP_N_EXTTS)
		return -EINVAL;
	if (on) {
		if (rq->flags & ~known)
			return -EOPNOTSUPP;
		/* Only rising edges are timestamped; strict callers must ask so. */
		if ((rq->flags & NSIM_PTP_STRICT_FLAGS) &&
		    (rq->flags & (PTP_RISING_EDGE | PTP_FALLING_EDGE)) != PTP_RISING_EDGE)
			return -EOPNOTSUPP;
	}

	now = nsim_ptp_lock_run(clk);
	if (!on) {
		WRITE_ONCE(clk->extts_on[chan], false);
	} else if (nsim_ptp_pin_of_locked(clk, PTP_PF_EXTTS, chan) < 0) {
		err = -EBUSY;	/* no pin is assigned to this channel */
	} else if (!clk->extts_on[chan]) {
		/* Edges from cables count from now on, even if delivered late. */
		WRITE_ONCE(clk->extts_since[chan], now);
		WRITE_ONCE(clk->extts_on[chan], true);
		if (chan == 0)
			clk->gnss_next_r = nsim_ptp_next_ref_second(now);
		nsim_ptp_arm_locked(clk, now);
	}
	nsim_ptp_unlock(clk);
	return err;
}

static int nsim_ptp_enable_perout(struct nsim_ptp_clock *clk,
				  const struct ptp_perout_request *rq, int on)
{
	const u32 known = NSIM_PTP_PEROUT_PHASE | NSIM_PTP_PEROUT_DUTY_CYCLE |
			  NSIM_PTP_PEROUT_ONE_SHOT;
	struct ptp_clock_time start_t, on_t;
	struct nsim_ptp_perout *po;
	s64 period, start, on_ns;
	unsigned int chan = rq->index;
	bool one_shot;
	u64 now;
	int err;

	if (chan >= NSIM_PTP_N_PEROUT)
		return -EINVAL;
	po = &clk->perout[chan];
	if (!on) {
		nsim_ptp_lock_run(clk);
		WRITE_ONCE(po->on, false);
		nsim_ptp_unlock(clk);
		nsim_ptp_signal_changed(NULL);
		return 0;
	}

	if (rq->flags & ~known)
		return -EOPNOTSUPP;
	one_shot = rq->flags & NSIM_PTP_PEROUT_ONE_SHOT;
	if (one_shot && (rq->flags & NSIM_PTP_PEROUT_PHASE))
		return -EINVAL;
	err = nsim_ptp_time_ns(&rq->period, NSIM_PTP_MAX_PERIOD / NSEC_PER_SEC,
			       &period);
	if (err)
		return err;
	if (period < NSIM_PTP_MIN_PERIOD || period > NSIM_PTP_MAX_PERIOD)
		return -ERANGE;
	start_t = nsim_ptp_perout_start(rq);
	err = nsim_ptp_time_ns(&start_t, NSIM_PTP_MAX_SEC, &start);
	if (err)
		return err;
	if (!nsim_ptp_phc_ok(start))
		return -ERANGE;
	if ((rq->flags & NSIM_PTP_PEROUT_PHASE) && start >= period)
		return -ERANGE;
	if (rq->flags & NSIM_PTP_PEROUT_DUTY_CYCLE) {
		/* Accepted and checked; the simulation uses rising edges only. */
		on_t = nsim_ptp_perout_on(rq);
		err = nsim_ptp_time_ns(&on_t, NSIM_PTP_MAX_PERIOD / NSEC_PER_SEC,
				       &on_ns);
		if (err)
			return err;
		if (!on_ns || on_ns >= period)
			return -ERANGE;
	}

	now = nsim_ptp_lock_run(clk);
	if (nsim_ptp_pin_of_locked(clk, PTP_PF_PEROUT, chan) < 0) {
		err = -EBUSY;	/* no pin is assigned to this channel */
	} else if (one_shot && start <= nsim_ptp_phc_at_locked(clk, now)) {
		err = -ERANGE;	/* a single edge in the past never happens */
	} else {
		po->start = start;
		WRITE_ONCE(po->period, period);
		WRITE_ONCE(po->one_shot, one_shot);
		WRITE_ONCE(po->on, true);
		nsim_ptp_perout_next_locked(clk, po, nsim_ptp_phc_at_locked(clk, now));
		nsim_ptp_arm_locked(clk, now);
	}
	nsim_ptp_unlock(clk);
	if (!err)
		nsim_ptp_signal_changed(NULL);
	return err;
}

static int nsim_ptp_enable(struct ptp_clock_info *info,
			   struct ptp_clock_request *rq, int on)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	u64 now;

	switch (rq->type) {
	case PTP_CLK_REQ_EXTTS:
		return nsim_ptp_enable_extts(clk, &rq->extts, on);
	case PTP_CLK_REQ_PEROUT:
		return nsim_ptp_enable_perout(clk, &rq->perout, on);
	case PTP_CLK_REQ_PPS:
		/* Older PTP cores pass this on even without a PPS source. */
		if (!clk->info.pps)
			return -EOPNOTSUPP;
		now = nsim_ptp_change_begin(clk);
		clk->pps_on = on;
		nsim_ptp_change_end(clk, now);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int nsim_ptp_verify(struct ptp_clock_info *info, unsigned int pin,
			   enum ptp_pin_function func, unsigned int chan)
{
	struct nsim_ptp_clock *clk = nsim_ptp_of(info);
	bool gnss = pin == NSIM_PTP_PIN_GNSS_1PPS;
	bool ok;
	int i;

	if (pin >= NSIM_PTP_PIN_COUNT)
		return -EINVAL;
	switch (func) {
	case PTP_PF_NONE:
		ok = !gnss;
		break;
	case PTP_PF_EXTTS:
		/* Channel 0 belongs to the fixed GNSS-1PPS input. */
		ok = gnss ? chan == 0 : chan >= 1 && chan < NSIM_PTP_N_EXTTS;
		break;
	case PTP_PF_PEROUT:
		ok = !gnss && chan < NSIM_PTP_N_PEROUT;
		break;
	default:
		ok = false;
		break;
	}
	if (!ok)
		return -EOPNOTSUPP;

	/*
	 * The core assigns the function right after a successful verify and
	 * takes it from any other pin that had it: mirror that for the timer,
	 * which cannot take the core's pin mutex.
	 */
	nsim_ptp_lock(clk);
	if (func != PTP_PF_NONE) {
		for (i = 0; i < NSIM_PTP_PIN_COUNT; i++) {
			if (i != pin && clk->pin_func[i] == func &&
			    clk->pin_chan[i] == chan) {
				WRITE_ONCE(clk->pin_func[i], PTP_PF_NONE);
				WRITE_ONCE(clk->pin_chan[i], 0);
			}
		}
	}
	WRITE_ONCE(clk->pin_func[pin], func);
	WRITE_ONCE(clk->pin_chan[pin], chan);
	nsim_ptp_unlock(clk);
	/*
	 * No signal notification here: a running PEROUT leaves or reaches a
	 * pin only through the core disabling its channel right after this
	 * (enable(PEROUT, 0) notifies), so the boards see the final state.
	 */
	return 0;
}

static void nsim_ptp_init_info(struct nsim_ptp_clock *clk, const char *name)
{
	struct ptp_clock_info *info = &clk->info;
	int i;

	info->owner = THIS_MODULE;
	strscpy(info->name, name, sizeof(info->name));
	info->max_adj = NSIM_PTP_MAX_ADJ;
	info->n_ext_ts = NSIM_PTP_N_EXTTS;
	info->n_per_out = NSIM_PTP_N_PEROUT;
	info->n_pins = NSIM_PTP_PIN_COUNT;
	info->pps = 1;
	info->pin_config = clk->pin_config;
	for (i = 0; i < NSIM_PTP_PIN_COUNT; i++) {
		strscpy(clk->pin_config[i].name, nsim_ptp_pin_names[i],
			sizeof(clk->pin_config[i].name));
		clk->pin_config[i].index = i;
		clk->pin_config[i].func = PTP_PF_NONE;
	}
	clk->pin_config[NSIM_PTP_PIN_GNSS_1PPS].func = PTP_PF_EXTTS;
	clk->pin_func[NSIM_PTP_PIN_GNSS_1PPS] = PTP_PF_EXTTS;

	nsim_ptp_info_set_adj(info, nsim_ptp_adjfine);
	nsim_ptp_info_set_adjphase(info, nsim_ptp_adjphase);
	nsim_ptp_info_set_getmaxphase(info, nsim_ptp_getmaxphase);
	info->adjtime = nsim_ptp_adjtime;
	nsim_ptp_info_set_gettime(info, nsim_ptp_gettimex64);
	info->settime64 = nsim_ptp_settime64;
	nsim_ptp_info_set_xtstamp(info, nsim_ptp_getcrosststamp);
	info->enable = nsim_ptp_enable;
	info->verify = nsim_ptp_verify;
	nsim_ptp_info_set_flags(info,
				PTP_RISING_EDGE | PTP_FALLING_EDGE | NSIM_PTP_STRICT_FLAGS,
				NSIM_PTP_PEROUT_PHASE | NSIM_PTP_PEROUT_DUTY_CYCLE |
				NSIM_PTP_PEROUT_ONE_SHOT);
}

/* What the running kernel's PTP core keeps of a clock name, with the NUL. */
#define NSIM_PTP_CORE_NAME_LEN \
	min_t(size_t, sizeof_field(struct ptp_clock_info, name), NSIM_PTP_NAME_LEN)

/* Whether a clock of ours has that name; under nsim_ptp_mutex. */
static bool nsim_ptp_name_taken(const char *name)
{
	struct nsim_ptp_clock *clk;

	list_for_each_entry(clk, &nsim_ptp_clocks, node)
		if (!strcmp(clk->name, name))
			return true;
	return false;
}

/* Clocks of ours holding a kernel PPS source; the kernel had none left. */
static unsigned int nsim_ptp_pps_clocks;
static bool nsim_ptp_pps_full;

/* Create and register a clock; the caller holds nsim_ptp_mutex. */
static struct nsim_ptp_clock *nsim_ptp_clock_new(struct device *parent,
						 const char *name)
{
	struct nsim_ptp_clock *clk;
	u64 now;

	/* Names are whole and unique: udev rules and users find clocks by them. */
	if (strlen(name) >= NSIM_PTP_CORE_NAME_LEN)
		return ERR_PTR(-ENAMETOOLONG);
	if (nsim_ptp_name_taken(name))
		return ERR_PTR(-EEXIST);
	clk = kzalloc(sizeof(*clk), GFP_KERNEL);
	if (!clk)
		return ERR_PTR(-ENOMEM);
	kref_init(&clk->ref);
	INIT_LIST_HEAD(&clk->node);
	strscpy(clk->name, name, sizeof(clk->name));
	nsim_ptp_init_info(clk, name);
	spin_lock_init(&clk->lock);
	raw_spin_lock_init(&clk->seq_lock);
	seqcount_raw_spinlock_init(&clk->seq, &clk->seq_lock);
	nsim_hrtimer_setup(&clk->timer, nsim_ptp_timer_fn, CLOCK_MONOTONIC,
			   HRTIMER_MODE_ABS_SOFT);
	now = nsim_ptp_ref_now();
	clk->m.r0 = now;
	clk->m.p0 = now;
	clk->prev = clk->m;
	clk->gnss = true;

	/*
	 * The kernel has room for PPS_MAX_SOURCES PPS sources in all (16 in
	 * older kernels, 256 in newer ones) and fails the whole registration
	 * with -EBUSY past that.  A PHC without PPS beats no PHC: the upstream
	 * form gives every port one, and the kernel's own netdevsim has no
	 * such limit.  Once the kernel said no, don't ask again (each refusal
	 * logs three lines) until one of ours gives a source back.
	 */
	clk->info.pps = !nsim_ptp_pps_full || !nsim_ptp_pps_clocks;
	if (!parent)
		parent = nsim_ptp_dev;
	clk->ptp = ptp_clock_register(&clk->info, parent);
	if (IS_ERR(clk->ptp) && PTR_ERR(clk->ptp) == -EBUSY && clk->info.pps) {
		nsim_ptp_pps_full = true;
		clk->info.pps = 0;
		clk->ptp = ptp_clock_register(&clk->info, parent);
	}
	if (!IS_ERR(clk->ptp) && !clk->info.pps)
		pr_notice_ratelimited("nsim_ptp: %s: the kernel has no PPS source left; this clock has no PPS\n",
				      name);
	if (IS_ERR(clk->ptp)) {
		int err = PTR_ERR(clk->ptp);

		kfree(clk);
		return ERR_PTR(err);
	}
	/* NULL: the kernel has no PTP core; the model still serves netdevsim. */
	clk->index = clk->ptp ? ptp_clock_index(clk->ptp) : -1;
	if (clk->ptp && clk->info.pps)
		nsim_ptp_pps_clocks++;

	list_add_tail(&clk->node, &nsim_ptp_clocks);
	nsim_ptp_debugfs_add(clk);
	return clk;
}

static void nsim_ptp_cable_free(struct rcu_head *head)
{
	kfree(container_of(head, struct nsim_ptp_cable, rcu));
}

/*
 * Unplug a cable; under nsim_ptp_mutex.  call_rcu() comes last: with
 * preemptible RCU a grace period can end, and the cable be freed, while
 * this task is preempted right after it (no read-side section here).
 */
void nsim_ptp_cable_del(struct nsim_ptp_cable *cable)
{
	unsigned long gp;

	list_del_rcu(&cable->node);
	gp = get_state_synchronize_rcu();
	cable->src->uncabled = true;
	cable->src->uncabled_gp = gp;
	cable->dst->uncabled = true;
	cable->dst->uncabled_gp = gp;
	call_rcu(&cable->rcu, nsim_ptp_cable_free);
}

/* kref release, entered with nsim_ptp_mutex held; drops it. */
static void nsim_ptp_clock_release(struct kref *ref)
	__releases(&nsim_ptp_mutex)
{
	struct nsim_ptp_clock *clk = container_of(ref, struct nsim_ptp_clock, ref);
	struct nsim_ptp_cable *cable, *tmp;
	bool uncabled, unplugged = false;
	unsigned long gp;

	list_del_init(&clk->node);
	list_for_each_entry_safe(cable, tmp, &nsim_ptp_cables, node) {
		if (cable->src == clk || cable->dst == clk) {
			nsim_ptp_cable_del(cable);
			unplugged = true;
		}
	}
	uncabled = clk->uncabled;
	gp = clk->uncabled_gp;
	mutex_unlock(&nsim_ptp_mutex);
	if (unplugged)
		nsim_ptp_signal_changed(NULL);

	/* Waits for running debugfs handlers of this clock. */
	nsim_ptp_debugfs_del(clk);
	/*
	 * No other clock's timer delivers an edge into this one any more:
	 * they follow cables under RCU, so wait only when one was unplugged
	 * and no grace period has ended since (deleting many clocks without
	 * cables costs none).
	 */
	if (uncabled)
		cond_synchronize_rcu(gp);
	/* PTP callbacks may still run until the unregister: none re-arms. */
	nsim_ptp_lock(clk);
	clk->dying = true;
	nsim_ptp_unlock(clk);
	hrtimer_cancel(&clk->timer);
	/* After this no PTP callback runs; open fds get -ENODEV. */
	if (clk->ptp)
		ptp_clock_unregister(clk->ptp);
	/* Only now is the kernel's PPS source given back. */
	if (clk->ptp && clk->info.pps) {
		mutex_lock(&nsim_ptp_mutex);
		nsim_ptp_pps_clocks--;
		nsim_ptp_pps_full = false;
		mutex_unlock(&nsim_ptp_mutex);
	}
	kfree(clk);
}

/**
 * nsim_ptp_clock_create() - create a PHC of its own
 * @parent: device the PHC hangs off in sysfs, or NULL for nsim_ptp's own
 * @name: clock name (clock_name in sysfs): unique among our clocks, and
 *	  shorter than the PTP core's limit (15 characters on 5.10, 31 later)
 *
 * The clock starts at R with no frequency error, GNSS signal present.
 *
 * Return: the clock with one reference, or an ERR_PTR() on failure:
 * -ENAMETOOLONG or -EEXIST for a name that does not fit or is taken.
 */
struct nsim_ptp_clock *nsim_ptp_clock_create(struct device *parent,
					     const char *name)
{
	struct nsim_ptp_clock *clk;

	mutex_lock(&nsim_ptp_mutex);
	clk = nsim_ptp_clock_new(parent, name ? name : "nsim");
	mutex_unlock(&nsim_ptp_mutex);
	return clk;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_create);

/**
 * nsim_ptp_clock_get_shared() - find or create the PHC of a logical clock id
 * @clk_id: logical clock id shared by several devices
 *
 * Concurrent callers with the same id get the same clock; each call takes a
 * reference, dropped with nsim_ptp_clock_put().  The clock is named
 * "nsim-clk<id>"; on kernels whose PTP core keeps 15 characters (5.10),
 * ids from 10^7 on fail with -ENAMETOOLONG rather than be truncated.
 *
 * Return: the clock, or an ERR_PTR() on failure.
 */
struct nsim_ptp_clock *nsim_ptp_clock_get_shared(u32 clk_id)
{
	struct nsim_ptp_clock *clk;
	char name[NSIM_PTP_NAME_LEN];

	mutex_lock(&nsim_ptp_mutex);
	list_for_each_entry(clk, &nsim_ptp_clocks, node) {
		if (clk->shared && clk->shared_id == clk_id) {
			kref_get(&clk->ref);
			goto out;
		}
	}
	snprintf(name, sizeof(name), "nsim-clk%u", clk_id);
	clk = nsim_ptp_clock_new(NULL, name);
	if (!IS_ERR(clk)) {
		clk->shared = true;
		clk->shared_id = clk_id;
	}
out:
	mutex_unlock(&nsim_ptp_mutex);
	return clk;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_get_shared);

/**
 * nsim_ptp_clock_get() - take another reference to a clock
 * @clk: clock the caller holds a reference to
 *
 * Return: @clk, to be dropped with nsim_ptp_clock_put().
 */
struct nsim_ptp_clock *nsim_ptp_clock_get(struct nsim_ptp_clock *clk)
{
	kref_get(&clk->ref);
	return clk;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_get);

/**
 * nsim_ptp_clock_put() - drop a reference to a clock
 * @clk: clock from nsim_ptp_clock_create(), nsim_ptp_clock_get_shared() or
 *	 nsim_ptp_clock_get();
 *	 NULL and error pointers are ignored
 *
 * The last reference unregisters the PHC and frees the clock; file
 * descriptors still open on its /dev/ptpN then fail with -ENODEV.
 */
void nsim_ptp_clock_put(struct nsim_ptp_clock *clk)
{
	if (IS_ERR_OR_NULL(clk))
		return;
	kref_put_mutex(&clk->ref, nsim_ptp_clock_release, &nsim_ptp_mutex);
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_put);

/**
 * nsim_ptp_clock_index() - the PHC index of a clock
 * @clk: the clock
 *
 * Return: N of /dev/ptpN, or -1 when the clock has no PHC.
 */
int nsim_ptp_clock_index(struct nsim_ptp_clock *clk)
{
	return IS_ERR_OR_NULL(clk) ? -1 : clk->index;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_index);

/**
 * nsim_ptp_clock_time_at() - the PHC's time at a reference instant
 * @clk: the clock
 * @ref_ns: reference instant (R, as from nsim_ptp_ref_now())
 *
 * Exact for instants since the clock's next-to-last adjustment; earlier
 * instants are extrapolated from the frequency then.  Takes no lock.
 *
 * Return: PHC time in ns.
 */
u64 nsim_ptp_clock_time_at(struct nsim_ptp_clock *clk, u64 ref_ns)
{
	return nsim_ptp_phc_at(clk, ref_ns);
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_time_at);

/**
 * nsim_ptp_clock_stamp_at() - a hardware timestamp taken at a reference instant
 * @clk: the clock
 * @ref_ns: reference instant
 *
 * Like nsim_ptp_clock_time_at(), plus the clock's configured timestamp noise.
 * Lock-free: the cost does not depend on the number of clocks.
 *
 * Return: timestamp in ns.
 */
u64 nsim_ptp_clock_stamp_at(struct nsim_ptp_clock *clk, u64 ref_ns)
{
	u32 noise = READ_ONCE(clk->noise_ns);
	s64 phc = nsim_ptp_phc_at(clk, ref_ns);

	if (noise)
		phc += (s64)(get_random_u32() % (2 * noise + 1)) - noise;
	return max_t(s64, phc, 0);
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_stamp_at);

/**
 * nsim_ptp_clock_set_gnss_signal() - set whether the board has GNSS signal
 * @clk: the clock
 * @signal: true while the GNSS receiver has a fix
 *
 * GNSS-1PPS edges (EXTTS channel 0) happen at every R second while true.
 * A change calls the signal notifiers (nsim_ptp_signal_notifier_register()),
 * so this may sleep.
 */
void nsim_ptp_clock_set_gnss_signal(struct nsim_ptp_clock *clk, bool signal)
{
	u64 now = nsim_ptp_lock_run(clk);
	bool changed = signal != clk->gnss;

	if (signal && !clk->gnss)
		clk->gnss_next_r = nsim_ptp_next_ref_second(now);
	WRITE_ONCE(clk->gnss, signal);
	nsim_ptp_arm_locked(clk, now);
	nsim_ptp_unlock(clk);
	if (changed)
		nsim_ptp_signal_changed(clk);
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_set_gnss_signal);

/*
 * Tell the signal notifiers that an input signal may have changed: @clk's
 * GNSS signal, or (@clk NULL) what some cable carries.  Process context,
 * no lock of ours held.
 */
void nsim_ptp_signal_changed(struct nsim_ptp_clock *clk)
{
	might_sleep();
	blocking_notifier_call_chain(&nsim_ptp_signal_chain, 0, clk);
}

/**
 * nsim_ptp_signal_notifier_register() - be told of input signal changes
 * @nb: notifier; called in process context after a change, with data the
 *	clock whose GNSS signal changed, or NULL when a cable was plugged or
 *	unplugged or a PEROUT started or stopped (any clock's cabled inputs
 *	may differ)
 *
 * Return: 0 or a negative errno.
 */
int nsim_ptp_signal_notifier_register(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&nsim_ptp_signal_chain, nb);
}
EXPORT_SYMBOL_GPL(nsim_ptp_signal_notifier_register);

/**
 * nsim_ptp_signal_notifier_unregister() - stop being told of signal changes
 * @nb: notifier from nsim_ptp_signal_notifier_register(); on return its
 *	callback runs no more
 *
 * Return: 0 or a negative errno.
 */
int nsim_ptp_signal_notifier_unregister(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&nsim_ptp_signal_chain, nb);
}
EXPORT_SYMBOL_GPL(nsim_ptp_signal_notifier_unregister);

/**
 * nsim_ptp_clock_pin_period() - the period of the signal a pin sees
 * @clk: the clock
 * @pin: the pin
 *
 * GNSS-1PPS sees a 1 s signal while the board has GNSS signal; the other
 * pins see the period of the PEROUT output a cable connects them to, while
 * it runs periodically (a one-shot edge is no clock signal).
 *
 * Return: the period in ns, or 0 for no signal.
 */
u64 nsim_ptp_clock_pin_period(struct nsim_ptp_clock *clk,
			      enum nsim_ptp_pin pin)
{
	struct nsim_ptp_perout *po;
	struct nsim_ptp_cable *cable;
	struct nsim_ptp_clock *src;
	u64 period = 0;
	u8 chan;

	if (pin >= NSIM_PTP_PIN_COUNT)
		return 0;
	if (pin == NSIM_PTP_PIN_GNSS_1PPS)
		return READ_ONCE(clk->gnss) ? NSEC_PER_SEC : 0;
	rcu_read_lock();
	list_for_each_entry_rcu(cable, &nsim_ptp_cables, node) {
		if (cable->dst != clk || cable->dst_pin != pin)
			continue;
		src = cable->src;
		chan = READ_ONCE(src->pin_chan[cable->src_pin]);
		if (READ_ONCE(src->pin_func[cable->src_pin]) != PTP_PF_PEROUT ||
		    chan >= NSIM_PTP_N_PEROUT)
			break;
		po = &src->perout[chan];
		if (READ_ONCE(po->on) && !READ_ONCE(po->one_shot))
			period = READ_ONCE(po->period);
		break;
	}
	rcu_read_unlock();
	return period;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_pin_period);

/**
 * nsim_ptp_clock_pin_phase() - where a pin's input edges fall on the clock
 * @clk: the clock
 * @pin: the pin
 * @phase: the phase, in ns
 *
 * Takes the next edge of the signal @pin sees (a whole second of R for
 * GNSS-1PPS, else the cabled PEROUT's next edge plus the cable delay) and
 * reads @clk at that instant: the reading modulo the signal's period,
 * folded into [-period/2, period/2), is how late the input's edge comes
 * after the clock's own edge of that period.  A board's DPLL compares its
 * inputs against its PHC's time this way.
 *
 * Return: 0, or -ENOLINK when the pin has no periodic signal.
 */
int nsim_ptp_clock_pin_phase(struct nsim_ptp_clock *clk,
			     enum nsim_ptp_pin pin, s64 *phase)
{
	struct nsim_ptp_perout *po;
	struct nsim_ptp_cable *cable;
	struct nsim_ptp_clock *src;
	u64 period = 0, edge = 0, rem;
	s64 phc;
	u8 chan;

	if (pin >= NSIM_PTP_PIN_COUNT)
		return -ENOLINK;
	if (pin == NSIM_PTP_PIN_GNSS_1PPS) {
		if (!READ_ONCE(clk->gnss))
			return -ENOLINK;
		period = NSEC_PER_SEC;
		edge = nsim_ptp_next_ref_second(nsim_ptp_ref_now());
	} else {
		rcu_read_lock();
		list_for_each_entry_rcu(cable, &nsim_ptp_cables, node) {
			if (cable->dst != clk || cable->dst_pin != pin)
				continue;
			src = cable->src;
			nsim_ptp_lock(src);
			chan = src->pin_chan[cable->src_pin];
			if (src->pin_func[cable->src_pin] == PTP_PF_PEROUT &&
			    chan < NSIM_PTP_N_PEROUT) {
				po = &src->perout[chan];
				if (po->on && !po->one_shot && po->period > 0) {
					period = po->period;
					edge = po->next_r + cable->delay;
				}
			}
			nsim_ptp_unlock(src);
			break;
		}
		rcu_read_unlock();
	}
	if (!period)
		return -ENOLINK;
	phc = nsim_ptp_phc_at(clk, edge);
	if (phc >= 0) {
		div64_u64_rem(phc, period, &rem);
	} else {
		div64_u64_rem(-(phc + 1), period, &rem);
		rem = period - 1 - rem;
	}
	/* rem < period, which a PEROUT request bounds far below S64_MAX */
	*phase = rem >= period - period / 2 ? (s64)rem - (s64)period : (s64)rem;
	return 0;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_pin_phase);

/*
 * The rate of @clk against R now, as a 2^-48 fraction (adjfine, oscillator
 * and holdover drift).
 */
static s64 nsim_ptp_frac(struct nsim_ptp_clock *clk)
{
	s64 frac;

	nsim_ptp_lock(clk);
	frac = clk->m.frac +
	       nsim_ptp_ppb_to_frac(nsim_ptp_ho_ppb_locked(clk, nsim_ptp_ref_now()));
	nsim_ptp_unlock(clk);
	return frac;
}

/**
 * nsim_ptp_clock_pin_ffo() - frequency offset of a pin's input against the clock
 * @clk: the clock
 * @pin: the pin
 * @ppt: (f_input - f_clock) / f_clock in parts per trillion, rounded
 *
 * GNSS-1PPS runs at R's rate; a cabled PEROUT at its source clock's.  The
 * rates are the clocks' frequencies (oscillator error plus adjfine); a
 * phase slew in progress is left out.
 *
 * Return: 0, or -ENOLINK when the pin has no periodic signal.
 */
int nsim_ptp_clock_pin_ffo(struct nsim_ptp_clock *clk, enum nsim_ptp_pin pin,
			   s64 *ppt)
{
	struct nsim_ptp_cable *cable;
	struct nsim_ptp_clock *src = NULL;
	s64 fin = 0, fclk, d;
	u64 den, q, r;

	if (!nsim_ptp_clock_pin_period(clk, pin))
		return -ENOLINK;
	if (pin != NSIM_PTP_PIN_GNSS_1PPS) {
		rcu_read_lock();
		list_for_each_entry_rcu(cable, &nsim_ptp_cables, node) {
			if (cable->dst == clk && cable->dst_pin == pin) {
				src = cable->src;
				fin = nsim_ptp_frac(src);
				break;
			}
		}
		rcu_read_unlock();
		if (!src)
			return -ENOLINK;
	}
	fclk = nsim_ptp_frac(clk);
	/* |frac| < 2^48 (adjfine and oscillator limits): no overflow */
	d = fin - fclk;
	den = BIT_ULL(48) + fclk;
	q = mul_u64_u64_div_u64(abs(d), 1000000000000ULL, den);
	/* the remainder is below den: the wrapped product difference is exact */
	r = (u64)abs(d) * 1000000000000ULL - q * den;
	if (2 * r >= den)
		q++;
	*ppt = d < 0 ? -(s64)q : (s64)q;
	return 0;
}
EXPORT_SYMBOL_GPL(nsim_ptp_clock_pin_ffo);

/*
 * A standalone clock for the debugfs interface; caller holds the mutex.
 * The name is checked (nsim_ptp_name_ok) and unique among all our clocks.
 */
struct nsim_ptp_clock *nsim_ptp_standalone_create(const char *name)
{
	struct nsim_ptp_clock *clk;

	clk = nsim_ptp_clock_new(NULL, name);
	if (!IS_ERR(clk))
		clk->standalone = true;
	return clk;
}

/* The clock with PHC index @index; caller holds the mutex. */
struct nsim_ptp_clock *nsim_ptp_find_locked(int index)
{
	struct nsim_ptp_clock *clk;

	list_for_each_entry(clk, &nsim_ptp_clocks, node)
		if (clk->index >= 0 && clk->index == index)
			return clk;
	return NULL;
}

static int __init nsim_ptp_init(void)
{
	nsim_ptp_dev = root_device_register("nsim_ptp");
	if (IS_ERR(nsim_ptp_dev))
		return PTR_ERR(nsim_ptp_dev);
	nsim_ptp_anchor_raw = ktime_get_raw_ns();
	nsim_ptp_anchor_wall = ktime_get_real_ns();
	nsim_ptp_debugfs_init();
	return 0;
}

static void __exit nsim_ptp_exit(void)
{
	struct nsim_ptp_clock *clk, *found;

	/*
	 * Only standalone clocks can be left: users of the API hold us.  They
	 * go before the debugfs root, which holds their directories.
	 */
	for (;;) {
		found = NULL;
		mutex_lock(&nsim_ptp_mutex);
		list_for_each_entry(clk, &nsim_ptp_clocks, node) {
			if (clk->standalone) {
				clk->standalone = false;
				found = clk;
				break;
			}
		}
		mutex_unlock(&nsim_ptp_mutex);
		if (!found)
			break;
		nsim_ptp_clock_put(found);
	}
	nsim_ptp_debugfs_exit();
	/* Cables unplugged by the last clocks are freed before we go. */
	rcu_barrier();
	root_device_unregister(nsim_ptp_dev);
}

module_init(nsim_ptp_init);
module_exit(nsim_ptp_exit);

MODULE_DESCRIPTION("Simulated PTP hardware clocks for netdevsim");
MODULE_AUTHOR("nsim-timing developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NSIM_VERSION);
