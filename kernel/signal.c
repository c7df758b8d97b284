/*
 * Signals: sending, blocking, delivering, and returning from handlers.
 *
 * Sending sets a bit in a pending set and wakes a thread that can take it
 * if it sleeps interruptibly (SIGKILL wakes any sleeper). A signal for
 * the process (kill, the tty, SIGCHLD, alarm) goes to the group's shared
 * set, and the thread woken is the target itself if it does not block the
 * signal, else the first thread that does not (Linux's complete_signal);
 * one for a thread (tkill, tgkill, a fault) to that thread's own set.
 * Blocked masks, and so the choice, are per thread. Delivery happens on the way
 * back to user mode (exit_to_mode -> do_signal): the lowest pending,
 * unblocked signal is taken; SIG_IGN drops it; SIG_DFL ignores, or kills
 * the process (exit status = the signal number, as wait4 reports it);
 * a handler gets a signal frame pushed on the user stack, laid out as
 * Linux i386 does (sigframe for plain handlers, rt_sigframe for
 * SA_SIGINFO), and returns through sigreturn / rt_sigreturn, which restore
 * every register and the old mask from that frame.
 *
 * Interrupted system calls: a blocking call returns -ERESTARTSYS (or
 * -ERESTARTNOHAND / -ERESTARTNOINTR). If a handler runs, the call fails
 * with EINTR unless the handler has SA_RESTART; if no handler runs, the
 * call is restarted by backing eip over the int $0x80.
 *
 * Job control: the default action of SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU stops
 * every thread of the process (TASK_STOPPED) until SIGCONT or SIGKILL; the parent gets
 * SIGCHLD (unless SA_NOCLDSTOP) and sees it with wait4(WUNTRACED /
 * WCONTINUED). The tty does not yet send SIGTTIN/SIGTTOU to background jobs.
 * Handlers run without their own FPU context save: the interrupted FPU
 * state is not preserved across a handler that uses floating point.
 *
 * Lock: pending/blocked are changed with interrupts off (a sender may be
 * an IRQ handler: the tty's ^C).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/anon_inodes.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

#define SIGMASK(s)	(1ULL << ((s) - 1))
#define UNBLOCKABLE	(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))
#define DEFAULT_IGNORE	(SIGMASK(SIGCHLD) | SIGMASK(SIGURG) | SIGMASK(SIGWINCH) | SIGMASK(SIGCONT))
#define DEFAULT_COREDUMP (SIGMASK(SIGQUIT) | SIGMASK(SIGILL) | SIGMASK(SIGTRAP) | SIGMASK(SIGABRT) | \
			 SIGMASK(SIGBUS) | SIGMASK(SIGFPE) | SIGMASK(SIGSEGV) | SIGMASK(SIGXCPU) | \
			 SIGMASK(SIGXFSZ) | SIGMASK(SIGSYS))

#define STOP_SIGNALS	(SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))

bool wake_up_stopped(struct task_struct *p);

/* Tell the parent a child stopped or continued: SIGCHLD unless SA_NOCLDSTOP, and wake wait4. */
void notify_parent_jobctl(struct task_struct *p)
{
	struct task_struct *parent = p->parent;
	if (!parent || !parent->sighand)
		return;
	if (!(parent->sighand->action[SIGCHLD - 1].sa_flags & SA_NOCLDSTOP))
		send_sig(SIGCHLD, parent, 1);
	wake_up_interruptible(&parent->wait_chldexit);
}

static inline u64 set64(const kernel_sigset_t *s) { return s->sig[0] | ((u64)s->sig[1] << 32); }
static inline void put64(kernel_sigset_t *s, u64 v) { s->sig[0] = (u32)v; s->sig[1] = (u32)(v >> 32); }

static u64 pending64(const struct task_struct *p)
{
	return set64(&p->pending) | set64(&p->signal->shared_pending);
}

/* A deliverable signal, or a job-control stop of the process not yet obeyed. */
bool signal_pending(struct task_struct *p)
{
	return (pending64(p) & ~(set64(&p->blocked) & ~UNBLOCKABLE)) != 0 || p->stop_sig;
}

static bool wants_signal(int sig, const struct task_struct *t)
{
	if (t->exit_state || (t->flags & PF_EXITING))
		return false;
	return sig == SIGKILL || !sigismember_k(&t->blocked, sig);
}

static void signal_wake(int sig, struct task_struct *t)
{
	if (sig == SIGKILL || (t->state == TASK_INTERRUPTIBLE && signal_pending(t)))
		wake_up_process(t);
}

/*
 * Queue sig in set (p's own or its group's) and wake a taker. Job control
 * is per process: a stop discards a pending continue and vice versa
 * (POSIX) in every set, and SIGCONT/SIGKILL resume every stopped thread.
 */
static int __send_signal(int sig, struct task_struct *p, bool group, const struct ksiginfo *info)
{
	struct signal_struct *ss = p->signal;
	struct task_struct *t, *taker = NULL;
	kernel_sigset_t *set = group ? &ss->shared_pending : &p->pending;
	struct ksiginfo *infos = group ? ss->shared_info : p->pending_info;
	unsigned long flags;
	bool notify = false;

	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (ss->nr_threads == 0 || (!group && p->exit_state))
		return 0;		/* nobody left to take it */
	local_irq_save(flags);
	if (SIGMASK(sig) & (STOP_SIGNALS | SIGMASK(SIGCONT))) {
		u64 drop = sig == SIGCONT ? STOP_SIGNALS : SIGMASK(SIGCONT);
		put64(&ss->shared_pending, set64(&ss->shared_pending) & ~drop);
		list_for_each_entry(t, &ss->thread_head, thread_node)
			put64(&t->pending, set64(&t->pending) & ~drop);
	}
	if (sig == SIGCONT || sig == SIGKILL) {
		list_for_each_entry(t, &ss->thread_head, thread_node) {
			if (!t->stop_sig)
				continue;
			t->stop_sig = 0;
			t->stop_unreported = false;
			t->cont_unreported = sig == SIGCONT;
			notify = sig == SIGCONT;
			wake_up_stopped(t);
		}
	}
	/* SIGCONT resumes even when ignored or handled; it is queued only for a handler. */
	if (!(set64(set) & SIGMASK(sig)))
		infos[sig - 1] = *info;		/* already pending: the first sender's stays */
	put64(set, set64(set) | SIGMASK(sig));
	if (!group || wants_signal(sig, p)) {
		taker = p;
	} else {
		list_for_each_entry(t, &ss->thread_head, thread_node)
			if (wants_signal(sig, t)) {
				taker = t;
				break;
			}
	}
	if (taker)
		signal_wake(sig, taker);
	local_irq_restore(flags);
	signalfd_notify(p, sig);
	if (notify)
		notify_parent_jobctl(p->group_leader);
	return 0;
}

/* priv: from the kernel (SI_KERNEL); else on behalf of current (SI_USER), as Linux's send_sig. */
int send_sig(int sig, struct task_struct *p, int priv)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	if (!priv)
		info = (struct ksiginfo){ .code = SI_USER, .pid = current->tgid, .uid = current->uid };
	return __send_signal(sig, p, true, &info);
}

static int send_sig_thread_info(int sig, struct task_struct *p, const struct ksiginfo *info)
{
	return __send_signal(sig, p, false, info);
}

int send_sig_thread(int sig, struct task_struct *p)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	return send_sig_thread_info(sig, p, &info);
}

/*
 * Take the lowest pending signal in allowed, the thread's own before the
 * process's (Linux's dequeue_signal), with what it carries. 0: none.
 */
int dequeue_signal_info(struct task_struct *p, u64 allowed, struct ksiginfo *info)
{
	kernel_sigset_t *sets[2] = { &p->pending, &p->signal->shared_pending };
	struct ksiginfo *infos[2] = { p->pending_info, p->signal->shared_info };
	unsigned long flags;
	int sig = 0;

	local_irq_save(flags);
	for (int i = 0; i < 2 && !sig; i++) {
		u64 pend = set64(sets[i]) & allowed;
		if (pend) {
			sig = __builtin_ctzll(pend) + 1;
			put64(sets[i], set64(sets[i]) & ~SIGMASK(sig));
			*info = infos[i][sig - 1];
		}
	}
	local_irq_restore(flags);
	return sig;
}

/*
 * A fault the process caused: it cannot block or ignore its way past it.
 * If the fault will take the default action, it kills even init (Linux
 * clears SIGNAL_UNKILLABLE here): returning to the faulting instruction
 * would only fault again, forever.
 */
void force_sig_fault(int sig, int code, unsigned long addr)
{
	struct task_struct *p = current;
	struct kernel_sigaction *ka = &p->sighand->action[sig - 1];
	if (ka->sa_handler == SIG_IGN || sigismember_k(&p->blocked, sig)) {
		ka->sa_handler = SIG_DFL;
		put64(&p->blocked, set64(&p->blocked) & ~SIGMASK(sig));
	}
	if (ka->sa_handler == SIG_DFL)
		p->unkillable = false;
	/* The faulting thread takes it, nobody else. */
	send_sig_thread_info(sig, p, &(struct ksiginfo){ .code = code, .addr = addr });
}

/*
 * Delivering sig failed (its frame did not fit on the user stack). Send
 * SIGSEGV; if sig was SIGSEGV itself, its handler cannot run either, so
 * reset it to SIG_DFL first and the process dies instead of failing to
 * deliver SIGSEGV forever (Linux's force_sigsegv).
 */
void force_sigsegv(int sig)
{
	if (sig == SIGSEGV)
		current->sighand->action[SIGSEGV - 1].sa_handler = SIG_DFL;
	force_sig_fault(SIGSEGV, SI_KERNEL, 0);
}

/*
 * May current signal t from user space? Linux's kill_ok_by_cred: the
 * sender's real or effective uid matches the target's real or effective
 * uid (there are no saved ids here), or the sender has CAP_KILL. Signals
 * the kernel sends (tty ^C, SIGCHLD, faults) are not checked.
 */
static bool kill_ok(const struct task_struct *t)
{
	return current->euid == t->uid || current->euid == t->euid ||
	       current->uid == t->uid || current->uid == t->euid || capable(CAP_KILL);
}

static int kill_one(struct task_struct *p, int sig, bool check)
{
	if (check && !kill_ok(p))
		return -EPERM;
	if (!sig)
		return 0;
	return send_sig(sig, p, 0);
}

static int kill_pid_checked(pid_t pid, int sig, bool check)
{
	unsigned long flags;
	int ret = -ESRCH;
	spin_lock_irqsave(&tasklist_lock, flags);
	struct task_struct *p = find_task_by_pid(pid);
	if (p && !(p->flags & PF_KTHREAD))
		ret = kill_one(p, sig, check);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* 0 if any member got the signal, else the last error (-ESRCH: no member). */
static int kill_pgrp_checked(pid_t pgrp, int sig, bool check)
{
	unsigned long flags;
	struct task_struct *p;
	int ret = -ESRCH;
	bool sent = false;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pgrp == pgrp && p->pid && thread_group_leader(p) &&
		    p->signal->nr_threads && !(p->flags & PF_KTHREAD)) {
			ret = kill_one(p, sig, check);
			sent |= ret == 0;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return sent ? 0 : ret;
}

int kill_pid(pid_t pid, int sig)
{
	return kill_pid_checked(pid, sig, false);
}

int kill_pgrp(pid_t pgrp, int sig)
{
	return kill_pgrp_checked(pgrp, sig, false);
}

/*
 * POSIX's orphaned process group: no member has a parent in another
 * group of the same session, so no shell is left to continue it. A job
 * control stop of such a group would be for ever (Linux's
 * will_become_orphaned_pgrp, for the tty's SIGTTIN/SIGTTOU check).
 */
bool pgrp_is_orphaned(pid_t pgrp)
{
	unsigned long flags;
	struct task_struct *p;
	bool orphaned = true;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		struct task_struct *parent = p->parent;

		if (p->pgrp != pgrp || p->exit_state || !parent)
			continue;
		if (parent->pgrp != pgrp && parent->session == p->session) {
			orphaned = false;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return orphaned;
}

long sys_kill(pid_t pid, int sig)
{
	unsigned long flags;
	struct task_struct *p;
	int ret = -ESRCH;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid > 0)
		return kill_pid_checked(pid, sig, true);
	if (pid == 0)
		return kill_pgrp_checked(current->pgrp, sig, true);
	if (pid < -1)
		return kill_pgrp_checked(-pid, sig, true);
	/* pid == -1: everyone we may signal but init and ourselves (EPERM ones are skipped) */
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pid > 1 && thread_group_leader(p) && p->signal != current->signal &&
		    p->signal->nr_threads && !(p->flags & PF_KTHREAD)) {
			kill_one(p, sig, true);
			ret = 0;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* tkill / tgkill: to one thread (tgid > 0: only if it is in that process). */
static long do_tkill(pid_t tgid, pid_t pid, int sig)
{
	unsigned long flags;
	long ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	struct task_struct *p = find_task_by_pid(pid);
	if (p && !p->exit_state && !(p->flags & PF_KTHREAD) && (tgid <= 0 || p->tgid == tgid)) {
		struct ksiginfo info = { .code = SI_TKILL, .pid = current->tgid, .uid = current->uid };

		ret = kill_ok(p) ? 0 : -EPERM;
		if (!ret && sig)
			ret = send_sig_thread_info(sig, p, &info);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_tkill(pid_t pid, int sig)
{
	if (pid <= 0)
		return -EINVAL;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	return do_tkill(0, pid, sig);
}

long sys_tgkill(pid_t tgid, pid_t pid, int sig)
{
	if (pid <= 0 || tgid <= 0)
		return -EINVAL;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

/* Discard pending instances of sig everywhere in current's process. */
static void flush_pending(struct task_struct *p, int sig)
{
	struct signal_struct *ss = p->signal;
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	put64(&ss->shared_pending, set64(&ss->shared_pending) & ~SIGMASK(sig));
	list_for_each_entry(t, &ss->thread_head, thread_node)
		put64(&t->pending, set64(&t->pending) & ~SIGMASK(sig));
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

long sys_rt_sigaction(int sig, const struct kernel_sigaction __user *act,
		      struct kernel_sigaction __user *oact, size_t sigsetsize)
{
	struct kernel_sigaction new, *k;

	if (sigsetsize != sizeof(kernel_sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	k = &current->sighand->action[sig - 1];
	if (oact && copy_to_user(oact, k, sizeof(*k)))
		return -EFAULT;
	if (act) {
		put64(&new.sa_mask, set64(&new.sa_mask) & ~UNBLOCKABLE);
		*k = new;
		/* Setting SIG_IGN discards a pending instance, as POSIX requires. */
		if (new.sa_handler == SIG_IGN ||
		    (new.sa_handler == SIG_DFL && (DEFAULT_IGNORE & SIGMASK(sig))))
			flush_pending(current, sig);
	}
	return 0;
}

static int set_blocked(int how, u64 set)
{
	u64 b = set64(&current->blocked);
	switch (how) {
	case SIG_BLOCK: b |= set; break;
	case SIG_UNBLOCK: b &= ~set; break;
	case SIG_SETMASK: b = set; break;
	default: return -EINVAL;
	}
	put64(&current->blocked, b & ~UNBLOCKABLE);
	return 0;
}

long sys_rt_sigprocmask(int how, kernel_sigset_t __user *set, kernel_sigset_t __user *oset, size_t sigsetsize)
{
	kernel_sigset_t n, old = current->blocked;
	if (sigsetsize != sizeof(kernel_sigset_t))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&n, set, sizeof(n)))
			return -EFAULT;
		int err = set_blocked(how, set64(&n));
		if (err)
			return err;
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(kernel_sigset_t __user *set, size_t sigsetsize)
{
	kernel_sigset_t p;
	if (sigsetsize != sizeof(kernel_sigset_t))
		return -EINVAL;
	put64(&p, pending64(current) & set64(&current->blocked));
	return copy_to_user(set, &p, sizeof(p)) ? -EFAULT : 0;
}

long sys_rt_sigsuspend(kernel_sigset_t __user *unewset, size_t sigsetsize)
{
	kernel_sigset_t n;
	if (sigsetsize != sizeof(kernel_sigset_t))
		return -EINVAL;
	if (copy_from_user(&n, unewset, sizeof(n)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	put64(&current->blocked, set64(&n) & ~UNBLOCKABLE);
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return -ERESTARTNOHAND;
}

/*
 * ---- alarm / ITIMER_REAL ----
 * One timer per process (signal_struct), as Linux's signal->real_timer:
 * alarm() in any thread replaces the process's alarm, and SIGALRM is
 * process-directed, taken by any thread that does not block it.
 * The deadline and interval are kept in 64-bit monotonic nanoseconds, so
 * every it_value the ABI can express (2^31 s, 68 years) reads back exactly
 * from getitimer. The wheel timer only reaches MAX_JIFFY_OFFSET (~12 days)
 * ahead, so it is armed towards the deadline in steps: a step that ends
 * before the deadline just arms the next one. Armed == timer pending.
 */

static void it_real_step(struct signal_struct *sig, u64 now)
{
	mod_timer(&sig->real_timer, jiffies + nsecs_to_jiffies_timeout(sig->it_real_expires - now));
}

/* Timer context. Any live thread of the group carries the signal to the group. */
static void it_real_fn(struct timer_list *t)
{
	struct signal_struct *sig = from_timer(sig, t, real_timer);
	struct task_struct *any;
	unsigned long flags;
	u64 now = ktime_get_ns();

	if (now < sig->it_real_expires) {
		it_real_step(sig, now);		/* an intermediate step */
		return;
	}
	spin_lock_irqsave(&tasklist_lock, flags);
	any = list_first_entry_or_null(&sig->thread_head, struct task_struct, thread_node);
	if (any)
		send_sig(SIGALRM, any, 1);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (sig->it_real_incr) {
		/* Periods missed while late are skipped, as Linux's hrtimer_forward. */
		u64 missed = (now - sig->it_real_expires) / sig->it_real_incr;

		sig->it_real_expires += (missed + 1) * sig->it_real_incr;
		it_real_step(sig, now);
	}
}

/* Nanoseconds to the next SIGALRM, 0 if disarmed (never 0 while armed). */
static u64 it_real_remaining(struct signal_struct *sig)
{
	u64 now = ktime_get_ns();

	if (!timer_pending(&sig->real_timer))
		return 0;
	return sig->it_real_expires > now ? sig->it_real_expires - now : NSEC_PER_USEC;
}

static void it_real_arm(struct signal_struct *sig, u64 value, u64 incr)
{
	u64 now = ktime_get_ns();

	sig->it_real_incr = incr;
	if (value) {
		sig->it_real_expires = now + value;
		it_real_step(sig, now);
	} else {
		del_timer_sync(&sig->real_timer);
	}
}

void init_itimers(struct signal_struct *sig)
{
	timer_setup(&sig->real_timer, it_real_fn, 0);
	sig->it_real_incr = 0;
}

void exit_itimers(struct signal_struct *sig)
{
	del_timer_sync(&sig->real_timer);
}

/*
 * Linux's alarm_setitimer: seconds above INT_MAX are clamped (a 32-bit
 * timeval holds no more), and the old alarm is reported rounded to the
 * nearest second but never as 0 while it was pending.
 */
#define ALARM_MAX_SECONDS	0x7fffffffu	/* INT_MAX */
long sys_alarm(unsigned int seconds)
{
	u64 left = it_real_remaining(current->signal);

	if (seconds > ALARM_MAX_SECONDS)
		seconds = ALARM_MAX_SECONDS;
	it_real_arm(current->signal, (u64)seconds * NSEC_PER_SEC, 0);
	if (!left)
		return 0;
	if (left < NSEC_PER_SEC)
		return 1;
	return (unsigned int)((left + NSEC_PER_SEC / 2) / NSEC_PER_SEC);
}

#define ITIMER_REAL 0

/* Linux's timeval_valid: sec >= 0, 0 <= usec < 1e6. */
static bool tv_to_ns(const struct timeval *tv, u64 *ns)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return false;
	*ns = (u64)tv->tv_sec * NSEC_PER_SEC + (u64)tv->tv_usec * NSEC_PER_USEC;
	return true;
}

static void ns_to_tv(u64 ns, struct timeval *tv)
{
	tv->tv_sec = (long)(ns / NSEC_PER_SEC);
	tv->tv_usec = (long)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
}

static void it_real_get(struct signal_struct *sig, struct itimerval *v)
{
	ns_to_tv(it_real_remaining(sig), &v->it_value);
	ns_to_tv(sig->it_real_incr, &v->it_interval);
}

long sys_getitimer(int which, struct itimerval __user *value)
{
	struct itimerval v;

	if (which != ITIMER_REAL)
		return which < 0 || which > 2 ? -EINVAL : -ENOSYS;
	it_real_get(current->signal, &v);
	if (copy_to_user(value, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

long sys_setitimer(int which, const struct itimerval __user *value, struct itimerval __user *ovalue)
{
	struct itimerval nv, ov;
	u64 val, incr;

	if (which != ITIMER_REAL)
		return which < 0 || which > 2 ? -EINVAL : -ENOSYS;
	if (value && copy_from_user(&nv, value, sizeof(nv)))
		return -EFAULT;
	it_real_get(current->signal, &ov);
	if (value) {
		if (!tv_to_ns(&nv.it_value, &val) || !tv_to_ns(&nv.it_interval, &incr))
			return -EINVAL;
		it_real_arm(current->signal, val, incr);
	}
	if (ovalue && copy_to_user(ovalue, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

/*
 * ---- rt_sigtimedwait ----
 * Take a pending signal from `these` (the thread's own first, then the
 * process's) without running its handler. While waiting, these are
 * unblocked so a sender picks and wakes us (Linux's real_blocked trick);
 * the old mask is back before we return. The info is the signal's
 * (si_code, and the sender's pid and uid for kill and tkill).
 */

static long do_sigtimedwait(const kernel_sigset_t __user *uthese, siginfo_t __user *uinfo,
			    const u64 *timeout_ns, size_t sigsetsize)
{
	struct task_struct *p = current;
	kernel_sigset_t these, saved;
	struct ksiginfo ki;
	u64 want, deadline = 0;
	int sig;

	if (sigsetsize != sizeof(kernel_sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	want = set64(&these) & ~UNBLOCKABLE;
	if (timeout_ns)
		deadline = ktime_get_ns() + *timeout_ns;
	sig = dequeue_signal_info(p, want, &ki);
	if (!sig) {
		saved = p->blocked;
		put64(&p->blocked, set64(&p->blocked) & ~want);
		for (;;) {
			long left = MAX_SCHEDULE_TIMEOUT;
			if (timeout_ns) {
				u64 now = ktime_get_ns();
				if (now >= deadline)
					break;
				left = nsecs_to_jiffies_timeout(deadline - now);
			}
			if (signal_pending(p))
				break;
			schedule_timeout_interruptible(left);
		}
		p->blocked = saved;
		sig = dequeue_signal_info(p, want, &ki);
	}
	if (!sig)
		return signal_pending(p) ? -EINTR : -EAGAIN;
	if (uinfo) {
		siginfo_t info;
		ksiginfo_to_user(&info, sig, &ki);
		if (copy_to_user(uinfo, &info, sizeof(info)))
			return -EFAULT;
	}
	return sig;
}

long sys_rt_sigtimedwait(const kernel_sigset_t __user *uthese, siginfo_t __user *uinfo,
			 const struct timespec __user *uts, size_t sigsetsize)
{
	struct timespec ts;
	u64 ns;

	if (!uts)
		return do_sigtimedwait(uthese, uinfo, NULL, sigsetsize);
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	ns = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return do_sigtimedwait(uthese, uinfo, &ns, sigsetsize);
}

long sys_rt_sigtimedwait_time64(const kernel_sigset_t __user *uthese, siginfo_t __user *uinfo,
				const struct __kernel_timespec __user *uts, size_t sigsetsize)
{
	struct __kernel_timespec ts;
	u64 ns;

	if (!uts)
		return do_sigtimedwait(uthese, uinfo, NULL, sigsetsize);
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	ns = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return do_sigtimedwait(uthese, uinfo, &ns, sigsetsize);
}
