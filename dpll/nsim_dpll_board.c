// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_dpll boards: per wpc=1 device an EEC and a PPS DPLL on the kernel's
 * DPLL core, clock id the device's serial (its PCI DSN), with the pins
 * GNSS-1PPS, SMA1, SMA2, U.FL1 and U.FL2 on both (as on an E810-T: the SMAs
 * switch between input and output, U.FL1 is a fixed output, U.FL2 a fixed
 * input), and a lock state machine per DPLL driven by the timing model:
 *
 *   UNLOCKED --acquire_ms--> LOCKED --holdover_acquire_ms--> LOCKED_HO_ACQ
 *   LOCKED_HO_ACQ --input lost--> HOLDOVER --holdover_ms--> UNLOCKED
 *   LOCKED --input lost--> UNLOCKED
 *   HOLDOVER --valid input, acquire_ms--> LOCKED
 *
 * Times are in R (nsim_ptp's reference time) and count from the instant
 * the previous state was entered; one work item, armed for the next
 * transition only, applies one transition per run and notifies what
 * really changed.
 *
 * Locking: board->lock (a mutex) guards everything below it in the board
 * and is taken by the DPLL core's callbacks (under the core's dpll_lock),
 * the work, debugfs, sysfs and the signal notifier.  Notifications are
 * sent by the work only, never under board->lock (the core takes dpll_lock,
 * then calls back here).  nsim_dpll_boards_lock guards the board list and
 * is taken before board->lock; the sysfs lock_status handlers take it
 * while they hold their file's kernfs active reference, so the board's
 * sysfs group is removed without it.  A board being destroyed loses its
 * sysfs group, leaves the list, loses its debugfs files, is marked dying
 * (nothing queues the work any more), has its work cancelled
 * synchronously, then its pins and DPLLs unregistered.
 */

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "nsim_ptp.h"
#include "nsim_dpll.h"
#include "nsim_dpll_priv.h"

#if defined(NSIM_DPLL_CORE_KERNEL) || defined(NSIM_DPLL_CORE_BUNDLED)

#include "nsim_compat_dpll.h"

#define NSIM_DPLL_N_DEVS	2
#define NSIM_DPLL_PPS		1	/* index of the PPS DPLL */
#define NSIM_DPLL_N_EXT		5	/* pins that are the PHC's pins */
#ifdef NSIM_DPLL_SYNCE
#define NSIM_DPLL_PIN_MUX	5	/* the ports' recovered clocks, EEC only */
#define NSIM_DPLL_N_PINS	6
#else
#define NSIM_DPLL_N_PINS	5
#endif
/* pin index of a port's SyncE pin: above the board's own */
#define NSIM_DPLL_SYNCE_IDX	16
#define NSIM_DPLL_PRIO_MAX	255
#define NSIM_DPLL_TIME_MAX_MS	3600000		/* one hour */
#define NSIM_DPLL_LOG_LEN	16
#define NSIM_DPLL_TEMP		45000		/* millidegrees Celsius */
#define NSIM_DPLL_HO_DRIFT	10		/* ppb/s: 4.5 us after 30 s */
/* the PPS DPLL's phase averaging factor N: weight 2^-N, zl3073x's 0-15 */
#define NSIM_DPLL_AVG_MAX	15

/* The board's debugfs knobs: three times in ms and the holdover drift. */
enum nsim_dpll_knob {
	NSIM_DPLL_K_ACQUIRE,
	NSIM_DPLL_K_HO_ACQUIRE,
	NSIM_DPLL_K_HOLDOVER,
	NSIM_DPLL_K_HO_DRIFT,
	NSIM_DPLL_N_KNOBS,
};

static const struct {
	const char *name;
	s32 def, min, max;
} nsim_dpll_knobs[NSIM_DPLL_N_KNOBS] = {
	[NSIM_DPLL_K_ACQUIRE] = { "acquire_ms", 5000, 0, NSIM_DPLL_TIME_MAX_MS },
	[NSIM_DPLL_K_HO_ACQUIRE] = { "holdover_acquire_ms", 10000, 0,
				     NSIM_DPLL_TIME_MAX_MS },
	[NSIM_DPLL_K_HOLDOVER] = { "holdover_ms", 60000, 0, NSIM_DPLL_TIME_MAX_MS },
	/* from the next holdover on: a running one keeps its drift */
	[NSIM_DPLL_K_HO_DRIFT] = { "holdover_drift_ppb_s", NSIM_DPLL_HO_DRIFT,
				   -NSIM_PTP_MAX_HO_RATE, NSIM_PTP_MAX_HO_RATE },
};

static struct dpll_pin_frequency nsim_dpll_freq_1pps[] = {
	DPLL_PIN_FREQUENCY_1PPS,
};

static struct dpll_pin_frequency nsim_dpll_freq_ext[] = {
	DPLL_PIN_FREQUENCY_1PPS,
	DPLL_PIN_FREQUENCY_10MHZ,
};

#ifdef NSIM_DPLL_SYNCE
static struct dpll_pin_frequency nsim_dpll_freq_10mhz[] = {
	DPLL_PIN_FREQUENCY_10MHZ,
};
#endif

#define NSIM_DPLL_INPUT_CAPS	(DPLL_PIN_CAPABILITIES_PRIORITY_CAN_CHANGE | \
				 DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE)
#define NSIM_DPLL_SMA_CAPS	(NSIM_DPLL_INPUT_CAPS | \
				 DPLL_PIN_CAPABILITIES_DIRECTION_CAN_CHANGE)
/* an output is enabled or not: no priority, no direction change */
#define NSIM_DPLL_OUTPUT_CAPS	DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE

#define NSIM_DPLL_PIN_UFL1	3	/* the fixed output */

/* The pins, by pin index; the same on both DPLLs. */
static const struct dpll_pin_properties nsim_dpll_pin_props[NSIM_DPLL_N_PINS] = {
	{
		.board_label = "GNSS-1PPS",
		.type = DPLL_PIN_TYPE_GNSS,
		.capabilities = NSIM_DPLL_INPUT_CAPS,
		.freq_supported_num = ARRAY_SIZE(nsim_dpll_freq_1pps),
		.freq_supported = nsim_dpll_freq_1pps,
	}, {
		.board_label = "SMA1",
		.type = DPLL_PIN_TYPE_EXT,
		.capabilities = NSIM_DPLL_SMA_CAPS,
		.freq_supported_num = ARRAY_SIZE(nsim_dpll_freq_ext),
		.freq_supported = nsim_dpll_freq_ext,
	}, {
		.board_label = "SMA2",
		.type = DPLL_PIN_TYPE_EXT,
		.capabilities = NSIM_DPLL_SMA_CAPS,
		.freq_supported_num = ARRAY_SIZE(nsim_dpll_freq_ext),
		.freq_supported = nsim_dpll_freq_ext,
	}, {
		.board_label = "U.FL1",
		.type = DPLL_PIN_TYPE_EXT,
		.capabilities = NSIM_DPLL_OUTPUT_CAPS,
		.freq_supported_num = ARRAY_SIZE(nsim_dpll_freq_ext),
		.freq_supported = nsim_dpll_freq_ext,
	}, {
		.board_label = "U.FL2",
		.type = DPLL_PIN_TYPE_EXT,
		.capabilities = NSIM_DPLL_INPUT_CAPS,
		.freq_supported_num = ARRAY_SIZE(nsim_dpll_freq_ext),
		.freq_supported = nsim_dpll_freq_ext,
	},
#ifdef NSIM_DPLL_SYNCE
	{
		/* as ice's RCLK muxes: one port's recovered clock at a time */
		.board_label = "RCLK",
		.type = DPLL_PIN_TYPE_MUX,
		.capabilities = NSIM_DPLL_INPUT_CAPS,
		.freq_supported_num = ARRAY_SIZE(nsim_dpll_freq_10mhz),
		.freq_supported = nsim_dpll_freq_10mhz,
	},
#endif
};

/* Whether pin @i is registered on DPLL @di: the mux on the EEC only. */
static bool nsim_dpll_pin_on(unsigned int i, unsigned int di)
{
#ifdef NSIM_DPLL_SYNCE
	return i != NSIM_DPLL_PIN_MUX || di == 0;
#else
	return true;
#endif
}

static const char * const nsim_dpll_status_names[] = {
	[DPLL_LOCK_STATUS_UNLOCKED] = "unlocked",
	[DPLL_LOCK_STATUS_LOCKED] = "locked",
	[DPLL_LOCK_STATUS_LOCKED_HO_ACQ] = "locked-ho-acq",
	[DPLL_LOCK_STATUS_HOLDOVER] = "holdover",
};

struct nsim_dpll_board;

/* One DPLL of a board: index 0 is the EEC, 1 the PPS DPLL. */
struct nsim_dpll_dev {
	struct nsim_dpll_board *board;
	struct dpll_device *dpll;
	struct nsim_dpll_tracker tracker;
	enum dpll_type type;
	const char *name;
	bool registered;

	/* Under board->lock. */
	enum dpll_mode mode;
	int manual_ref;			/* manual mode: the connected input */
	enum dpll_lock_status status;
	u32 error;			/* uAPI lock status error, 0: none */
	int ref;			/* selected input, -1: none */
	u64 phase_r;			/* R acquisition or lock began */
	u64 ho_r;			/* R holdover began */
	s32 ho_drift;			/* its PHC drift, ppb/s, from the knob */
	enum dpll_lock_status ntf_status;	/* as last notified */
	u32 ntf_error;
	enum dpll_mode ntf_mode;
	bool ntf_prtc;			/* PRTC quality as last notified */
	/* The PPS DPLL's phase-offset monitor and averaging factor. */
	bool monitor;			/* all valid inputs measured */
	u32 avg_factor;			/* 0 .. NSIM_DPLL_AVG_MAX */
	bool ntf_monitor;		/* as last notified */
	u32 ntf_avg_factor;
	struct {
		u64 r;
		enum dpll_lock_status status;
	} log[NSIM_DPLL_LOG_LEN];
	unsigned int log_n;		/* transitions so far */
};

/* One input pin, registered on both DPLLs. */
struct nsim_dpll_pin {
	struct nsim_dpll_board *board;
	struct dpll_pin *pin;
	struct nsim_dpll_tracker tracker;
	unsigned int idx;
	unsigned int n_registered;	/* DPLLs 0 .. n-1 */

	/* Under board->lock. */
	u64 freq;
	enum dpll_pin_direction dir;	/* on both DPLLs */
	u32 prio[NSIM_DPLL_N_DEVS];
	/* an input: selectable or disconnected; an output: connected or not */
	enum dpll_pin_state user_state[NSIM_DPLL_N_DEVS];
	enum dpll_pin_state ntf_state[NSIM_DPLL_N_DEVS];   /* as last notified */
	s64 ntf_phase[NSIM_DPLL_N_DEVS];	/* phase offset as last notified */
	s64 ntf_ffo;			/* frequency offset as last notified */
	/* the PPS DPLL's average of the measurements, while measured */
	bool avg_on;
	s64 avg;			/* ps * DPLL_PHASE_OFFSET_DIVIDER */
	u64 avg_sec;			/* R second of the last measurement */
};

struct nsim_dpll_knob_file;

/*
 * A port's SyncE recovered-clock pin, under the mux pin (so on the EEC),
 * and its netdev's DPLL pin.  On board->ports from when it is registered
 * until nsim_dpll_board_port_del() takes it off, which then waits for the
 * work before unregistering it.
 */
struct nsim_dpll_port {
	struct list_head node;		/* board->ports, under board->lock */
	struct nsim_dpll_board *board;
	struct net_device *netdev;	/* outlives the port */
	struct dpll_pin *pin;
	struct nsim_dpll_tracker tracker;
	struct dpll_pin_properties props;
	char label[24];
	unsigned int index;
	bool on_mux;			/* registered under the mux */

	/* Under board->lock. */
	bool gone;			/* off the board's list: never the mux's */
	enum dpll_pin_state ntf_state;		/* on the EEC, as last notified */
	enum dpll_pin_state ntf_mux_state;	/* on the mux, as last notified */
};

struct nsim_dpll_board {
	struct list_head node;		/* nsim_dpll_boards */
	u64 clock_id;
	struct device *dev;		/* has the board's "dpll" sysfs group */
	bool sysfs;			/* the group exists */
	struct nsim_ptp_clock *phc;	/* its GNSS signal feeds GNSS-1PPS */
	struct dentry *ddir;
	struct nsim_dpll_knob_file *kf;	/* private data of the knob files */
	struct delayed_work work;

	struct mutex lock;		/* see the top of this file */
	bool dying;
	enum dpll_lock_status forced;	/* sysfs lock_status, 0: the model's */
	s32 knob[NSIM_DPLL_N_KNOBS];	/* nsim_dpll_knobs, in range */
	u64 phase_next_r;		/* R of the next phase offset check */
	struct nsim_dpll_dev devs[NSIM_DPLL_N_DEVS];
	struct nsim_dpll_pin pins[NSIM_DPLL_N_PINS];
	struct list_head ports;		/* nsim_dpll_port.node */
	struct nsim_dpll_port *mux_port;	/* the port the mux passes */
};

static DEFINE_MUTEX(nsim_dpll_boards_lock);
static LIST_HEAD(nsim_dpll_boards);

/*
 * Whether input @pin has a signal at the frequency it is set to: GNSS-1PPS
 * while the board's GNSS has signal, the others while a cable brings them a
 * running periodic PEROUT of that frequency (nsim_ptp's cable model; the
 * board's pins are its PHC's pins, in the same order).
 */
static bool nsim_dpll_pin_valid(struct nsim_dpll_board *board,
				unsigned int pin)
{
	u64 period, freq, rem;

	BUILD_BUG_ON(NSIM_DPLL_N_EXT != NSIM_PTP_PIN_COUNT);
#ifdef NSIM_DPLL_SYNCE
	/* a recovered clock exists while the port has a link partner */
	if (pin == NSIM_DPLL_PIN_MUX)
		return board->mux_port &&
		       netif_carrier_ok(board->mux_port->netdev);
#endif
	/* an output feeds nothing into the DPLL */
	if (!board->phc || board->pins[pin].dir != DPLL_PIN_DIRECTION_INPUT)
		return false;
	period = nsim_ptp_clock_pin_period(board->phc, pin);
	freq = board->pins[pin].freq;
	/* no product: neither value is bounded by this file */
	return period && freq && freq <= NSEC_PER_SEC &&
	       period == div64_u64_rem(NSEC_PER_SEC, freq, &rem) && !rem;
}

/*
 * The input the DPLL follows: in manual mode the connected one while it is
 * valid; in automatic mode the valid selectable input of the lowest
 * priority value.
 */
static int nsim_dpll_select(struct nsim_dpll_dev *d, unsigned int di)
{
	struct nsim_dpll_board *board = d->board;
	int best = -1;
	unsigned int i;

	if (d->mode == DPLL_MODE_MANUAL)
		return d->manual_ref >= 0 &&
		       nsim_dpll_pin_valid(board, d->manual_ref) ?
		       d->manual_ref : -1;
	for (i = 0; i < NSIM_DPLL_N_PINS; i++) {
		struct nsim_dpll_pin *p = &board->pins[i];

		if (!nsim_dpll_pin_on(i, di) ||
		    p->user_state[di] != DPLL_PIN_STATE_SELECTABLE ||
		    !nsim_dpll_pin_valid(board, i))
			continue;
		if (best < 0 || p->prio[di] < board->pins[best].prio[di])
			best = i;
	}
	return best;
}

static u64 nsim_dpll_ms(struct nsim_dpll_board *board, enum nsim_dpll_knob k)
{
	return (u64)board->knob[k] * NSEC_PER_MSEC;
}

/*
 * The PPS DPLL disciplines the PHC's oscillator from R @r on, as its model
 * status (not a forced one) says; the EEC does not touch it.
 */
static void nsim_dpll_discipline(struct nsim_dpll_dev *d,
				 struct nsim_ptp_clock *phc, u64 r)
{
	enum nsim_ptp_discipline mode = NSIM_PTP_DISC_FREE;

	if (d->type != DPLL_TYPE_PPS || !phc)
		return;
	if (d->status == DPLL_LOCK_STATUS_LOCKED ||
	    d->status == DPLL_LOCK_STATUS_LOCKED_HO_ACQ)
		mode = NSIM_PTP_DISC_LOCKED;
	else if (d->status == DPLL_LOCK_STATUS_HOLDOVER)
		mode = NSIM_PTP_DISC_HOLDOVER;
	/* the drift is range-checked where it is set */
	nsim_ptp_clock_discipline(phc, mode, mode == NSIM_PTP_DISC_HOLDOVER ?
				  d->ho_r : r, d->ho_drift);
}

static void nsim_dpll_set_status(struct nsim_dpll_dev *d, u64 now,
				 enum dpll_lock_status status)
{
	d->status = status;
	/* a holdover keeps the drift it began with, even across a new PHC */
	if (status == DPLL_LOCK_STATUS_HOLDOVER)
		d->ho_drift = d->board->knob[NSIM_DPLL_K_HO_DRIFT];
	nsim_dpll_discipline(d, d->board->phc, now);
	d->log[d->log_n % NSIM_DPLL_LOG_LEN].r = now;
	d->log[d->log_n % NSIM_DPLL_LOG_LEN].status = status;
	d->log_n++;
}

/*
 * Bring one DPLL up to R @now: follow a change of the best input at once,
 * then apply at most one timed transition, so that every state is seen
 * (and notified) even when the work runs late.  Caller holds board->lock.
 */
static void nsim_dpll_step(struct nsim_dpll_dev *d, unsigned int di, u64 now)
{
	struct nsim_dpll_board *board = d->board;
	int best = nsim_dpll_select(d, di), old = d->ref;
	u64 acq, ho_end;

	if (best != old) {
		d->ref = best;
		if (best >= 0) {
			/* Locked: a switch to another valid input is hitless. */
			if (d->status == DPLL_LOCK_STATUS_UNLOCKED ||
			    d->status == DPLL_LOCK_STATUS_HOLDOVER || old < 0)
				d->phase_r = now;
			return;
		}
		/* The selected input is gone: lost its signal, or deselected. */
		d->error = nsim_dpll_pin_valid(board, old) ? NSIM_DPLL_ERR_NONE :
			   NSIM_DPLL_ERR_MEDIA_DOWN;
		if (d->status == DPLL_LOCK_STATUS_LOCKED_HO_ACQ) {
			d->ho_r = now;
			nsim_dpll_set_status(d, now, DPLL_LOCK_STATUS_HOLDOVER);
		} else if (d->status == DPLL_LOCK_STATUS_LOCKED) {
			nsim_dpll_set_status(d, now, DPLL_LOCK_STATUS_UNLOCKED);
		}
		return;
	}

	acq = d->phase_r + nsim_dpll_ms(board, NSIM_DPLL_K_ACQUIRE);
	ho_end = d->ho_r + nsim_dpll_ms(board, NSIM_DPLL_K_HOLDOVER);
	/*
	 * Of two deadlines both past (the work ran late), the earlier one
	 * first: a holdover that ran out before the returned input was
	 * acquired goes through UNLOCKED.
	 */
	if (d->status == DPLL_LOCK_STATUS_HOLDOVER && now >= ho_end &&
	    (d->ref < 0 || ho_end <= acq)) {
		nsim_dpll_set_status(d, now, DPLL_LOCK_STATUS_UNLOCKED);
	} else if (d->ref >= 0 && (d->status == DPLL_LOCK_STATUS_UNLOCKED ||
				   d->status == DPLL_LOCK_STATUS_HOLDOVER) &&
		   now >= acq) {
		d->phase_r = now;
		d->error = NSIM_DPLL_ERR_NONE;
		nsim_dpll_set_status(d, now, DPLL_LOCK_STATUS_LOCKED);
	} else if (d->ref >= 0 && d->status == DPLL_LOCK_STATUS_LOCKED &&
		   now >= d->phase_r + nsim_dpll_ms(board, NSIM_DPLL_K_HO_ACQUIRE)) {
		nsim_dpll_set_status(d, now, DPLL_LOCK_STATUS_LOCKED_HO_ACQ);
	}
}

/* R of the DPLL's next timed transition, U64_MAX for none. */
static u64 nsim_dpll_next(struct nsim_dpll_dev *d)
{
	struct nsim_dpll_board *board = d->board;
	u64 next = U64_MAX;

	if (d->ref >= 0 && (d->status == DPLL_LOCK_STATUS_UNLOCKED ||
			    d->status == DPLL_LOCK_STATUS_HOLDOVER))
		next = d->phase_r + nsim_dpll_ms(board, NSIM_DPLL_K_ACQUIRE);
	else if (d->ref >= 0 && d->status == DPLL_LOCK_STATUS_LOCKED)
		next = d->phase_r + nsim_dpll_ms(board, NSIM_DPLL_K_HO_ACQUIRE);
	if (d->status == DPLL_LOCK_STATUS_HOLDOVER)
		next = min(next, d->ho_r + nsim_dpll_ms(board, NSIM_DPLL_K_HOLDOVER));
	return next;
}

/* The pin's state on DPLL @di as reported. */
static enum dpll_pin_state nsim_dpll_pin_state(struct nsim_dpll_pin *p,
					       unsigned int di)
{
	struct nsim_dpll_dev *d = &p->board->devs[di];

	/* an output: connected while this DPLL drives it */
	if (p->dir == DPLL_PIN_DIRECTION_OUTPUT)
		return p->user_state[di];
	/* manual mode: the connected input, valid or not; the rest are off */
	if (d->mode == DPLL_MODE_MANUAL)
		return d->manual_ref == (int)p->idx ? DPLL_PIN_STATE_CONNECTED :
		       DPLL_PIN_STATE_DISCONNECTED;
	if (p->user_state[di] == DPLL_PIN_STATE_DISCONNECTED)
		return DPLL_PIN_STATE_DISCONNECTED;
	if (p->board->devs[di].ref == (int)p->idx)
		return DPLL_PIN_STATE_CONNECTED;
	return DPLL_PIN_STATE_SELECTABLE;
}

/*
 * Phase offset of input @pin against the DPLL's output, in the uAPI's unit
 * (ps * DPLL_PHASE_OFFSET_DIVIDER): the PPS DPLL drives the board's PHC,
 * so its output edges are the PHC's, and nsim_ptp measures where the
 * input's edges fall on that PHC.  An input without a valid signal has 0.
 * Both DPLLs see the same.  Caller holds board->lock.
 */
static s64 nsim_dpll_phase(struct nsim_dpll_board *board, unsigned int pin)
{
	s64 ns;

	/* the recovered clocks are not modelled in phase */
	if (pin >= NSIM_DPLL_N_EXT || !nsim_dpll_pin_valid(board, pin) ||
	    nsim_ptp_clock_pin_phase(board->phc, pin, &ns))
		return 0;
	/*
	 * |ns| <= 0.5 s for the 1 Hz and 10 MHz inputs that
	 * nsim_dpll_pin_valid() lets through, but the PEROUT period is read
	 * again under nsim_ptp's lock and may have changed since: bound it,
	 * so the product stays far below S64_MAX (and the averaging's
	 * difference below 2^51).
	 */
	ns = clamp_t(s64, ns, -(s64)NSEC_PER_SEC / 2, (s64)NSEC_PER_SEC / 2);
	return ns * 1000 * NSIM_DPLL_PHASE_OFFSET_DIVIDER;
}

/*
 * Fractional frequency offset of input @pin against the DPLL's output (the
 * board's PHC), in ppt, from nsim_ptp's model; 0 without a valid signal.
 * Caller holds board->lock.
 */
static s64 nsim_dpll_ffo(struct nsim_dpll_board *board, unsigned int pin)
{
	s64 ppt;

	if (pin >= NSIM_DPLL_N_EXT || !nsim_dpll_pin_valid(board, pin) ||
	    nsim_ptp_clock_pin_ffo(board->phc, pin, &ppt))
		return 0;
	return ppt;
}

/*
 * @avg moved @m measurements of @x towards @x, each with weight 2^-@n:
 * @x + (@avg - @x) * (1 - 2^-@n)^@m, the power in 2^-62 fixed point by
 * squaring, so a work that ran late costs no more.  |@avg - @x| < 2^51
 * (phase offsets are below half a second).
 */
static s64 nsim_dpll_avg_move(s64 avg, s64 x, u64 m, u32 n)
{
	u64 q, qm = 1ULL << 62, d;

	if (!m)
		return avg;
	if (!n)
		return x;
	q = (1ULL << 62) - (1ULL << (62 - n));
	for (; m && qm; m >>= 1) {
		if (m & 1)
			qm = mul_u64_u64_shr(qm, q, 62);
		q = mul_u64_u64_shr(q, q, 62);
	}
	d = mul_u64_u64_shr(avg >= x ? avg - x : x - avg, qm, 62);
	return avg >= x ? x + (s64)d : x - (s64)d;
}

/*
 * The phase offset input @pin reports on DPLL @di at R @now.  The EEC
 * reports the model's offset of every valid input.  The PPS DPLL measures
 * the input it follows, and with its phase-offset monitor on every valid
 * input; an input it does not measure reports 0 (as zl3073x and ice do)
 * and its average starts again from its next measurement.  A measured
 * input's offset is averaged as the uAPI describes: at each second of R
 * (the 1PPS edge rate) the reported value becomes
 * prev * (2^N - 1) / 2^N + new / 2^N, prev the value reported until then,
 * new the model's exact offset; it holds until the next second, so reads
 * never change it.  N = 0 reports the model's offset as is.  Caller holds
 * board->lock.
 */
static s64 nsim_dpll_phase_on(struct nsim_dpll_board *board, unsigned int pin,
			      unsigned int di, u64 now)
{
	struct nsim_dpll_dev *d = &board->devs[di];
	struct nsim_dpll_pin *p = &board->pins[pin];
	s64 x = nsim_dpll_phase(board, pin);
	u64 sec = div_u64(now, NSEC_PER_SEC);

	if (d->type != DPLL_TYPE_PPS)
		return x;
	if (pin >= NSIM_DPLL_N_EXT || !nsim_dpll_pin_valid(board, pin) ||
	    (!d->monitor && d->ref != (int)pin)) {
		p->avg_on = false;
		return 0;
	}
	if (!d->avg_factor || !p->avg_on) {
		p->avg_on = true;
		p->avg = x;
		p->avg_sec = sec;
	} else if (sec > p->avg_sec) {
		p->avg = nsim_dpll_avg_move(p->avg, x, sec - p->avg_sec,
					    d->avg_factor);
		p->avg_sec = sec;
	}
	/* N > 0: what was reported at this second's measurement, until the next */
	return d->avg_factor ? p->avg : x;
}

/*
 * The PPS DPLL offers PRTC quality (G.8272) while locked to GNSS, where
 * the quality level is reported at all.  Caller holds board->lock.
 */
static bool nsim_dpll_prtc(const struct nsim_dpll_dev *d)
{
	return NSIM_DPLL_QUALITY && d->type == DPLL_TYPE_PPS &&
	       d->ref == NSIM_PTP_PIN_GNSS_1PPS &&
	       (d->status == DPLL_LOCK_STATUS_LOCKED ||
		d->status == DPLL_LOCK_STATUS_LOCKED_HO_ACQ);
}

/*
 * The lock status and error a DPLL reports: the model's, or the status
 * forced through sysfs lock_status (then with no error).  Caller holds
 * board->lock.
 */
static enum dpll_lock_status nsim_dpll_reported(struct nsim_dpll_dev *d,
						u32 *error)
{
	if (d->board->forced) {
		*error = NSIM_DPLL_ERR_NONE;
		return d->board->forced;
	}
	*error = d->error;
	return d->status;
}

/* Have the work look at the board now; caller holds board->lock. */
static void nsim_dpll_kick_locked(struct nsim_dpll_board *board)
{
	lockdep_assert_held(&board->lock);
	if (!board->dying)
		mod_delayed_work(system_wq, &board->work, 0);
}

#define NSIM_DPLL_NTF_PORTS	8	/* port pins notified per run */

#ifdef NSIM_DPLL_SYNCE
/* A port's pin on the EEC: connected while the EEC follows it. */
static enum dpll_pin_state nsim_dpll_port_state(struct nsim_dpll_port *port)
{
	struct nsim_dpll_board *board = port->board;
	struct nsim_dpll_pin *mux = &board->pins[NSIM_DPLL_PIN_MUX];

	if (board->mux_port != port)
		return DPLL_PIN_STATE_DISCONNECTED;
	return nsim_dpll_pin_state(mux, 0);
}

static enum dpll_pin_state nsim_dpll_port_mux_state(struct nsim_dpll_port *port)
{
	return port->board->mux_port == port ? DPLL_PIN_STATE_CONNECTED :
	       DPLL_PIN_STATE_DISCONNECTED;
}
#endif

/*
 * The port pins whose reported state changed, into @pins; more than fit
 * wait for the next run (@next).  Caller holds board->lock.
 */
static unsigned int nsim_dpll_ports_ntf(struct nsim_dpll_board *board,
					struct dpll_pin **pins, u64 *next,
					u64 now)
{
	unsigned int n = 0;
#ifdef NSIM_DPLL_SYNCE
	struct nsim_dpll_port *port;

	list_for_each_entry(port, &board->ports, node) {
		enum dpll_pin_state s = nsim_dpll_port_state(port);
		enum dpll_pin_state m = nsim_dpll_port_mux_state(port);

		if (s == port->ntf_state && m == port->ntf_mux_state)
			continue;
		if (n == NSIM_DPLL_NTF_PORTS) {
			*next = now;
			break;
		}
		port->ntf_state = s;
		port->ntf_mux_state = m;
		pins[n++] = port->pin;
	}
#endif
	return n;
}

static void nsim_dpll_work(struct work_struct *work)
{
	struct nsim_dpll_board *board =
		container_of(to_delayed_work(work), struct nsim_dpll_board, work);
	bool dev_ntf[NSIM_DPLL_N_DEVS] = {}, pin_ntf[NSIM_DPLL_N_PINS] = {};
	struct dpll_pin *port_ntf[NSIM_DPLL_NTF_PORTS];
	unsigned int di, i, n_port_ntf = 0;
	bool phase_due, signal = false;
	u64 now, next = U64_MAX;

	mutex_lock(&board->lock);
	if (board->dying) {
		mutex_unlock(&board->lock);
		return;
	}
	now = nsim_dpll_ref_now();
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
		struct nsim_dpll_dev *d = &board->devs[di];
		enum dpll_lock_status status;
		bool prtc;
		u32 error;

		nsim_dpll_step(d, di, now);
		next = min(next, nsim_dpll_next(d));
		status = nsim_dpll_reported(d, &error);
		prtc = nsim_dpll_prtc(d);
		if (status != d->ntf_status || error != d->ntf_error ||
		    d->mode != d->ntf_mode || prtc != d->ntf_prtc ||
		    d->monitor != d->ntf_monitor ||
		    d->avg_factor != d->ntf_avg_factor) {
			d->ntf_status = status;
			d->ntf_error = error;
			d->ntf_mode = d->mode;
			d->ntf_prtc = prtc;
			d->ntf_monitor = d->monitor;
			d->ntf_avg_factor = d->avg_factor;
			dev_ntf[di] = true;
		}
	}
	/*
	 * Phase offsets change continuously when clocks run at different
	 * rates: look at most once a second, and only while some input has
	 * a signal; a pin is notified when its value really changed.
	 */
	phase_due = now >= board->phase_next_r;
	for (i = 0; i < NSIM_DPLL_N_PINS; i++) {
		struct nsim_dpll_pin *p = &board->pins[i];

		for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
			enum dpll_pin_state s = nsim_dpll_pin_state(p, di);

			if (s != p->ntf_state[di]) {
				p->ntf_state[di] = s;
				pin_ntf[i] = true;
			}
		}
		if (i < NSIM_DPLL_N_EXT && nsim_dpll_pin_valid(board, i))
			signal = true;
		if (phase_due || pin_ntf[i]) {
			s64 ffo = nsim_dpll_ffo(board, i);

			for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
				s64 phase = nsim_dpll_phase_on(board, i, di, now);

				if (phase != p->ntf_phase[di]) {
					p->ntf_phase[di] = phase;
					pin_ntf[i] = true;
				}
			}
			if (ffo != p->ntf_ffo) {
				p->ntf_ffo = ffo;
				pin_ntf[i] = true;
			}
		}
	}
	if (phase_due)
		board->phase_next_r = now + NSEC_PER_SEC;
	if (signal)
		next = min(next, board->phase_next_r);
	n_port_ntf = nsim_dpll_ports_ntf(board, port_ntf, &next, now);
	if (next != U64_MAX)
		mod_delayed_work(system_wq, &board->work,
				 next > now ? nsecs_to_jiffies(next - now) + 1 : 0);
	mutex_unlock(&board->lock);

	/*
	 * Outside board->lock: the core takes dpll_lock and calls back.  The
	 * objects stay registered until the board's destroy has cancelled
	 * this work synchronously.
	 */
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++)
		if (dev_ntf[di])
			dpll_device_change_ntf(board->devs[di].dpll);
	for (i = 0; i < NSIM_DPLL_N_PINS; i++)
		if (pin_ntf[i])
			dpll_pin_change_ntf(board->pins[i].pin);
	/* a port's pin stays registered until its del has waited for us */
	for (i = 0; i < n_port_ntf; i++)
		dpll_pin_change_ntf(port_ntf[i]);
}

/* DPLL device callbacks; @priv is the nsim_dpll_dev. */

static int nsim_dpll_mode_get(const struct dpll_device *dpll, void *priv,
			      enum dpll_mode *mode,
			      struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;

	mutex_lock(&d->board->lock);
	*mode = d->mode;
	mutex_unlock(&d->board->lock);
	return 0;
}

static int __maybe_unused
nsim_dpll_supported_modes_get(const struct dpll_device *dpll, void *priv,
			      unsigned long *modes,
			      struct netlink_ext_ack *extack)
{
	__set_bit(DPLL_MODE_AUTOMATIC, modes);
	__set_bit(DPLL_MODE_MANUAL, modes);
	return 0;
}

/*
 * Manual mode keeps the DPLL on the input it follows now (none: it stays
 * without one until an input is connected); automatic mode selects by
 * priority again.  The work notifies the device and the pins whose state
 * changed.
 */
static int __maybe_unused
nsim_dpll_mode_set(const struct dpll_device *dpll, void *priv,
		   enum dpll_mode mode, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;
	struct nsim_dpll_board *board = d->board;

	if (mode != DPLL_MODE_AUTOMATIC && mode != DPLL_MODE_MANUAL) {
		NL_SET_ERR_MSG_FMT(extack, "mode %u not supported", mode);
		return -EOPNOTSUPP;
	}
	mutex_lock(&board->lock);
	if (d->mode != mode) {
		d->manual_ref = d->ref;
		d->mode = mode;
		nsim_dpll_step(d, d - board->devs, nsim_dpll_ref_now());
		nsim_dpll_kick_locked(board);
	}
	mutex_unlock(&board->lock);
	return 0;
}

static int nsim_dpll_lock_status_get(const struct dpll_device *dpll,
				     void *priv, enum dpll_lock_status *status
				     NSIM_DPLL_STATUS_ERROR_PARAM,
				     struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;
	u32 error;

	mutex_lock(&d->board->lock);
	*status = nsim_dpll_reported(d, &error);
	if (error)
		nsim_dpll_status_error_set(error);
	mutex_unlock(&d->board->lock);
	return 0;
}

static int nsim_dpll_temp_get(const struct dpll_device *dpll, void *priv,
			      s32 *temp, struct netlink_ext_ack *extack)
{
	*temp = NSIM_DPLL_TEMP;
	return 0;
}

/*
 * The quality of the board's oscillator, what a DPLL in holdover keeps:
 * an ITU-T G.8262 option 1 EEC.  While the PPS DPLL is locked to GNSS it
 * also offers PRTC quality (G.8272).
 */
static int __maybe_unused
nsim_dpll_quality_get(const struct dpll_device *dpll, void *priv,
		      unsigned long *qls, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;

	__set_bit(NSIM_DPLL_QL_EEC1, qls);
	mutex_lock(&d->board->lock);
	if (nsim_dpll_prtc(d))
		__set_bit(NSIM_DPLL_QL_PRTC, qls);
	mutex_unlock(&d->board->lock);
	return 0;
}

/*
 * The PPS DPLL's phase measurement changed: have the work look at every
 * input's phase offset now, and notify the DPLL (the core does not after
 * a device-set).  Caller holds board->lock.
 */
static void __maybe_unused nsim_dpll_phase_kick(struct nsim_dpll_board *board)
{
	board->phase_next_r = 0;
	nsim_dpll_kick_locked(board);
}

#ifdef NSIM_DPLL_PHASE_MONITOR
static int nsim_dpll_monitor_get(const struct dpll_device *dpll, void *priv,
				 enum dpll_feature_state *state,
				 struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;

	mutex_lock(&d->board->lock);
	*state = d->monitor ? DPLL_FEATURE_STATE_ENABLE :
		 DPLL_FEATURE_STATE_DISABLE;
	mutex_unlock(&d->board->lock);
	return 0;
}

/* Off, the inputs the DPLL does not follow report 0 (zl3073x, ice). */
static int nsim_dpll_monitor_set(const struct dpll_device *dpll, void *priv,
				 enum dpll_feature_state state,
				 struct netlink_ext_ack *extack)
{
	bool on = state == DPLL_FEATURE_STATE_ENABLE;
	struct nsim_dpll_dev *d = priv;

	if (!on && state != DPLL_FEATURE_STATE_DISABLE) {
		NL_SET_ERR_MSG(extack, "phase offset monitor is enabled or disabled");
		return -EINVAL;
	}
	mutex_lock(&d->board->lock);
	if (d->monitor != on) {
		d->monitor = on;
		nsim_dpll_phase_kick(d->board);
	}
	mutex_unlock(&d->board->lock);
	return 0;
}
#endif

#ifdef NSIM_DPLL_PHASE_AVG
static int nsim_dpll_avg_get(const struct dpll_device *dpll, void *priv,
			     u32 *factor, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;

	mutex_lock(&d->board->lock);
	*factor = d->avg_factor;
	mutex_unlock(&d->board->lock);
	return 0;
}

/* From the next measurement on; the average so far is kept. */
static int nsim_dpll_avg_set(const struct dpll_device *dpll, void *priv,
			     u32 factor, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_dev *d = priv;

	if (factor > NSIM_DPLL_AVG_MAX) {
		NL_SET_ERR_MSG_FMT(extack,
				   "phase offset averaging factor %u out of range 0-%u",
				   factor, NSIM_DPLL_AVG_MAX);
		return -EINVAL;
	}
	mutex_lock(&d->board->lock);
	if (d->avg_factor != factor) {
		d->avg_factor = factor;
		nsim_dpll_phase_kick(d->board);
	}
	mutex_unlock(&d->board->lock);
	return 0;
}
#endif

static const struct dpll_device_ops nsim_dpll_dev_ops = {
	.mode_get = nsim_dpll_mode_get,
	.lock_status_get = nsim_dpll_lock_status_get,
	.temp_get = nsim_dpll_temp_get,
	NSIM_DPLL_OPS_MODE_SET(nsim_dpll_mode_set,
			       nsim_dpll_supported_modes_get)
	NSIM_DPLL_OPS_QUALITY(nsim_dpll_quality_get)
};

/* The PPS DPLL's: also its phase-offset monitor, as ice's and zl3073x's. */
static const struct dpll_device_ops nsim_dpll_pps_ops = {
	.mode_get = nsim_dpll_mode_get,
	.lock_status_get = nsim_dpll_lock_status_get,
	.temp_get = nsim_dpll_temp_get,
	NSIM_DPLL_OPS_MODE_SET(nsim_dpll_mode_set,
			       nsim_dpll_supported_modes_get)
	NSIM_DPLL_OPS_QUALITY(nsim_dpll_quality_get)
	NSIM_DPLL_OPS_PHASE_MONITOR(nsim_dpll_monitor_set,
				    nsim_dpll_monitor_get)
	NSIM_DPLL_OPS_PHASE_AVG(nsim_dpll_avg_set, nsim_dpll_avg_get)
};

static const struct dpll_device_ops *nsim_dpll_ops_of(struct nsim_dpll_dev *d)
{
	return d->type == DPLL_TYPE_PPS ? &nsim_dpll_pps_ops : &nsim_dpll_dev_ops;
}

/* Pin callbacks; @pin_priv is the nsim_dpll_pin, @dpll_priv the DPLL's. */

static unsigned int nsim_dpll_di(void *dpll_priv)
{
	struct nsim_dpll_dev *d = dpll_priv;

	return d - d->board->devs;
}

static int nsim_dpll_direction_get(const struct dpll_pin *pin, void *pin_priv,
				   const struct dpll_device *dpll,
				   void *dpll_priv,
				   enum dpll_pin_direction *direction,
				   struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;

	mutex_lock(&p->board->lock);
	*direction = p->dir;
	mutex_unlock(&p->board->lock);
	return 0;
}

/*
 * An output is driven by the PPS DPLL (the board's 1PPS and 10 MHz come
 * from the PHC it disciplines) until a pin-set connects it to the EEC.
 */
static void nsim_dpll_pin_dir_init(struct nsim_dpll_pin *p,
				   enum dpll_pin_direction dir)
{
	unsigned int di;

	p->dir = dir;
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++)
		p->user_state[di] = dir == DPLL_PIN_DIRECTION_INPUT ?
			DPLL_PIN_STATE_SELECTABLE :
			di == NSIM_DPLL_PPS ? DPLL_PIN_STATE_CONNECTED :
			DPLL_PIN_STATE_DISCONNECTED;
}

static void nsim_dpll_pin_set_done(struct nsim_dpll_pin *p);

/*
 * The core allowed it (DIRECTION_CAN_CHANGE: the SMAs).  A pin has one
 * direction on both DPLLs.  An input turned output is no longer a
 * candidate: a DPLL following it loses its input (manual mode: is left
 * without one) like on a lost signal.
 */
static int nsim_dpll_direction_set(const struct dpll_pin *pin, void *pin_priv,
				   const struct dpll_device *dpll,
				   void *dpll_priv,
				   const enum dpll_pin_direction direction,
				   struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;
	struct nsim_dpll_board *board = p->board;
	unsigned int di;

	if (direction != DPLL_PIN_DIRECTION_INPUT &&
	    direction != DPLL_PIN_DIRECTION_OUTPUT) {
		NL_SET_ERR_MSG(extack, "direction is input or output");
		return -EINVAL;
	}
	mutex_lock(&board->lock);
	if (p->dir != direction) {
		nsim_dpll_pin_dir_init(p, direction);
		for (di = 0; di < NSIM_DPLL_N_DEVS; di++)
			if (board->devs[di].manual_ref == (int)p->idx)
				board->devs[di].manual_ref = -1;
		nsim_dpll_pin_set_done(p);
	}
	mutex_unlock(&board->lock);
	return 0;
}

static int nsim_dpll_state_get(const struct dpll_pin *pin, void *pin_priv,
			       const struct dpll_device *dpll, void *dpll_priv,
			       enum dpll_pin_state *state,
			       struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;

	mutex_lock(&p->board->lock);
	*state = nsim_dpll_pin_state(p, nsim_dpll_di(dpll_priv));
	mutex_unlock(&p->board->lock);
	return 0;
}

/*
 * The core notifies the pin itself after a successful set: what it sends
 * is what this pin reports now, so the work does not send it again; other
 * objects the change affects are the work's.
 */
static void nsim_dpll_pin_set_done(struct nsim_dpll_pin *p)
{
	struct nsim_dpll_board *board = p->board;
	u64 now = nsim_dpll_ref_now();
	unsigned int di;

	for (di = 0; di < NSIM_DPLL_N_DEVS; di++)
		nsim_dpll_step(&board->devs[di], di, now);
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
		p->ntf_state[di] = nsim_dpll_pin_state(p, di);
		p->ntf_phase[di] = nsim_dpll_phase_on(board, p->idx, di, now);
	}
	p->ntf_ffo = nsim_dpll_ffo(board, p->idx);
	nsim_dpll_kick_locked(board);
}

/*
 * An output is driven by one DPLL at most: connecting it to one
 * disconnects it from the other.  Caller holds board->lock.
 */
static int nsim_dpll_output_state_set(struct nsim_dpll_pin *p, unsigned int di,
				      enum dpll_pin_state state,
				      struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (state != DPLL_PIN_STATE_CONNECTED &&
	    state != DPLL_PIN_STATE_DISCONNECTED) {
		NL_SET_ERR_MSG(extack,
			       "an output is connected or disconnected, never selectable");
		return -EINVAL;
	}
	if (p->user_state[di] == state)
		return 0;
	for (i = 0; i < NSIM_DPLL_N_DEVS; i++)
		if (state == DPLL_PIN_STATE_CONNECTED || i == di)
			p->user_state[i] = i == di ? state :
					   DPLL_PIN_STATE_DISCONNECTED;
	nsim_dpll_pin_set_done(p);
	return 0;
}

static int nsim_dpll_state_set(const struct dpll_pin *pin, void *pin_priv,
			       const struct dpll_device *dpll, void *dpll_priv,
			       const enum dpll_pin_state state,
			       struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;
	unsigned int di = nsim_dpll_di(dpll_priv);
	struct nsim_dpll_dev *d = &p->board->devs[di];
	int err = 0;

	mutex_lock(&p->board->lock);
	if (p->dir == DPLL_PIN_DIRECTION_OUTPUT) {
		err = nsim_dpll_output_state_set(p, di, state, extack);
	} else if (d->mode == DPLL_MODE_MANUAL) {
		/* connecting one input disconnects the one before it */
		if (state == DPLL_PIN_STATE_CONNECTED) {
			if (d->manual_ref != (int)p->idx) {
				d->manual_ref = p->idx;
				nsim_dpll_pin_set_done(p);
			}
		} else if (state == DPLL_PIN_STATE_DISCONNECTED) {
			if (d->manual_ref == (int)p->idx) {
				d->manual_ref = -1;
				nsim_dpll_pin_set_done(p);
			}
		} else {
			NL_SET_ERR_MSG(extack,
				       "manual mode: an input is connected or disconnected");
			err = -EINVAL;
		}
	} else if (state == DPLL_PIN_STATE_SELECTABLE ||
		   state == DPLL_PIN_STATE_DISCONNECTED) {
		if (p->user_state[di] != state) {
			p->user_state[di] = state;
			nsim_dpll_pin_set_done(p);
		}
	} else {
		NL_SET_ERR_MSG(extack,
			       "automatic mode: an input is selectable or disconnected, the DPLL connects it");
		err = -EINVAL;
	}
	mutex_unlock(&p->board->lock);
	return err;
}

static int nsim_dpll_prio_get(const struct dpll_pin *pin, void *pin_priv,
			      const struct dpll_device *dpll, void *dpll_priv,
			      u32 *prio, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;

	mutex_lock(&p->board->lock);
	*prio = p->prio[nsim_dpll_di(dpll_priv)];
	mutex_unlock(&p->board->lock);
	return 0;
}

static int nsim_dpll_prio_set(const struct dpll_pin *pin, void *pin_priv,
			      const struct dpll_device *dpll, void *dpll_priv,
			      const u32 prio, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;
	unsigned int di = nsim_dpll_di(dpll_priv);

	if (prio > NSIM_DPLL_PRIO_MAX) {
		/*
		 * Not the value asked for: the bundled core keeps every
		 * distinct text for the module's life, and a user's choice
		 * must not make them many.
		 */
		NL_SET_ERR_MSG_FMT(extack, "priority out of range 0-%u",
				   NSIM_DPLL_PRIO_MAX);
		return -EINVAL;
	}
	mutex_lock(&p->board->lock);
	if (p->dir == DPLL_PIN_DIRECTION_OUTPUT) {
		mutex_unlock(&p->board->lock);
		NL_SET_ERR_MSG(extack, "an output has no priority");
		return -EINVAL;
	}
	if (p->prio[di] != prio) {
		p->prio[di] = prio;
		nsim_dpll_pin_set_done(p);
	}
	mutex_unlock(&p->board->lock);
	return 0;
}

static int nsim_dpll_freq_get(const struct dpll_pin *pin, void *pin_priv,
			      const struct dpll_device *dpll, void *dpll_priv,
			      u64 *freq, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;

	mutex_lock(&p->board->lock);
	*freq = p->freq;
	mutex_unlock(&p->board->lock);
	return 0;
}

/* The core checked @freq against the pin's supported frequencies. */
static int nsim_dpll_freq_set(const struct dpll_pin *pin, void *pin_priv,
			      const struct dpll_device *dpll, void *dpll_priv,
			      const u64 freq, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;

	mutex_lock(&p->board->lock);
	if (p->freq != freq) {
		/* the input is valid only at its signal's frequency */
		p->freq = freq;
		nsim_dpll_pin_set_done(p);
	}
	mutex_unlock(&p->board->lock);
	return 0;
}

static int __maybe_unused
nsim_dpll_phase_offset_get(const struct dpll_pin *pin, void *pin_priv,
			   const struct dpll_device *dpll, void *dpll_priv,
			   s64 *phase_offset, struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;

	mutex_lock(&p->board->lock);
	*phase_offset = nsim_dpll_phase_on(p->board, p->idx,
					   nsim_dpll_di(dpll_priv),
					   nsim_dpll_ref_now());
	mutex_unlock(&p->board->lock);
	return 0;
}

/* No signal: -ENODATA, on which the core leaves the attribute out. */
static int __maybe_unused
nsim_dpll_ffo_get(const struct dpll_pin *pin, void *pin_priv,
		  const struct dpll_device *dpll, void *dpll_priv,
		  struct nsim_dpll_ffo_param *ffo,
		  struct netlink_ext_ack *extack)
{
	struct nsim_dpll_pin *p = pin_priv;
	int err = 0;

	if (ffo->type != NSIM_DPLL_FFO_PIN_DEVICE)
		return -EOPNOTSUPP;
	if (p->idx >= NSIM_DPLL_N_EXT)
		return -ENODATA;
	mutex_lock(&p->board->lock);
	if (!nsim_dpll_pin_valid(p->board, p->idx) ||
	    nsim_ptp_clock_pin_ffo(p->board->phc, p->idx, &ffo->ffo))
		err = -ENODATA;
	mutex_unlock(&p->board->lock);
	return err;
}

static const struct dpll_pin_ops nsim_dpll_pin_ops = {
	NSIM_DPLL_OPS_PHASE_OFFSET(nsim_dpll_phase_offset_get)
	NSIM_DPLL_OPS_FFO(nsim_dpll_ffo_get)
	.direction_get = nsim_dpll_direction_get,
	.direction_set = nsim_dpll_direction_set,
	.state_on_dpll_get = nsim_dpll_state_get,
	.state_on_dpll_set = nsim_dpll_state_set,
	.prio_get = nsim_dpll_prio_get,
	.prio_set = nsim_dpll_prio_set,
	.frequency_get = nsim_dpll_freq_get,
	.frequency_set = nsim_dpll_freq_set,
};

/*
 * The fixed output (U.FL1), as ice's outputs: no priority, so the core
 * reports none, and no phase or frequency offset (nothing comes in).
 */
static const struct dpll_pin_ops nsim_dpll_output_ops = {
	.direction_get = nsim_dpll_direction_get,
	.state_on_dpll_get = nsim_dpll_state_get,
	.state_on_dpll_set = nsim_dpll_state_set,
	.frequency_get = nsim_dpll_freq_get,
	.frequency_set = nsim_dpll_freq_set,
};

static const struct dpll_pin_ops *nsim_dpll_pin_ops_of(unsigned int i)
{
	return i == NSIM_DPLL_PIN_UFL1 ? &nsim_dpll_output_ops :
	       &nsim_dpll_pin_ops;
}

#ifdef NSIM_DPLL_SYNCE
/*
 * SyncE pin callbacks; @pin_priv is the nsim_dpll_port.  Registered under
 * the mux, so also on the EEC (the core does that), where the state says
 * whether the EEC follows this port's recovered clock.
 */
static int nsim_dpll_port_dir_get(const struct dpll_pin *pin, void *pin_priv,
				  const struct dpll_device *dpll,
				  void *dpll_priv,
				  enum dpll_pin_direction *direction,
				  struct netlink_ext_ack *extack)
{
	*direction = DPLL_PIN_DIRECTION_INPUT;
	return 0;
}

static int nsim_dpll_port_state_get(const struct dpll_pin *pin,
				    void *pin_priv,
				    const struct dpll_device *dpll,
				    void *dpll_priv,
				    enum dpll_pin_state *state,
				    struct netlink_ext_ack *extack)
{
	struct nsim_dpll_port *port = pin_priv;

	mutex_lock(&port->board->lock);
	*state = nsim_dpll_port_state(port);
	mutex_unlock(&port->board->lock);
	return 0;
}

static int nsim_dpll_port_state_set(const struct dpll_pin *pin,
				    void *pin_priv,
				    const struct dpll_device *dpll,
				    void *dpll_priv,
				    const enum dpll_pin_state state,
				    struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack,
		       "a recovered clock is connected on its parent pin, the mux");
	return -EOPNOTSUPP;
}

static int nsim_dpll_port_mux_get(const struct dpll_pin *pin, void *pin_priv,
				  const struct dpll_pin *parent_pin,
				  void *parent_pin_priv,
				  enum dpll_pin_state *state,
				  struct netlink_ext_ack *extack)
{
	struct nsim_dpll_port *port = pin_priv;

	mutex_lock(&port->board->lock);
	*state = nsim_dpll_port_mux_state(port);
	mutex_unlock(&port->board->lock);
	return 0;
}

/*
 * The mux passes one port's recovered clock: connecting a port replaces
 * the one before (notified by the work), disconnecting it leaves none.
 */
static int nsim_dpll_port_mux_set(const struct dpll_pin *pin, void *pin_priv,
				  const struct dpll_pin *parent_pin,
				  void *parent_pin_priv,
				  const enum dpll_pin_state state,
				  struct netlink_ext_ack *extack)
{
	struct nsim_dpll_port *port = pin_priv;
	struct nsim_dpll_board *board = port->board;
	struct nsim_dpll_port *old;
	unsigned int di;
	u64 now;

	if (state != DPLL_PIN_STATE_CONNECTED &&
	    state != DPLL_PIN_STATE_DISCONNECTED) {
		NL_SET_ERR_MSG(extack,
			       "a recovered clock is connected to the mux or disconnected");
		return -EINVAL;
	}
	mutex_lock(&board->lock);
	/* a port on its way out stays registered until its pin goes */
	if (port->gone) {
		mutex_unlock(&board->lock);
		NL_SET_ERR_MSG(extack, "the port is being deleted");
		return -ENODEV;
	}
	old = board->mux_port;
	if (state == DPLL_PIN_STATE_CONNECTED)
		board->mux_port = port;
	else if (old == port)
		board->mux_port = NULL;
	if (board->mux_port != old) {
		now = nsim_dpll_ref_now();
		for (di = 0; di < NSIM_DPLL_N_DEVS; di++)
			nsim_dpll_step(&board->devs[di], di, now);
		/* the core notifies this pin */
		port->ntf_state = nsim_dpll_port_state(port);
		port->ntf_mux_state = nsim_dpll_port_mux_state(port);
		nsim_dpll_kick_locked(board);
	}
	mutex_unlock(&board->lock);
	return 0;
}

static const struct dpll_pin_ops nsim_dpll_port_ops = {
	.direction_get = nsim_dpll_port_dir_get,
	.state_on_dpll_get = nsim_dpll_port_state_get,
	.state_on_dpll_set = nsim_dpll_port_state_set,
	.state_on_pin_get = nsim_dpll_port_mux_get,
	.state_on_pin_set = nsim_dpll_port_mux_set,
};
#endif /* NSIM_DPLL_SYNCE */

/* debugfs: DIR/dpll/{acquire_ms,holdover_acquire_ms,holdover_ms,
 * holdover_drift_ppb_s,state}
 */

struct nsim_dpll_knob_file {
	struct nsim_dpll_board *board;
	enum nsim_dpll_knob k;
};

static ssize_t nsim_dpll_knob_read(struct file *file, char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct nsim_dpll_knob_file *kf = file->private_data;
	char buf[16];
	int len;

	mutex_lock(&kf->board->lock);
	len = scnprintf(buf, sizeof(buf), "%d\n", kf->board->knob[kf->k]);
	mutex_unlock(&kf->board->lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t nsim_dpll_knob_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct nsim_dpll_knob_file *kf = file->private_data;
	s32 v;
	int err;

	err = kstrtos32_from_user(ubuf, count, 10, &v);
	if (err)
		return err;
	if (v < nsim_dpll_knobs[kf->k].min || v > nsim_dpll_knobs[kf->k].max)
		return -EINVAL;
	mutex_lock(&kf->board->lock);
	kf->board->knob[kf->k] = v;
	/* Deadlines run from when the current state began: re-arm. */
	nsim_dpll_kick_locked(kf->board);
	mutex_unlock(&kf->board->lock);
	return count;
}

static const struct file_operations nsim_dpll_knob_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = nsim_dpll_knob_read,
	.write = nsim_dpll_knob_write,
	.llseek = default_llseek,
};

/* The SyncE pins, or why there are none; caller holds board->lock. */
static void nsim_dpll_ports_show(struct seq_file *seq,
				 struct nsim_dpll_board *board)
{
#ifdef NSIM_DPLL_SYNCE
	struct nsim_dpll_port *port;

	list_for_each_entry(port, &board->ports, node)
		seq_printf(seq, "synce %s port %u netdev %s carrier %d mux %s eec %d\n",
			   port->label, port->index, netdev_name(port->netdev),
			   netif_carrier_ok(port->netdev),
			   board->mux_port == port ? "connected" : "disconnected",
			   nsim_dpll_port_state(port));
#else
	seq_puts(seq, "synce none: this DPLL core has no pins on pins\n");
#endif
}

static int nsim_dpll_state_show(struct seq_file *seq, void *v)
{
	struct nsim_dpll_board *board = seq->private;
	unsigned int di, i, first;

	mutex_lock(&board->lock);
	seq_printf(seq, "clock_id 0x%016llx\nref_ns %llu\nforced %s\nholdover_drift_ppb_s %d\n",
		   board->clock_id, nsim_dpll_ref_now(),
		   board->forced ? nsim_dpll_status_names[board->forced] : "none",
		   board->knob[NSIM_DPLL_K_HO_DRIFT]);
	seq_puts(seq, "callbacks" NSIM_DPLL_FEATURES NSIM_DPLL_FEAT_PHASE_MONITOR
		 NSIM_DPLL_FEAT_PHASE_AVG "\n");
	seq_printf(seq, "phase_offset_monitor %d phase_offset_avg_factor %u\n",
		   board->devs[NSIM_DPLL_PPS].monitor,
		   board->devs[NSIM_DPLL_PPS].avg_factor);
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
		struct nsim_dpll_dev *d = &board->devs[di];

		seq_printf(seq, "dpll %s status %s ref %s transitions %u mode %s\n",
			   d->name, nsim_dpll_status_names[d->status],
			   d->ref >= 0 ? nsim_dpll_pin_props[d->ref].board_label : "none",
			   d->log_n,
			   d->mode == DPLL_MODE_MANUAL ? "manual" : "automatic");
		first = d->log_n > NSIM_DPLL_LOG_LEN ?
			d->log_n - NSIM_DPLL_LOG_LEN : 0;
		for (i = first; i < d->log_n; i++)
			seq_printf(seq, "transition %s %u %llu %s\n", d->name, i,
				   d->log[i % NSIM_DPLL_LOG_LEN].r,
				   nsim_dpll_status_names[d->log[i % NSIM_DPLL_LOG_LEN].status]);
	}
	for (i = 0; i < NSIM_DPLL_N_PINS; i++) {
		struct nsim_dpll_pin *p = &board->pins[i];

		seq_printf(seq, "pin %s valid %d freq %llu dir %s",
			   nsim_dpll_pin_props[i].board_label,
			   nsim_dpll_pin_valid(board, i), p->freq,
			   p->dir == DPLL_PIN_DIRECTION_OUTPUT ? "output" : "input");
		for (di = 0; di < NSIM_DPLL_N_DEVS; di++)
			seq_printf(seq, " %s prio %u state %d", board->devs[di].name,
				   p->prio[di], nsim_dpll_pin_state(p, di));
		seq_printf(seq, " phase %lld ffo_ppt %lld\n",
			   nsim_dpll_phase(board, i), nsim_dpll_ffo(board, i));
	}
	nsim_dpll_ports_show(seq, board);
	mutex_unlock(&board->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nsim_dpll_state);

static struct nsim_dpll_knob_file *nsim_dpll_debugfs(struct nsim_dpll_board *board,
						     struct dentry *parent)
{
	struct nsim_dpll_knob_file *kf;
	unsigned int k;

	kf = kcalloc(NSIM_DPLL_N_KNOBS, sizeof(*kf), GFP_KERNEL);
	if (!kf)
		return NULL;
	board->ddir = debugfs_create_dir("dpll", parent);
	for (k = 0; k < NSIM_DPLL_N_KNOBS; k++) {
		kf[k].board = board;
		kf[k].k = k;
		debugfs_create_file(nsim_dpll_knobs[k].name, 0600, board->ddir,
				    &kf[k], &nsim_dpll_knob_fops);
	}
	debugfs_create_file("state", 0400, board->ddir, board,
			    &nsim_dpll_state_fops);
	return kf;
}

/*
 * sysfs DEV/dpll/lock_status, as the original netdevsim-dkms has it.  Read:
 * the PPS DPLL's reported status, "locked" (locked or locked-ho-acq),
 * "holdover" or "freerun".  Write: one of these forces that status on both
 * DPLLs ("locked" is locked-ho-acq), "auto" gives them back to the model;
 * anything else is refused with EINVAL and changes nothing.  Forcing
 * changes what the DPLLs report, not the model under it.
 */
static const struct {
	const char *name;
	enum dpll_lock_status status;
} nsim_dpll_compat_status[] = {
	{ "auto", 0 },
	{ "locked", DPLL_LOCK_STATUS_LOCKED_HO_ACQ },
	{ "holdover", DPLL_LOCK_STATUS_HOLDOVER },
	{ "freerun", DPLL_LOCK_STATUS_UNLOCKED },
};

/* The board with its sysfs group on @dev; caller holds nsim_dpll_boards_lock. */
static struct nsim_dpll_board *nsim_dpll_board_of(struct device *dev)
{
	struct nsim_dpll_board *board;

	list_for_each_entry(board, &nsim_dpll_boards, node)
		if (board->dev == dev)
			return board;
	return NULL;
}

static ssize_t lock_status_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct nsim_dpll_board *board;
	enum dpll_lock_status status;
	u32 error;

	mutex_lock(&nsim_dpll_boards_lock);
	board = nsim_dpll_board_of(dev);
	if (!board) {
		mutex_unlock(&nsim_dpll_boards_lock);
		return -ENODEV;
	}
	mutex_lock(&board->lock);
	status = nsim_dpll_reported(&board->devs[NSIM_DPLL_PPS], &error);
	mutex_unlock(&board->lock);
	mutex_unlock(&nsim_dpll_boards_lock);
	if (status == DPLL_LOCK_STATUS_HOLDOVER)
		return sysfs_emit(buf, "holdover\n");
	if (status == DPLL_LOCK_STATUS_UNLOCKED)
		return sysfs_emit(buf, "freerun\n");
	return sysfs_emit(buf, "locked\n");
}

static ssize_t lock_status_store(struct device *dev,
				 struct device_attribute *attr,
				 const char *buf, size_t count)
{
	struct nsim_dpll_board *board;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nsim_dpll_compat_status); i++)
		if (sysfs_streq(buf, nsim_dpll_compat_status[i].name))
			break;
	if (i == ARRAY_SIZE(nsim_dpll_compat_status))
		return -EINVAL;
	mutex_lock(&nsim_dpll_boards_lock);
	board = nsim_dpll_board_of(dev);
	if (board) {
		mutex_lock(&board->lock);
		board->forced = nsim_dpll_compat_status[i].status;
		nsim_dpll_kick_locked(board);
		mutex_unlock(&board->lock);
	}
	mutex_unlock(&nsim_dpll_boards_lock);
	return board ? count : -ENODEV;
}
static DEVICE_ATTR_RW(lock_status);

static struct attribute *nsim_dpll_attrs[] = {
	&dev_attr_lock_status.attr,
	NULL
};

static const struct attribute_group nsim_dpll_attr_group = {
	.name = "dpll",
	.attrs = nsim_dpll_attrs,
};

#ifdef NSIM_DPLL_SYNCE
/*
 * Undo nsim_dpll_board_port_add(): the netdev lets go of the pin first
 * (RTNL, taken by the core), then the pin leaves the mux.  The port is off
 * the list and the work cannot use it; no lock held.
 */
static void nsim_dpll_port_free(struct nsim_dpll_port *port)
{
	struct nsim_dpll_board *board = port->board;

	if (port->on_mux) {
		nsim_dpll_netdev_pin_clear(port->netdev);
		dpll_pin_on_pin_unregister(board->pins[NSIM_DPLL_PIN_MUX].pin,
					   port->pin, &nsim_dpll_port_ops, port);
	}
	if (!IS_ERR_OR_NULL(port->pin))
		nsim_dpll_pin_put(port->pin, &port->tracker);
	kfree(port);
}
#endif

/* The board's ports go with it (work cancelled, board dying). */
static void nsim_dpll_ports_free(struct nsim_dpll_board *board)
{
#ifdef NSIM_DPLL_SYNCE
	struct nsim_dpll_port *port, *tmp;
	LIST_HEAD(ports);

	mutex_lock(&board->lock);
	list_for_each_entry(port, &board->ports, node)
		port->gone = true;
	list_splice_init(&board->ports, &ports);
	board->mux_port = NULL;
	mutex_unlock(&board->lock);
	list_for_each_entry_safe(port, tmp, &ports, node)
		nsim_dpll_port_free(port);
#endif
}

/* Unregister and put what nsim_dpll_board_create() got; no lock held. */
static void nsim_dpll_board_unregister(struct nsim_dpll_board *board)
{
	unsigned int di, i;

	for (i = 0; i < NSIM_DPLL_N_PINS; i++) {
		struct nsim_dpll_pin *p = &board->pins[i];

		while (p->n_registered) {
			p->n_registered--;
			dpll_pin_unregister(board->devs[p->n_registered].dpll,
					    p->pin, nsim_dpll_pin_ops_of(i), p);
		}
		if (p->pin)
			nsim_dpll_pin_put(p->pin, &p->tracker);
		p->pin = NULL;
	}
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
		struct nsim_dpll_dev *d = &board->devs[di];

		if (d->registered)
			dpll_device_unregister(d->dpll, nsim_dpll_ops_of(d), d);
		d->registered = false;
		if (d->dpll)
			nsim_dpll_device_put(d->dpll, &d->tracker);
		d->dpll = NULL;
	}
}

static int nsim_dpll_board_register(struct nsim_dpll_board *board)
{
	unsigned int di, i;
	int err;

	for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
		struct nsim_dpll_dev *d = &board->devs[di];
		struct dpll_device *dpll;

		dpll = nsim_dpll_device_get(board->clock_id, di, THIS_MODULE,
					    &d->tracker);
		if (IS_ERR(dpll))
			return PTR_ERR(dpll);
		d->dpll = dpll;
		err = dpll_device_register(dpll, d->type, nsim_dpll_ops_of(d),
					   d);
		if (err)
			return err;
		d->registered = true;
	}
	for (i = 0; i < NSIM_DPLL_N_PINS; i++) {
		struct nsim_dpll_pin *p = &board->pins[i];
		struct dpll_pin *pin;

		pin = nsim_dpll_pin_get(board->clock_id, i, THIS_MODULE,
					&nsim_dpll_pin_props[i], &p->tracker);
		if (IS_ERR(pin))
			return PTR_ERR(pin);
		p->pin = pin;
		for (di = 0; di < NSIM_DPLL_N_DEVS && nsim_dpll_pin_on(i, di);
		     di++) {
			err = dpll_pin_register(board->devs[di].dpll, pin,
						nsim_dpll_pin_ops_of(i), p);
			if (err)
				return err;
			p->n_registered++;
		}
	}
	return 0;
}

/**
 * nsim_dpll_board_create() - a DPLL board for a wpc=1 device
 * @clock_id: the board's clock id, its PCI DSN (or serial): unique
 * @phc: the board's PHC, whose GNSS signal feeds GNSS-1PPS, or NULL (no
 *	 GNSS input signal); the board takes a reference of its own
 * @parent_ddir: debugfs directory of the device; the board's knobs go in
 *	 its "dpll" subdirectory
 * @dev: the board's device (its PCI function, or the netdevsim device):
 *	 gets the sysfs group "dpll" (lock_status); it must outlive the board
 *
 * Registers an EEC (device index 0) and a PPS DPLL (index 1) with the
 * kernel's DPLL core, module nsim_dpll, and the inputs GNSS-1PPS, SMA1,
 * SMA2, U.FL1 and U.FL2 on both.  May sleep.
 *
 * Return: the board; NULL where this build has no boards (no kernel DPLL
 * core); an ERR_PTR(): -EEXIST when a board has @clock_id already,
 * -ENOMEM, or the DPLL core's error.  Nothing is left behind on error.
 */
struct nsim_dpll_board *nsim_dpll_board_create(u64 clock_id,
					       struct nsim_ptp_clock *phc,
					       struct dentry *parent_ddir,
					       struct device *dev)
{
	struct nsim_dpll_knob_file *kf = NULL;
	struct nsim_dpll_board *board, *b;
	unsigned int di, i;
	int err;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	board = kzalloc(sizeof(*board), GFP_KERNEL);
	if (!board)
		return ERR_PTR(-ENOMEM);
	board->clock_id = clock_id;
	board->dev = dev;
	mutex_init(&board->lock);
	INIT_LIST_HEAD(&board->ports);
	INIT_DELAYED_WORK(&board->work, nsim_dpll_work);
	for (i = 0; i < NSIM_DPLL_N_KNOBS; i++)
		board->knob[i] = nsim_dpll_knobs[i].def;
	for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
		struct nsim_dpll_dev *d = &board->devs[di];

		d->board = board;
		d->type = di ? DPLL_TYPE_PPS : DPLL_TYPE_EEC;
		d->name = di ? "pps" : "eec";
		d->status = DPLL_LOCK_STATUS_UNLOCKED;
		d->ntf_status = d->status;
		d->error = NSIM_DPLL_ERR_NONE;
		d->ntf_error = d->error;
		d->ref = -1;
		d->manual_ref = -1;
		d->mode = DPLL_MODE_AUTOMATIC;
		d->ntf_mode = d->mode;
		/*
		 * Every input measured, as the board did before the monitor
		 * could be switched (and does on kernels without it); the
		 * latest measurement reported as is.
		 */
		d->monitor = true;
		d->ntf_monitor = d->monitor;
	}
	for (i = 0; i < NSIM_DPLL_N_PINS; i++) {
		struct nsim_dpll_pin *p = &board->pins[i];

		p->board = board;
		p->idx = i;
		/* RCLK's only supported frequency; the others start at 1 Hz */
		p->freq = i == NSIM_DPLL_N_EXT ? 10000000 :
			  DPLL_PIN_FREQUENCY_1_HZ;
		nsim_dpll_pin_dir_init(p, i == NSIM_DPLL_PIN_UFL1 ?
				       DPLL_PIN_DIRECTION_OUTPUT :
				       DPLL_PIN_DIRECTION_INPUT);
		for (di = 0; di < NSIM_DPLL_N_DEVS; di++) {
			p->prio[di] = i;
			p->ntf_state[di] = nsim_dpll_pin_state(p, di);
		}
	}

	board->phc = phc ? nsim_ptp_clock_get(phc) : NULL;

	mutex_lock(&nsim_dpll_boards_lock);
	err = 0;
	list_for_each_entry(b, &nsim_dpll_boards, node)
		if (b->clock_id == clock_id)
			err = -EEXIST;
	if (!err)
		err = nsim_dpll_board_register(board);
	if (!err) {
		kf = nsim_dpll_debugfs(board, parent_ddir);
		if (!kf)
			err = -ENOMEM;
	}
	if (err) {
		mutex_unlock(&nsim_dpll_boards_lock);
		/* A pin-set may have come in since the first register. */
		mutex_lock(&board->lock);
		board->dying = true;
		mutex_unlock(&board->lock);
		cancel_delayed_work_sync(&board->work);
		nsim_dpll_board_unregister(board);
		nsim_ptp_clock_put(board->phc);
		mutex_destroy(&board->lock);
		kfree(board);
		return ERR_PTR(err);
	}
	board->kf = kf;
	list_add_tail(&board->node, &nsim_dpll_boards);
	/* Select and start acquiring from the work, as on any change. */
	mutex_lock(&board->lock);
	nsim_dpll_kick_locked(board);
	mutex_unlock(&board->lock);
	mutex_unlock(&nsim_dpll_boards_lock);

	/* Last, and outside the list's lock, which its handlers take. */
	err = sysfs_create_group(&dev->kobj, &nsim_dpll_attr_group);
	if (err) {
		nsim_dpll_board_destroy(board);
		return ERR_PTR(err);
	}
	board->sysfs = true;
	return board;
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_create);

/**
 * nsim_dpll_board_destroy() - unregister and free a board
 * @board: from nsim_dpll_board_create(); NULL is ignored
 *
 * Safe against concurrent netlink requests, sysfs and debugfs access and
 * signal changes: when it returns none of them touches the board.  May sleep.
 */
void nsim_dpll_board_destroy(struct nsim_dpll_board *board)
{
	if (IS_ERR_OR_NULL(board))
		return;
	/* Waits for running lock_status handlers; they take the list's lock. */
	if (board->sysfs)
		sysfs_remove_group(&board->dev->kobj, &nsim_dpll_attr_group);
	/* The signal notifier finds it no more. */
	mutex_lock(&nsim_dpll_boards_lock);
	list_del(&board->node);
	mutex_unlock(&nsim_dpll_boards_lock);
	/* Waits for running debugfs handlers. */
	debugfs_remove_recursive(board->ddir);
	/* From here netlink callbacks and the work do not queue the work. */
	mutex_lock(&board->lock);
	board->dying = true;
	mutex_unlock(&board->lock);
	cancel_delayed_work_sync(&board->work);
	nsim_dpll_ports_free(board);
	/* Pins before DPLLs; no callback runs after the unregisters. */
	nsim_dpll_board_unregister(board);
	if (board->phc)
		nsim_ptp_clock_discipline(board->phc, NSIM_PTP_DISC_FREE,
					  nsim_dpll_ref_now(), 0);
	nsim_ptp_clock_put(board->phc);
	kfree(board->kf);
	mutex_destroy(&board->lock);
	kfree(board);
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_destroy);

/**
 * nsim_dpll_board_set_phc() - change the PHC whose GNSS signal feeds GNSS-1PPS
 * @board: from nsim_dpll_board_create(); NULL is ignored
 * @phc: the new PHC (the board takes its own reference), or NULL for none
 *
 * For a device whose port with that PHC goes, or that gets its first port:
 * the board must not keep a deleted port's PHC (and its name) alive.
 * May sleep.
 */
void nsim_dpll_board_set_phc(struct nsim_dpll_board *board,
			     struct nsim_ptp_clock *phc)
{
	struct nsim_ptp_clock *old;

	if (IS_ERR_OR_NULL(board))
		return;
	if (phc)
		nsim_ptp_clock_get(phc);
	/* both locks: the signal notifier reads it under the list's */
	mutex_lock(&nsim_dpll_boards_lock);
	mutex_lock(&board->lock);
	old = board->phc;
	board->phc = phc;
	if (old != phc) {
		/* the PPS DPLL lets go of the old PHC, takes the new one */
		if (old)
			nsim_ptp_clock_discipline(old, NSIM_PTP_DISC_FREE,
						  nsim_dpll_ref_now(), 0);
		nsim_dpll_discipline(&board->devs[NSIM_DPLL_PPS], phc,
				     nsim_dpll_ref_now());
		nsim_dpll_kick_locked(board);
	}
	mutex_unlock(&board->lock);
	mutex_unlock(&nsim_dpll_boards_lock);
	nsim_ptp_clock_put(old);
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_set_phc);

/**
 * nsim_dpll_board_port_add() - a port's SyncE recovered-clock pin
 * @board: from nsim_dpll_board_create(); NULL is ignored
 * @index: the port's index on its device, unique on the board
 * @netdev: the port's netdev, registered; it must outlive the port
 *
 * Registers a SYNCE_ETH_PORT pin under the board's mux pin (so on the EEC)
 * and points @netdev at it (IFLA_DPLL_PIN, where the kernel has it).  Its
 * clock is valid while @netdev has carrier: netdevsim says when that
 * changes with nsim_dpll_netdev_carrier().  Caller holds no RTNL and
 * serialises this with nsim_dpll_board_port_del() and the board's
 * destroy.  May sleep.
 *
 * Return: the port; NULL where the board or this build has no SyncE pins
 * (no board, the bundled core, no pin-on-pin); an ERR_PTR() on error.
 */
struct nsim_dpll_port *nsim_dpll_board_port_add(struct nsim_dpll_board *board,
						unsigned int index,
						struct net_device *netdev)
{
#ifdef NSIM_DPLL_SYNCE
	struct nsim_dpll_port *port;
	struct dpll_pin *pin;
	int err;

	if (IS_ERR_OR_NULL(board))
		return NULL;
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->board = board;
	port->netdev = netdev;
	port->index = index;
	snprintf(port->label, sizeof(port->label), "SyncE-%u", index);
	port->props.board_label = port->label;
	port->props.type = DPLL_PIN_TYPE_SYNCE_ETH_PORT;
	port->props.capabilities = DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE;
	port->ntf_state = DPLL_PIN_STATE_DISCONNECTED;
	port->ntf_mux_state = DPLL_PIN_STATE_DISCONNECTED;
	pin = nsim_dpll_pin_get(board->clock_id, NSIM_DPLL_SYNCE_IDX + index,
				THIS_MODULE, &port->props, &port->tracker);
	if (IS_ERR(pin)) {
		kfree(port);
		return ERR_CAST(pin);
	}
	port->pin = pin;
	err = dpll_pin_on_pin_register(board->pins[NSIM_DPLL_PIN_MUX].pin, pin,
				       &nsim_dpll_port_ops, port);
	if (err) {
		nsim_dpll_port_free(port);
		return ERR_PTR(err);
	}
	port->on_mux = true;
	nsim_dpll_netdev_pin_set(netdev, pin);
	mutex_lock(&board->lock);
	list_add_tail(&port->node, &board->ports);
	nsim_dpll_kick_locked(board);
	mutex_unlock(&board->lock);
	return port;
#else
	return NULL;
#endif
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_port_add);

/**
 * nsim_dpll_board_port_del() - unregister a port's SyncE pin
 * @port: from nsim_dpll_board_port_add(); NULL or an ERR_PTR() is ignored
 *
 * Before the port's netdev goes.  Caller holds no RTNL (the core takes it
 * to clear the netdev's pin).  May sleep.
 */
void nsim_dpll_board_port_del(struct nsim_dpll_port *port)
{
#ifdef NSIM_DPLL_SYNCE
	struct nsim_dpll_board *board;

	if (IS_ERR_OR_NULL(port))
		return;
	board = port->board;
	mutex_lock(&board->lock);
	list_del(&port->node);
	port->gone = true;
	if (board->mux_port == port)
		board->mux_port = NULL;
	mutex_unlock(&board->lock);
	/* the work may be notifying its pin: wait, then look again */
	cancel_delayed_work_sync(&board->work);
	nsim_dpll_port_free(port);
	mutex_lock(&board->lock);
	nsim_dpll_kick_locked(board);
	mutex_unlock(&board->lock);
#endif
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_port_del);

/**
 * nsim_dpll_netdev_carrier() - a netdev's carrier may have changed
 * @netdev: any netdev; boards with a port on it look again
 *
 * Context: any sleeping context, RTNL held or not.
 */
void nsim_dpll_netdev_carrier(struct net_device *netdev)
{
#ifdef NSIM_DPLL_SYNCE
	struct nsim_dpll_board *board;
	struct nsim_dpll_port *port;

	mutex_lock(&nsim_dpll_boards_lock);
	list_for_each_entry(board, &nsim_dpll_boards, node) {
		mutex_lock(&board->lock);
		list_for_each_entry(port, &board->ports, node)
			if (port->netdev == netdev)
				nsim_dpll_kick_locked(board);
		mutex_unlock(&board->lock);
	}
	mutex_unlock(&nsim_dpll_boards_lock);
#endif
}
EXPORT_SYMBOL_GPL(nsim_dpll_netdev_carrier);

/*
 * An input signal may have changed: @data's GNSS signal, or (NULL) what
 * cables carry.  The boards concerned look again; their work notifies only
 * what really changed.
 */
static int nsim_dpll_signal_event(struct notifier_block *nb,
				  unsigned long unused, void *data)
{
	struct nsim_ptp_clock *clk = data;
	struct nsim_dpll_board *board;

	mutex_lock(&nsim_dpll_boards_lock);
	list_for_each_entry(board, &nsim_dpll_boards, node) {
		if (clk && board->phc != clk)
			continue;
		mutex_lock(&board->lock);
		nsim_dpll_kick_locked(board);
		mutex_unlock(&board->lock);
	}
	mutex_unlock(&nsim_dpll_boards_lock);
	return NOTIFY_DONE;
}

static struct notifier_block nsim_dpll_signal_nb = {
	.notifier_call = nsim_dpll_signal_event,
};

int nsim_dpll_boards_init(void)
{
	return nsim_ptp_signal_notifier_register(&nsim_dpll_signal_nb);
}

void nsim_dpll_boards_exit(void)
{
	/* netdevsim, which destroys the boards, is gone: none is left. */
	WARN_ON(!list_empty(&nsim_dpll_boards));
	nsim_ptp_signal_notifier_unregister(&nsim_dpll_signal_nb);
}

#else /* !NSIM_DPLL_CORE_KERNEL */

/*
 * No kernel DPLL core: the bundled one is not written yet, so there are
 * no boards and wpc=1 devices get no DPLL.
 */
struct nsim_dpll_board *nsim_dpll_board_create(u64 clock_id,
					       struct nsim_ptp_clock *phc,
					       struct dentry *parent_ddir,
					       struct device *dev)
{
	return NULL;
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_create);

void nsim_dpll_board_destroy(struct nsim_dpll_board *board)
{
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_destroy);

void nsim_dpll_board_set_phc(struct nsim_dpll_board *board,
			     struct nsim_ptp_clock *phc)
{
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_set_phc);

struct nsim_dpll_port *nsim_dpll_board_port_add(struct nsim_dpll_board *board,
						unsigned int index,
						struct net_device *netdev)
{
	return NULL;
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_port_add);

void nsim_dpll_board_port_del(struct nsim_dpll_port *port)
{
}
EXPORT_SYMBOL_GPL(nsim_dpll_board_port_del);

void nsim_dpll_netdev_carrier(struct net_device *netdev)
{
}
EXPORT_SYMBOL_GPL(nsim_dpll_netdev_carrier);

int nsim_dpll_boards_init(void)
{
	return 0;
}

void nsim_dpll_boards_exit(void)
{
}

#endif /* NSIM_DPLL_CORE_KERNEL */
