/*
 * Small process and system calls: ids, uname, limits, prctl, process
 * groups and sessions, times, sysinfo, reboot. Each validates its
 * arguments and copies results out; nothing here blocks.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/mm.h>
#include <asm/io.h>

long sys_getpid(void) { return current->tgid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void)
{
	struct task_struct *parent = current->group_leader->parent;
	return parent ? parent->tgid : 0;
}
long sys_getuid(void) { return current->uid; }
long sys_geteuid(void) { return current->euid; }
long sys_getgid(void) { return current->gid; }
long sys_getegid(void) { return current->egid; }

long sys_setuid(uid_t uid)
{
	if (uid == (uid_t)-1)
		return -EINVAL;		/* not a uid (Linux: !uid_valid) */
	if (!capable(CAP_SETUID) && uid != current->uid)
		return -EPERM;
	current->uid = current->euid = uid;
	return 0;
}

long sys_setgid(gid_t gid)
{
	if (gid == (gid_t)-1)
		return -EINVAL;
	if (!capable(CAP_SETGID) && gid != current->gid)
		return -EPERM;
	current->gid = current->egid = gid;
	return 0;
}

long sys_getresuid(uid_t __user *r, uid_t __user *e, uid_t __user *s)
{
	if (put_user(current->uid, r) || put_user(current->euid, e) || put_user(current->euid, s))
		return -EFAULT;
	return 0;
}

long sys_getresgid(gid_t __user *r, gid_t __user *e, gid_t __user *s)
{
	if (put_user(current->gid, r) || put_user(current->egid, e) || put_user(current->egid, s))
		return -EFAULT;
	return 0;
}

/*
 * Supplementary groups, as Linux's: getgroups(0, NULL) says how many, a
 * smaller list is EINVAL; setgroups needs CAP_SETGID. Sockeye keeps at
 * most NGROUPS_SMALL (32) where Linux allows 65,536: more is EINVAL.
 */
long sys_getgroups(int size, gid_t __user *list)
{
	int n = current->ngroups;

	if (size < 0)
		return -EINVAL;
	if (!size)
		return n;
	if (size < n)
		return -EINVAL;
	if (copy_to_user(list, current->groups, n * sizeof(gid_t)))
		return -EFAULT;
	return n;
}

long sys_setgroups(int size, const gid_t __user *list)
{
	gid_t groups[NGROUPS_SMALL];

	if (!capable(CAP_SETGID))
		return -EPERM;
	if (size < 0 || size > NGROUPS_SMALL)
		return -EINVAL;
	if (copy_from_user(groups, list, size * sizeof(gid_t)))
		return -EFAULT;
	memcpy(current->groups, groups, size * sizeof(gid_t));
	current->ngroups = size;
	return 0;
}

bool in_group_p(gid_t gid)
{
	if (current->egid == gid)
		return true;
	for (int i = 0; i < current->ngroups; i++)
		if (current->groups[i] == gid)
			return true;
	return false;
}

long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = (u32 __user *)tidptr;
	return current->pid;
}

/*
 * The robust-futex list head: walked at exit (kernel/futex.c
 * exit_robust_list), reported by get_robust_list.
 */
#define ROBUST_LIST_HEAD_SIZE	12	/* sizeof(struct robust_list_head) on i386 */
long sys_set_robust_list(void __user *head, size_t len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

long sys_get_robust_list(int pid, void __user * __user *head_ptr, size_t __user *len_ptr)
{
	struct task_struct *p = current;
	unsigned long flags;
	void __user *head;

	if (pid) {
		spin_lock_irqsave(&tasklist_lock, flags);
		p = find_task_by_pid(pid);
		head = p ? p->robust_list : NULL;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (!p)
			return -ESRCH;
	} else {
		head = p->robust_list;
	}
	if (put_user((size_t)ROBUST_LIST_HEAD_SIZE, len_ptr))
		return -EFAULT;
	return put_user(head, head_ptr) ? -EFAULT : 0;
}

long sys_uname(struct new_utsname __user *name)
{
	struct new_utsname u;
	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Sockeye");
	strcpy(u.nodename, "sockeye");
	strcpy(u.release, "0.1.0");
	strcpy(u.version, "#1 " __DATE__);
	strcpy(u.machine, "i686");
	strcpy(u.domainname, "(none)");
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

void init_rlimits(struct task_struct *p)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlim[i].rlim_cur = p->rlim[i].rlim_max = RLIM_INFINITY;
	p->rlim[RLIMIT_STACK].rlim_cur = 8 << 20;
	p->rlim[RLIMIT_NOFILE].rlim_cur = p->rlim[RLIMIT_NOFILE].rlim_max = 256;
	p->rlim[RLIMIT_NPROC].rlim_cur = p->rlim[RLIMIT_NPROC].rlim_max = 200;
	p->rlim[RLIMIT_CORE].rlim_cur = 0;
	/* No real-time priority without CAP_SYS_NICE (Linux's INIT_RLIMITS). */
	p->rlim[RLIMIT_RTPRIO].rlim_cur = p->rlim[RLIMIT_RTPRIO].rlim_max = 0;
}

long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(rlim, &current->rlim[resource], sizeof(*rlim)) ? -EFAULT : 0;
}

static int do_setrlimit(unsigned int resource, unsigned long cur, unsigned long max)
{
	if (resource >= RLIM_NLIMITS || cur > max)
		return -EINVAL;
	if (max > current->rlim[resource].rlim_max && !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	if (resource == RLIMIT_NOFILE && max > 256 && max != RLIM_INFINITY)
		return -EPERM;	/* the fd table holds 256 */
	current->rlim[resource].rlim_cur = cur;
	current->rlim[resource].rlim_max = max;
	return 0;
}

long sys_setrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	struct rlimit r;
	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	return do_setrlimit(resource, r.rlim_cur, r.rlim_max);
}

long sys_prlimit64(pid_t pid, unsigned int resource, const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim)
{
	struct rlimit64 n, o;
	if (pid && pid != current->pid)
		return kill_pid(pid, 0) ? -ESRCH : -EPERM;
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new_rlim && copy_from_user(&n, new_rlim, sizeof(n)))
		return -EFAULT;
	struct rlimit *r = &current->rlim[resource];
	o.rlim_cur = r->rlim_cur == RLIM_INFINITY ? RLIM64_INFINITY : r->rlim_cur;
	o.rlim_max = r->rlim_max == RLIM_INFINITY ? RLIM64_INFINITY : r->rlim_max;
	if (new_rlim) {
		unsigned long cur = n.rlim_cur >= RLIM_INFINITY ? RLIM_INFINITY : (unsigned long)n.rlim_cur;
		unsigned long max = n.rlim_max >= RLIM_INFINITY ? RLIM_INFINITY : (unsigned long)n.rlim_max;
		int err = do_setrlimit(resource, cur, max);
		if (err)
			return err;
	}
	if (old_rlim && copy_to_user(old_rlim, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)
{
	char name[TASK_COMM_LEN];
	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(name, (const char __user *)arg2, sizeof(name)) < 0)
			return -EFAULT;
		name[sizeof(name) - 1] = 0;
		strlcpy(current->comm, name, sizeof(current->comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void __user *)arg2, current->comm, sizeof(current->comm)) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > _NSIG)
			return -EINVAL;
		current->pdeath_signal = arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user(current->pdeath_signal, (int __user *)arg2);
	default:
		return -EINVAL;
	}
}

/*
 * Process group and session are the process's: every thread of p's group
 * gets them (Linux keeps them in signal_struct). Caller holds tasklist_lock.
 */
static void set_group_ids(struct task_struct *p, pid_t pgrp, pid_t session)
{
	struct task_struct *t;

	p->group_leader->pgrp = pgrp;
	p->group_leader->session = session;
	list_for_each_entry(t, &p->signal->thread_head, thread_node) {
		t->pgrp = pgrp;
		t->session = session;
	}
}

long sys_setpgid(pid_t pid, pid_t pgid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	if (p)
		p = p->group_leader;
	if (!p || (p != current->group_leader && p->parent != current->group_leader)) {
		ret = -ESRCH;
		goto out;
	}
	if (p->session == p->tgid) {	/* a session leader cannot move */
		ret = -EPERM;
		goto out;
	}
	if (!pgid)
		pgid = p->tgid;
	if (pgid != p->tgid) {
		/* Joining a group: it must exist, in our session (Linux: EPERM). */
		struct task_struct *q;
		bool found = false;
		for_each_process(q)
			if (q->pgrp == pgid && q->session == p->session)
				found = true;
		if (!found) {
			ret = -EPERM;
			goto out;
		}
	}
	set_group_ids(p, pgid, p->session);
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_getpgid(pid_t pid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	ret = p ? p->pgrp : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_getpgrp(void)
{
	return current->pgrp;
}

long sys_setsid(void)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = current->tgid;
	for_each_process(p)
		if (p->pgrp == current->tgid && p->signal != current->signal)
			ret = -EPERM;	/* a group with our pid exists: we lead it */
	if (current->pgrp == current->tgid)
		ret = -EPERM;
	if (ret > 0)
		set_group_ids(current, current->tgid, current->tgid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_getsid(pid_t pid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	ret = p ? p->session : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_times(struct tms __user *tbuf)
{
	/* clock_t ticks are USER_HZ = 100, as Linux reports them. */
	if (tbuf) {
		struct tms t = { current->utime / 10, current->stime / 10, 0, 0 };
		if (copy_to_user(tbuf, &t, sizeof(t)))
			return -EFAULT;
	}
	return jiffies / 10;
}

long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo s;
	memset(&s, 0, sizeof(s));
	s.uptime = jiffies / HZ;
	s.totalram = totalram_pages;
	s.freeram = nr_free_pages();
	s.procs = nr_processes();
	for (int i = 0; i < 3; i++)		/* 16-bit fractions (SI_LOAD_SHIFT), as Linux */
		s.loads[i] = READ_ONCE(avenrun[i]) << (16 - FSHIFT);
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* Power off: QEMU's ACPI PM (PIIX4) port; ISA debug exit as a fallback. */
__noreturn void machine_power_off(void)
{
	printk(KERN_NOTICE "reboot: Power down\n");
	outw(0x2000, 0x604);	/* QEMU q35/piix PM1a_CNT: SLP_TYP=5 | SLP_EN */
	outw(0x2000, 0xB004);	/* older QEMU / Bochs */
	outb(0x31, 0xf4);	/* isa-debug-exit, if present */
	panic("power off failed");
}

/*
 * Halt: the machine stops without powering off (Linux's machine_halt).
 * Under QEMU there is nothing left to do, so if the isa-debug-exit device
 * is there QEMU exits with status 3 ((1 << 1) | 1) where a power off gives
 * 99: init halts instead of powering off when usertests= or run= failed,
 * so `make run APPEND=usertests=NAME` exits non-zero (tools/qemu.sh).
 */
__noreturn void machine_halt(void)
{
	printk(KERN_NOTICE "reboot: System halted\n");
	outb(0x01, 0xf4);	/* isa-debug-exit, if present */
	local_irq_disable();
	for (;;)
		__asm__ __volatile__("hlt");
}

__noreturn void machine_restart(void)
{
	printk(KERN_NOTICE "reboot: Restarting system\n");
	outb(0xFE, 0x64);	/* keyboard controller: pulse the reset line */
	panic("restart failed");
}

long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)
{
	if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != 85072278 && magic2 != 369367448 && magic2 != 537993216))
		return -EINVAL;
	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
		machine_power_off();
	case LINUX_REBOOT_CMD_HALT:
		machine_halt();
	case LINUX_REBOOT_CMD_RESTART:
		machine_restart();
	default:
		return -EINVAL;
	}
}
