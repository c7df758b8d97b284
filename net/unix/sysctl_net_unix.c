/*
 * AF_UNIX in /proc (Linux's net/unix/sysctl_net_unix.c and the seq_file
 * part of af_unix.c):
 *   /proc/sys/net/unix/max_dgram_qlen  how many datagrams an unconnected
 *                                      receiver queues before senders block
 *                                      (new sockets take it at creation)
 *   /proc/net/unix                     every unix socket, Linux's format:
 *     Num RefCount Protocol Flags Type St Inode Path
 *     Num is the kernel address, printed as zeros (Linux's %pK for an
 *     unprivileged reader); Flags 00010000 (__SO_ACCEPTCON) on a listener;
 *     St the socket_state; Path "@name" for abstract names, NULs as '@'.
 *   /proc/net/unix_stat                Sockeye's own: files in flight and
 *                                      the collector's counters (runs, sockets
 *                                      it freed), for tests and students.
 * Reads walk the table under unix_table_lock, so the list is a snapshot.
 */
#include <linux/net.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/af_unix.h>

#define __SO_ACCEPTCON	(1 << 16)

static void unix_seq_show_one(struct seq_file *seq, struct sock *s)
{
	struct unix_address *addr = unix_sk(s)->addr;
	int state;

	if (s->sk_socket)
		state = s->sk_state == TCP_ESTABLISHED ? SS_CONNECTED : SS_UNCONNECTED;
	else
		state = s->sk_state == TCP_ESTABLISHED ? SS_CONNECTING : SS_DISCONNECTING;
	seq_printf(seq, "%08x: %08X %08X %08X %04X %02X %5lu",
		   0u, refcount_read(&s->sk_refcnt), 0u,
		   s->sk_state == TCP_LISTEN ? __SO_ACCEPTCON : 0,
		   s->sk_type, state, s->sk_socket ? s->sk_ino : 0UL);
	if (addr) {
		int i = 0, len = addr->len - sizeof(short);

		seq_putc(seq, ' ');
		if (addr->name->sun_path[0]) {
			len--;		/* the NUL unix_mkname counted */
		} else {
			seq_putc(seq, '@');
			i++;
		}
		for (; i < len; i++)
			seq_putc(seq, addr->name->sun_path[i] ? addr->name->sun_path[i] : '@');
	}
	seq_putc(seq, '\n');
}

static int unix_seq_show(struct seq_file *seq, void *v)
{
	struct sock *s;
	int i;

	seq_puts(seq, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	spin_lock(&unix_table_lock);
	for (i = 0; i <= UNIX_HASH_SIZE; i++)
		hlist_for_each_entry(s, &unix_socket_table[i], sk_node)
			unix_seq_show_one(seq, s);
	spin_unlock(&unix_table_lock);
	return 0;
}

static int unix_stat_show(struct seq_file *seq, void *v)
{
	spin_lock(&unix_gc_lock);
	seq_printf(seq, "sockets %d\ninflight %ld\ngc_runs %lu\ngc_freed %lu\n",
		   unix_sockets_inuse(), unix_tot_inflight, unix_gc_runs, unix_gc_freed);
	spin_unlock(&unix_gc_lock);
	return 0;
}

void unix_sysctl_register(void)
{
	proc_sysctl_int("sys/net/unix/max_dgram_qlen", &sysctl_max_dgram_qlen, 0, INT_MAX);
	proc_create_single("net/unix", unix_seq_show, NULL);
	proc_create_single("net/unix_stat", unix_stat_show, NULL);
}
