// SPDX-License-Identifier: GPL-2.0
/*
 * nsim-ptp-tool: the PHC ioctls linuxptp's tools do not expose, for the
 * in-VM tests of nsim_ptp.  Built statically on the host (tests/ptp/Makefile)
 * because the guest has no compiler.
 *
 *   sysoff DEV                 PHC - CLOCK_REALTIME by PTP_SYS_OFFSET,
 *                              _EXTENDED and _PRECISE, one line each
 *   extts DEV CHAN N [SECS]    enable EXTTS CHAN, print N events "chan sec nsec"
 *   extts-multi DEV N SECS CHAN...
 *                              the same with several channels enabled at once
 *   pin DEV PIN FUNC CHAN      PTP_PIN_SETFUNC (FUNC: none extts perout)
 *   perout DEV CHAN PERIOD_NS [START_SEC]   start PEROUT (START 0: next second + 2)
 *   perout-at DEV CHAN PERIOD_NS SEC NSEC
 *                              PEROUT from exactly SEC.NSEC: "perout ERRNO"
 *   adjphase DEV NS            clock_adjtime(ADJ_OFFSET | ADJ_NANO)
 *   settime DEV SEC NSEC       clock_settime: "settime ERRNO"
 *   step DEV SEC NSEC          clock_adjtime(ADJ_SETOFFSET): "step ERRNO"
 *   get DEV                    clock_gettime: the PHC time in ns
 *   bad DEV                    bad requests, one "NAME ERRNO" line each
 *   caps DEV                   adjust_phase and max_phase_adj (0 before 6.2)
 *   hold DEV                   open, wait for a line on stdin, then try
 *                              ioctl/read/clock_gettime on the old fd
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>
#include <linux/ptp_clock.h>

#define FD_TO_CLOCKID(fd) ((~(clockid_t)(fd) << 3) | 3)
#define NS 1000000000LL

static long long pct_ns(const struct ptp_clock_time *t)
{
	return t->sec * NS + t->nsec;
}

static int open_dev(const char *dev)
{
	int fd = open(dev, O_RDWR);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", dev, strerror(errno));
		exit(2);
	}
	return fd;
}

static int cmd_sysoff(int fd)
{
	struct ptp_sys_offset so = { .n_samples = 5 };
	struct ptp_sys_offset_extended se = { .n_samples = 5 };
	struct ptp_sys_offset_precise sp;
	long long best, off = 0, d;
	unsigned int i;

	if (ioctl(fd, PTP_SYS_OFFSET, &so)) {
		printf("basic error %d\n", errno);
	} else {
		best = -1;
		for (i = 0; i < so.n_samples; i++) {
			long long t1 = pct_ns(&so.ts[2 * i]);
			long long tp = pct_ns(&so.ts[2 * i + 1]);
			long long t2 = pct_ns(&so.ts[2 * i + 2]);

			d = t2 - t1;
			if (best < 0 || d < best) {
				best = d;
				off = tp - (t1 + d / 2);
			}
		}
		printf("basic %lld delay %lld\n", off, best);
	}
	if (ioctl(fd, PTP_SYS_OFFSET_EXTENDED, &se)) {
		printf("extended error %d\n", errno);
	} else {
		best = -1;
		for (i = 0; i < se.n_samples; i++) {
			long long t1 = pct_ns(&se.ts[i][0]);
			long long tp = pct_ns(&se.ts[i][1]);
			long long t2 = pct_ns(&se.ts[i][2]);

			d = t2 - t1;
			if (best < 0 || d < best) {
				best = d;
				off = tp - (t1 + d / 2);
			}
		}
		printf("extended %lld delay %lld\n", off, best);
	}
	memset(&sp, 0, sizeof(sp));
	if (ioctl(fd, PTP_SYS_OFFSET_PRECISE, &sp))
		printf("precise error %d\n", errno);
	else
		printf("precise %lld delay 0\n",
		       pct_ns(&sp.device) - pct_ns(&sp.sys_realtime));
	return 0;
}

static int cmd_extts(int fd, int chan, int n, int secs)
{
	struct ptp_extts_request rq = { .index = chan,
					.flags = PTP_ENABLE_FEATURE | PTP_RISING_EDGE };
	struct ptp_extts_event ev;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int got = 0;
	time_t end = time(NULL) + secs;

	if (ioctl(fd, PTP_EXTTS_REQUEST, &rq)) {
		printf("extts-enable error %d\n", errno);
		return 1;
	}
	while (got < n && time(NULL) < end) {
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev)) {
			printf("read error %d\n", errno);
			break;
		}
		printf("%u %lld %u\n", ev.index, (long long)ev.t.sec, ev.t.nsec);
		fflush(stdout);
		got++;
	}
	rq.flags = 0;
	ioctl(fd, PTP_EXTTS_REQUEST, &rq);
	return got == n ? 0 : 1;
}

/* Enable EXTTS on @nchan channels, print @n events of any of them. */
static int cmd_extts_multi(int fd, int n, int secs, char **chans, int nchan)
{
	struct ptp_extts_request rq = { .flags = PTP_ENABLE_FEATURE | PTP_RISING_EDGE };
	struct ptp_extts_event ev[32];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	time_t end = time(NULL) + secs;
	int got = 0, i, r, ret = 0;
	ssize_t len;

	for (i = 0; i < nchan; i++) {
		rq.index = atoi(chans[i]);
		if (ioctl(fd, PTP_EXTTS_REQUEST, &rq)) {
			printf("extts-enable %u error %d\n", rq.index, errno);
			ret = 1;
			goto out;
		}
	}
	while (got < n && time(NULL) < end) {
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		len = read(fd, ev, sizeof(ev));
		if (len < (ssize_t)sizeof(ev[0])) {
			printf("read error %d\n", errno);
			break;
		}
		for (r = 0; r < len / (ssize_t)sizeof(ev[0]) && got < n; r++, got++)
			printf("%u %lld %u\n", ev[r].index, (long long)ev[r].t.sec,
			       ev[r].t.nsec);
		fflush(stdout);
	}
	ret = got != n;
out:
	rq.flags = 0;
	for (i = 0; i < nchan; i++) {
		rq.index = atoi(chans[i]);
		ioctl(fd, PTP_EXTTS_REQUEST, &rq);
	}
	return ret;
}

static int func_of(const char *s)
{
	if (!strcmp(s, "none"))
		return PTP_PF_NONE;
	if (!strcmp(s, "extts"))
		return PTP_PF_EXTTS;
	if (!strcmp(s, "perout"))
		return PTP_PF_PEROUT;
	return atoi(s);
}

static int cmd_pin(int fd, int pin, int func, int chan)
{
	struct ptp_pin_desc pd;

	memset(&pd, 0, sizeof(pd));
	pd.index = pin;
	pd.func = func;
	pd.chan = chan;
	if (ioctl(fd, PTP_PIN_SETFUNC, &pd)) {
		printf("pin error %d\n", errno);
		return 1;
	}
	return 0;
}

static int cmd_perout(int fd, int chan, long long period, long long start)
{
	struct ptp_perout_request rq;
	struct timespec ts;

	if (!start) {
		clock_gettime(FD_TO_CLOCKID(fd), &ts);
		start = ts.tv_sec + 2;
	}
	memset(&rq, 0, sizeof(rq));
	rq.index = chan;
	rq.start.sec = start;
	rq.period.sec = period / NS;
	rq.period.nsec = period % NS;
	if (ioctl(fd, PTP_PEROUT_REQUEST, &rq)) {
		printf("perout error %d\n", errno);
		return 1;
	}
	return 0;
}

static int cmd_perout_at(int fd, int chan, long long period, long long sec,
			 long long nsec)
{
	struct ptp_perout_request rq;
	int r;

	memset(&rq, 0, sizeof(rq));
	rq.index = chan;
	rq.start.sec = sec;
	rq.start.nsec = nsec;
	rq.period.sec = period / NS;
	rq.period.nsec = period % NS;
	r = ioctl(fd, PTP_PEROUT_REQUEST, &rq);
	printf("perout %d\n", r ? errno : 0);
	return r != 0;
}

static int cmd_settime(int fd, long long sec, long long nsec)
{
	struct timespec ts = { .tv_sec = sec, .tv_nsec = nsec };
	int r = clock_settime(FD_TO_CLOCKID(fd), &ts);

	printf("settime %d\n", r ? errno : 0);
	return r != 0;
}

static int cmd_step(int fd, long long sec, long long nsec)
{
	struct timex tx = { .modes = ADJ_SETOFFSET | ADJ_NANO };
	int r;

	tx.time.tv_sec = sec;
	tx.time.tv_usec = nsec;
	r = clock_adjtime(FD_TO_CLOCKID(fd), &tx);
	printf("step %d\n", r < 0 ? errno : 0);
	return r < 0;
}

static int cmd_get(int fd)
{
	struct timespec ts;

	if (clock_gettime(FD_TO_CLOCKID(fd), &ts)) {
		printf("get error %d\n", errno);
		return 1;
	}
	printf("%lld%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	return 0;
}

static int cmd_adjphase(int fd, long long ns)
{
	struct timex tx = { .modes = ADJ_OFFSET | ADJ_NANO, .offset = ns };

	if (clock_adjtime(FD_TO_CLOCKID(fd), &tx) < 0) {
		printf("adjphase error %d\n", errno);
		return 1;
	}
	return 0;
}

/* PTP_ENABLE_PPS on or off: prints "pps 0" or "pps ERRNO". */
static int cmd_pps(int fd, int on)
{
	int r = ioctl(fd, PTP_ENABLE_PPS, on);

	printf("pps %d\n", r < 0 ? errno : 0);
	return r < 0;
}

#define BAD(name, expr) do {						\
		int r_ = (expr);					\
		printf("%s %d\n", name, r_ < 0 ? errno : 0);		\
	} while (0)

static int cmd_bad(int fd)
{
	clockid_t clk = FD_TO_CLOCKID(fd);
	struct ptp_extts_request ex;
	struct ptp_perout_request po;
	struct ptp_sys_offset so;
	struct ptp_pin_desc pd;
	struct timespec ts;
	struct timex tx;

	memset(&ex, 0, sizeof(ex));
	ex.index = 99;
	ex.flags = PTP_ENABLE_FEATURE;
	BAD("extts-index", ioctl(fd, PTP_EXTTS_REQUEST, &ex));
	ex.index = 2;	/* no pin carries EXTTS channel 2 */
	BAD("extts-nopin", ioctl(fd, PTP_EXTTS_REQUEST, &ex));
	ex.index = 0;
	ex.flags = PTP_ENABLE_FEATURE | PTP_FALLING_EDGE | PTP_STRICT_FLAGS;
	BAD("extts-falling-strict", ioctl(fd, PTP_EXTTS_REQUEST2, &ex));
	ex.flags = PTP_ENABLE_FEATURE | (1 << 7);
	BAD("extts-unknown-flag", ioctl(fd, PTP_EXTTS_REQUEST2, &ex));

	memset(&po, 0, sizeof(po));
	po.index = 99;
	po.period.sec = 1;
	BAD("perout-index", ioctl(fd, PTP_PEROUT_REQUEST, &po));
	po.index = 1;	/* no pin carries PEROUT channel 1 */
	BAD("perout-nopin", ioctl(fd, PTP_PEROUT_REQUEST, &po));
	po.index = 0;	/* the test put SMA2 on PEROUT 0 */
	po.period.sec = 0;
	po.period.nsec = 2000000000u;
	BAD("perout-period-nsec", ioctl(fd, PTP_PEROUT_REQUEST, &po));
	po.period.nsec = 100;
	BAD("perout-period-short", ioctl(fd, PTP_PEROUT_REQUEST, &po));
	po.period.sec = 100000;
	po.period.nsec = 0;
	BAD("perout-period-long", ioctl(fd, PTP_PEROUT_REQUEST, &po));
	po.period.sec = 1;
	po.start.sec = -5;
	BAD("perout-start-negative", ioctl(fd, PTP_PEROUT_REQUEST, &po));
	po.start.sec = 1;
	po.flags = PTP_PEROUT_ONE_SHOT;
	BAD("perout-oneshot-past", ioctl(fd, PTP_PEROUT_REQUEST2, &po));
	po.flags = PTP_PEROUT_DUTY_CYCLE;
	po.on.sec = 2;
	BAD("perout-duty-too-long", ioctl(fd, PTP_PEROUT_REQUEST2, &po));
	po.flags = PTP_PEROUT_PHASE;
	memset(&po.on, 0, sizeof(po.on));
	po.phase.sec = 3;
	BAD("perout-phase-too-big", ioctl(fd, PTP_PEROUT_REQUEST2, &po));

	memset(&pd, 0, sizeof(pd));
	pd.index = 99;
	BAD("pin-index", ioctl(fd, PTP_PIN_SETFUNC, &pd));
	pd.index = 0;
	pd.func = PTP_PF_PEROUT;
	BAD("pin-gnss-perout", ioctl(fd, PTP_PIN_SETFUNC, &pd));
	pd.func = PTP_PF_NONE;
	BAD("pin-gnss-none", ioctl(fd, PTP_PIN_SETFUNC, &pd));
	pd.index = 4;
	pd.func = PTP_PF_EXTTS;
	pd.chan = 0;	/* channel 0 is GNSS-1PPS's */
	BAD("pin-extts-chan0", ioctl(fd, PTP_PIN_SETFUNC, &pd));
	pd.chan = 9;
	BAD("pin-extts-chan", ioctl(fd, PTP_PIN_SETFUNC, &pd));
	pd.func = PTP_PF_PHYSYNC;
	pd.chan = 0;
	BAD("pin-physync", ioctl(fd, PTP_PIN_SETFUNC, &pd));

	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 600000000LL * 65536 / 1000;	/* beyond max_adj */
	BAD("adj-freq-range", clock_adjtime(clk, &tx));
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_OFFSET | ADJ_NANO;
	tx.offset = 200000000;	/* beyond the phase limit */
	BAD("adj-phase-range", clock_adjtime(clk, &tx));
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	tx.time.tv_sec = -1900000000LL;	/* before 1970 */
	BAD("adj-step-negative", clock_adjtime(clk, &tx));
	tx.time.tv_sec = -1;
	BAD("adj-step-minus-1s", clock_adjtime(clk, &tx));
	tx.time.tv_sec = 1;
	BAD("adj-step-plus-1s", clock_adjtime(clk, &tx));
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	BAD("settime-negative", clock_settime(clk, &ts));

	memset(&so, 0, sizeof(so));
	so.n_samples = PTP_MAX_SAMPLES + 1;
	BAD("sysoff-samples", ioctl(fd, PTP_SYS_OFFSET, &so));
	return 0;
}

static int cmd_caps(int fd)
{
	struct ptp_clock_caps caps;

	memset(&caps, 0, sizeof(caps));
	if (ioctl(fd, PTP_CLOCK_GETCAPS, &caps)) {
		printf("caps error %d\n", errno);
		return 1;
	}
	/* max_phase_adj (6.2) follows adjust_phase: rsv[0] in older headers. */
	printf("adjust_phase %d max_phase_adj %d\n", caps.adjust_phase,
	       ((int *)&caps.adjust_phase)[1]);
	return 0;
}

static int cmd_hold(int fd)
{
	struct ptp_clock_caps caps;
	struct timespec ts;
	char line[64], buf[64];

	printf("open\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	BAD("caps", ioctl(fd, PTP_CLOCK_GETCAPS, &caps));
	BAD("gettime", clock_gettime(FD_TO_CLOCKID(fd), &ts));
	BAD("read", (int)read(fd, buf, sizeof(struct ptp_extts_event)));
	BAD("close", close(fd));
	return 0;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: see the source\n");
		return 2;
	}
	fd = open_dev(argv[2]);
	if (!strcmp(argv[1], "sysoff"))
		return cmd_sysoff(fd);
	if (!strcmp(argv[1], "extts") && argc >= 5)
		return cmd_extts(fd, atoi(argv[3]), atoi(argv[4]),
				 argc > 5 ? atoi(argv[5]) : 10);
	if (!strcmp(argv[1], "extts-multi") && argc >= 6)
		return cmd_extts_multi(fd, atoi(argv[3]), atoi(argv[4]), argv + 5,
				       argc - 5);
	if (!strcmp(argv[1], "pin") && argc == 6)
		return cmd_pin(fd, atoi(argv[3]), func_of(argv[4]), atoi(argv[5]));
	if (!strcmp(argv[1], "perout") && argc >= 5)
		return cmd_perout(fd, atoi(argv[3]), atoll(argv[4]),
				  argc > 5 ? atoll(argv[5]) : 0);
	if (!strcmp(argv[1], "perout-at") && argc == 7)
		return cmd_perout_at(fd, atoi(argv[3]), atoll(argv[4]),
				     atoll(argv[5]), atoll(argv[6]));
	if (!strcmp(argv[1], "settime") && argc == 5)
		return cmd_settime(fd, atoll(argv[3]), atoll(argv[4]));
	if (!strcmp(argv[1], "step") && argc == 5)
		return cmd_step(fd, atoll(argv[3]), atoll(argv[4]));
	if (!strcmp(argv[1], "get"))
		return cmd_get(fd);
	if (!strcmp(argv[1], "adjphase") && argc == 4)
		return cmd_adjphase(fd, atoll(argv[3]));
	if (!strcmp(argv[1], "pps") && argc == 4)
		return cmd_pps(fd, atoi(argv[3]));
	if (!strcmp(argv[1], "bad"))
		return cmd_bad(fd);
	if (!strcmp(argv[1], "caps"))
		return cmd_caps(fd);
	if (!strcmp(argv[1], "hold"))
		return cmd_hold(fd);
	fprintf(stderr, "unknown command %s\n", argv[1]);
	return 2;
}
