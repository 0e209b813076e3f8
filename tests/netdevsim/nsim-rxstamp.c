// SPDX-License-Identifier: GPL-2.0
/*
 * nsim-rxstamp: receive UDP datagrams with their hardware receive
 * timestamps, for the in-VM tests (static: the guest has no compiler).
 *
 *   nsim-rxstamp PORT N SECS [LAST]
 *
 * Binds UDP PORT on every address, asks for raw hardware receive
 * timestamps, prints "ready", then one line per datagram,
 * "msg HW_NS LEN TEXT" (HW_NS 0: no hardware timestamp came with it; TEXT
 * is the start of the payload, non-printable bytes as '.'), until N
 * datagrams came, or one whose payload contains LAST (exit status 3 when
 * N came without it).  Waiting SECS seconds for one is an error
 * ("timeout").  A datagram or its control data cut short is an error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>

#define TEXT_MAX 60

static long long hw_ns(struct msghdr *msg)
{
	struct scm_timestamping *ts;
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET ||
		    c->cmsg_type != SCM_TIMESTAMPING ||
		    c->cmsg_len < CMSG_LEN(sizeof(*ts)))
			continue;
		ts = (struct scm_timestamping *)CMSG_DATA(c);
		return ts->ts[2].tv_sec * 1000000000LL + ts->ts[2].tv_nsec;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int flags = SOF_TIMESTAMPING_RX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	union {
		char buf[512];
		struct cmsghdr align;
	} ctl;
	char buf[2048], text[TEXT_MAX + 1];
	int rcvbuf = 1 << 20;
	struct iovec iov = { buf, sizeof(buf) };
	struct pollfd pfd;
	int fd, n, secs, i, k;
	ssize_t len;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: nsim-rxstamp PORT N SECS [LAST]\n");
		return 2;
	}
	sa.sin_port = htons(atoi(argv[1]));
	n = atoi(argv[2]);
	secs = atoi(argv[3]);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags))) {
		fprintf(stderr, "socket setup: %s\n", strerror(errno));
		return 2;
	}
	/* room for the log buffer netconsole sends first (root may force it) */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	printf("ready\n");
	fflush(stdout);
	for (i = 0; i < n; i++) {
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
		};

		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, secs * 1000) != 1) {
			printf("timeout after %d datagrams\n", i);
			return 1;
		}
		len = recvmsg(fd, &msg, 0);
		if (len < 0) {
			printf("recvmsg error %d\n", errno);
			return 1;
		}
		if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
			printf("datagram %d cut short (flags 0x%x)\n", i, msg.msg_flags);
			return 1;
		}
		for (k = 0; k < len && k < TEXT_MAX; k++)
			text[k] = buf[k] >= 0x20 && buf[k] < 0x7f ? buf[k] : '.';
		text[k] = '\0';
		printf("msg %lld %zd %s\n", hw_ns(&msg), len, text);
		fflush(stdout);
		buf[len < (ssize_t)sizeof(buf) ? len : (ssize_t)sizeof(buf) - 1] = '\0';
		if (argc == 5 && strstr(buf, argv[4]))
			return 0;
	}
	return argc == 5 ? 3 : 0;
}
