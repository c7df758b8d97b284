/*
 * ICMP (RFC 792) inside the kernel: receive, error generation with rate
 * limiting, and the error -> errno table protocols use in err_handler.
 * Implementation: net/ipv4/icmp.c.
 */
#ifndef _NET_ICMP_H
#define _NET_ICMP_H

#include <linux/skbuff.h>
#include <linux/icmp.h>

static inline struct icmphdr *icmp_hdr(const struct sk_buff *skb)
{
	return (struct icmphdr *)skb_transport_header(skb);
}

/* icmp_err_convert[code] for ICMP_DEST_UNREACH: errno, and whether it is fatal to a connection. */
struct icmp_err {
	int errno_val;
	bool fatal;
};
extern const struct icmp_err icmp_err_convert[NR_ICMP_UNREACH + 1];

/*
 * Send an ICMP error about skb_in (whose network header is set). Never
 * about ICMP errors, non-first fragments, broadcasts/multicasts or packets
 * from a non-unicast source; rate limited (a token bucket, one token per
 * sysctl_icmp_ratelimit ms, burst ICMP_RATE_BURST; 0 disables the limit).
 * info: next-hop MTU for ICMP_FRAG_NEEDED, else 0. Does not consume skb_in.
 */
void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info);
int icmp_rcv(struct sk_buff *skb);
void icmp_init(void);
void icmp_ratelimit_reset(void);	/* refill the bucket (tests) */

extern int sysctl_icmp_ratelimit;		/* ms per token */
extern int sysctl_icmp_echo_ignore_broadcasts;
#define ICMP_RATE_BURST		6
/* Largest ICMP error datagram (RFC 1812 4.3.2.3: no more than 576 bytes). */
#define ICMP_ERR_MAX_LEN	576

#endif
