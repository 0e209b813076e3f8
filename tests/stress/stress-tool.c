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
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "tx"))
		return cmd_tx(argv[2], atol(argv[3]));
	if (argc >= 5 && !strcmp(argv[1], "spin"))
		return cmd_spin(argv[2], argv[3], atol(argv[4]),
				argc > 5 ? argv[5] : NULL);
	if (argc >= 4 && !strcmp(argv[1], "write"))
		return cmd_write(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 0);
	if (argc >= 4 && !strcmp(argv[1], "link"))
		return cmd_link(argc - 2, argv + 2);
	fprintf(stderr, "usage: see the source\n");
	return 2;
}
