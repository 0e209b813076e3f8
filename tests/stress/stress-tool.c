// SPDX-License-Identifier: GPL-2.0
/*
 * stress-tool: tight loops for the in-VM concurrency tests (tests/stress),
 * where a bash loop is too slow to hit a race window.  Built statically on
 * the host (tests/stress/Makefile) because the guest has no compiler.
 *
 *   tx IFNAME N          send N 60-byte frames through an AF_PACKET socket;
 *                        prints "sent S failed F" (a netdev that goes away
 *                        midway only ends the loop early)
 *   spin FILE TEXT N [STOP]  try up to N times (or until file STOP exists)
 *                        to open FILE and write TEXT in one write(2), until
 *                        the file is there and the write is answered; prints
 *                        "tries T result OK|ERRNAME opened O"
 *   write FILE TEXT [NICE]  one write(2) at nice level NICE (the guest has
 *                        no nice(1)); prints "result OK|ERRNAME"
 *   link B IFINDEX...    in this netns, link each IFINDEX to ifindex B and
 *                        unlink it again through IFINDEX, round after round,
 *                        until none of them exists any more ("gone"), an
 *                        unlink fails ("stuck I ERR": B may hold a peer that
 *                        is going away) or a link is refused other than
 *                        with ENODEV or EBUSY ("refused I ERR"); prints
 *                        "... links L tries T"
 *   stale A B ROUNDS     m8: a thread sends frames from netdev A to its
 *                        linked peer B, straight to A's driver, while B is
 *                        set down and up ROUNDS times.  Once B is down and
 *                        no send is in flight, every frame sent so far was
 *                        delivered, dropped or purged by B's stop, so the
 *                        sending socket holds no memory (SIOCOUTQ 0); a frame
 *                        queued on B's ring after the purge still holds it.
 *                        Prints "rounds R sent S failed F stale X quiet Q
 *                        first R/BYTES" (sent: frames A's driver took, with
 *                        those it dropped while B was down; stale: rounds
 *                        with memory held; quiet: rounds after which B's
 *                        rx_packets did not move within 2 s; first: the
 *                        first stale round and its SIOCOUTQ, or "-")
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static int write_once(const char *file, const char *text, int *opened)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(file, O_WRONLY);
	if (fd < 0)
		return errno;
	if (opened)
		(*opened)++;
	n = write(fd, text, len);
	if (n < 0) {
		int e = errno;

		close(fd);
		return e;
	}
	close(fd);
	return n == (ssize_t)len ? 0 : EIO;
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case ENOENT: return "ENOENT";
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENOLINK: return "ENOLINK";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EIO: return "EIO";
	default: return "other";
	}
}

static int cmd_tx(const char *ifname, long n)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned char frame[60];
	long sent = 0, failed = 0, i;
	int s;

	s = socket(AF_PACKET, SOCK_RAW, 0);
	if (s < 0) {
		perror("socket");
		return 2;
	}
	sll.sll_ifindex = if_nametoindex(ifname);
	sll.sll_halen = ETH_ALEN;
	memset(sll.sll_addr, 0xff, ETH_ALEN);
	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, ETH_ALEN);		/* broadcast */
	frame[6] = 0x02;			/* locally administered source */
	frame[12] = 0x88;			/* local experimental ethertype */
	frame[13] = 0xb5;
	for (i = 0; i < n && sll.sll_ifindex; i++) {
		if (sendto(s, frame, sizeof(frame), 0,
			   (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			failed++;
			if (errno == ENODEV || errno == ENXIO)
				break;
		} else {
			sent++;
		}
	}
	close(s);
	printf("sent %ld failed %ld\n", sent, failed);
	return 0;
}

static int cmd_spin(const char *file, const char *text, long n,
		    const char *stop)
{
	int e = ENOENT, opened = 0;
	long i;

	for (i = 0; i < n; i++) {
		if (stop && !(i % 256) && !access(stop, F_OK))
			break;
		e = write_once(file, text, &opened);
		if (!e || (e != ENOENT && e != ENODEV && e != ENXIO))
			break;
	}
	printf("tries %ld result %s opened %d\n", i < n ? i + 1 : n,
	       errname(e), opened);
	return 0;
}

static int cmd_link(int argc, char **argv)
{
	const char *bus = "/sys/bus/netdevsim";
	char buf[64], file[64];
	int ns, b = atoi(argv[0]), i, links = 0, tries = 0, gone, e;

	ns = open("/proc/self/ns/net", O_RDONLY);
	if (ns < 0) {
		perror("netns");
		return 2;
	}
	for (;;) {
		gone = 0;
		for (i = 1; i < argc; i++) {
			tries++;
			snprintf(file, sizeof(file), "%s/link_device", bus);
			snprintf(buf, sizeof(buf), "%d:%s %d:%d", ns, argv[i],
				 ns, b);
			e = write_once(file, buf, NULL);
			if (e == ENODEV || e == ENOENT) {
				gone++;
				continue;
			}
			if (e == EBUSY)		/* linked to another partner */
				continue;
			if (e) {
				printf("refused %s %s links %d tries %d\n",
				       argv[i], errname(e), links, tries);
				return 0;
			}
			links++;
			snprintf(file, sizeof(file), "%s/unlink_device", bus);
			snprintf(buf, sizeof(buf), "%d:%s", ns, argv[i]);
			e = write_once(file, buf, NULL);
			if (e) {
				printf("stuck %s %s links %d tries %d\n",
				       argv[i], errname(e), links, tries);
				return 0;
			}
		}
		if (gone == argc - 1 || tries >= 1000000)
			break;
	}
	printf("gone links %d tries %d\n", links, tries);
	return 0;
}

static int cmd_write(const char *file, const char *text, int nice)
{
	if (nice && setpriority(PRIO_PROCESS, 0, nice)) {
		perror("setpriority");
		return 2;
	}
	printf("result %s\n", errname(write_once(file, text, NULL)));
	return 0;
}

/* state shared by cmd_stale() and its sending thread */
struct stale {
	pthread_rwlock_t lock;		/* read: a send; write: the check */
	int stop;			/* __atomic */
	int sock;
	struct sockaddr_ll to;
	long sent, failed;
};

static void *stale_send(void *arg)
{
	struct stale *st = arg;
	unsigned char frame[60];

	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, ETH_ALEN);		/* broadcast */
	frame[6] = 0x02;			/* locally administered source */
	frame[12] = ETH_P_802_EX1 >> 8;		/* local experimental ethertype */
	frame[13] = ETH_P_802_EX1 & 0xff;
	while (!__atomic_load_n(&st->stop, __ATOMIC_RELAXED)) {
		pthread_rwlock_rdlock(&st->lock);
		if (sendto(st->sock, frame, sizeof(frame), 0,
			   (struct sockaddr *)&st->to, sizeof(st->to)) < 0)
			st->failed++;
		else
			st->sent++;
		pthread_rwlock_unlock(&st->lock);
	}
	return NULL;
}

static int set_up(int fd, const char *ifname, int up)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return ioctl(fd, SIOCSIFFLAGS, &ifr);
}

static long long read_ll(const char *file)
{
	long long v = -1;
	FILE *f = fopen(file, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int cmd_stale(const char *a, const char *b, long rounds)
{
	long r, stale = 0, quiet = 0, first_r = -1;
	int one = 1, ctl, q, first_q = 0, i, err;
	pthread_rwlockattr_t attr;
	long long rx0, rx1;
	char rxfile[128];
	struct stale st;
	pthread_t tid;

	memset(&st, 0, sizeof(st));
	/* the check must get its turn however busy the sender keeps the lock */
	if (pthread_rwlockattr_init(&attr) ||
	    pthread_rwlockattr_setkind_np(&attr,
				PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP) ||
	    pthread_rwlock_init(&st.lock, &attr)) {
		fprintf(stderr, "rwlock setup failed\n");
		return 2;
	}
	pthread_rwlockattr_destroy(&attr);
	snprintf(rxfile, sizeof(rxfile),
		 "/sys/class/net/%s/statistics/rx_packets", b);
	st.sock = socket(AF_PACKET, SOCK_RAW, 0);
	ctl = socket(AF_INET, SOCK_DGRAM, 0);
	if (st.sock < 0 || ctl < 0) {
		perror("socket");
		return 2;
	}
	/* no qdisc on A: a frame it held could reach B at any later time */
	if (setsockopt(st.sock, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
		       sizeof(one)) < 0) {
		perror("PACKET_QDISC_BYPASS");
		return 2;
	}
	st.to.sll_family = AF_PACKET;
	st.to.sll_protocol = htons(ETH_P_802_EX1);
	st.to.sll_ifindex = if_nametoindex(a);
	st.to.sll_halen = ETH_ALEN;
	memset(st.to.sll_addr, 0xff, ETH_ALEN);
	if (!st.to.sll_ifindex || !if_nametoindex(b)) {
		fprintf(stderr, "no netdev %s or %s\n", a, b);
		return 2;
	}
	err = pthread_create(&tid, NULL, stale_send, &st);
	if (err) {
		fprintf(stderr, "pthread_create: %s\n", strerror(err));
		return 2;
	}
	for (r = 0; r < rounds; r++) {
		if (set_up(ctl, b, 0) < 0) {
			perror("down");
			break;
		}
		/* B's stop is done; let the sends that began before end */
		pthread_rwlock_wrlock(&st.lock);
		if (ioctl(st.sock, SIOCOUTQ, &q) < 0) {
			perror("SIOCOUTQ");
			pthread_rwlock_unlock(&st.lock);
			break;
		}
		pthread_rwlock_unlock(&st.lock);
		if (q > 0 && !stale++) {
			first_r = r;
			first_q = q;
		}
		rx0 = read_ll(rxfile);
		if (set_up(ctl, b, 1) < 0) {
			perror("up");
			break;
		}
		/* frames flow again before the next round (bounded wait) */
		for (i = 0; i < 2000; i++) {
			rx1 = read_ll(rxfile);
			if (rx1 > rx0)
				break;
			usleep(1000);
		}
		if (i == 2000)
			quiet++;
	}
	__atomic_store_n(&st.stop, 1, __ATOMIC_RELAXED);
	pthread_join(tid, NULL);
	printf("rounds %ld sent %ld failed %ld stale %ld quiet %ld first ",
	       r, st.sent, st.failed, stale, quiet);
	if (first_r < 0)
		printf("-\n");
	else
		printf("%ld/%d\n", first_r, first_q);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "tx"))
		return cmd_tx(argv[2], atol(argv[3]));
	if (argc >= 5 && !strcmp(argv[1], "spin"))
		return cmd_spin(argv[2], argv[3], atol(argv[4]),
				argc > 5 ? argv[5] : NULL);
	if (argc >= 4 && !strcmp(argv[1], "write"))
		return cmd_write(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 0);
	if (argc >= 5 && !strcmp(argv[1], "stale"))
		return cmd_stale(argv[2], argv[3], atol(argv[4]));
	if (argc >= 4 && !strcmp(argv[1], "link"))
		return cmd_link(argc - 2, argv + 2);
	fprintf(stderr, "usage: see the source\n");
	return 2;
}
