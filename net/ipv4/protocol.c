/*
 * inet_protos[]: which transport protocol handles which IP protocol
 * number. Registration happens at init (ICMP here; UDP and TCP from their
 * own init functions); lookups happen per packet in ip_local_deliver and
 * icmp_unreach without a lock (a pointer store is atomic on i386, and
 * protocols are never unregistered while packets fly).
 * See include/net/protocol.h for the handler and err_handler contracts.
 */
#include <net/protocol.h>

const struct net_protocol *inet_protos[IPPROTO_MAX];

int inet_add_protocol(const struct net_protocol *prot, unsigned char protocol)
{
	if (inet_protos[protocol])
		return -EBUSY;
	WRITE_ONCE(inet_protos[protocol], prot);
	return 0;
}

int inet_del_protocol(const struct net_protocol *prot, unsigned char protocol)
{
	if (inet_protos[protocol] != prot)
		return -ENOENT;
	WRITE_ONCE(inet_protos[protocol], NULL);
	return 0;
}
