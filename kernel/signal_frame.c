/*
 * Signal delivery on the way back to user mode, and the signal frames.
 *
 * exit_to_mode(regs) is the last C the kernel runs before iret to user
 * space: it reschedules if the time slice ran out and delivers pending
 * signals, looping until neither is needed, then returns with interrupts
 * off so nothing new can slip in before iret.
 *
 * Frames follow Linux i386 (arch/x86/kernel/signal_32.c):
 *   sigframe    { pretcode, sig, sigcontext, extramask, retcode[8] }
 *   rt_sigframe { pretcode, sig, &info, &uc, siginfo, ucontext, retcode[8] }
 * pretcode is the handler's return address: sa_restorer if SA_RESTORER,
 * else the retcode bytes in the frame (movl $NR, %eax; int $0x80).
 * sigreturn finds its frame at esp-8, rt_sigreturn at esp-4, because the
 * handler's ret popped pretcode (and plain sigreturn's stub pops sig).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

#define SIGMASK(s)	(1ULL << ((s) - 1))
#define DEFAULT_IGNORE	(SIGMASK(SIGCHLD) | SIGMASK(SIGURG) | SIGMASK(SIGWINCH) | SIGMASK(SIGCONT))


struct sigframe {
	u32 pretcode;
	int sig;
	struct sigcontext sc;
	unsigned long extramask[1];
	char retcode[8];
};

struct rt_sigframe {
	u32 pretcode;
	int sig;
	u32 pinfo;
	u32 puc;
	siginfo_t info;
	struct ucontext uc;
	char retcode[8];
};

#define STOP_SIGNALS	(SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))
void notify_parent_jobctl(struct task_struct *p);

/*
 * Job-control stop: the whole process stops. The thread that took the
 * stop signal marks every thread (stop_sig, which signal_pending counts,
 * so a sleeper's call is interrupted and a runner comes through here on
 * its next return to user mode), reports the stop once for the process,
 * and each thread sleeps in TASK_STOPPED until SIGCONT or SIGKILL clears
 * its stop_sig (kernel/signal.c __send_signal). Other wake-ups (a timer
 * firing) just put it back to sleep.
 */
static void stopped_wait(struct task_struct *p)
{
	unsigned long flags;

	for (;;) {
		local_irq_save(flags);
		if (!p->stop_sig) {
			local_irq_restore(flags);
			break;
		}
		p->state = TASK_STOPPED;
		local_irq_restore(flags);
		schedule();
	}
}

static void do_signal_stop(struct task_struct *p, int sig)
{
	struct task_struct *t, *leader = p->group_leader;
	unsigned long flags;

	local_irq_save(flags);	/* one CPU: the thread list cannot change under us */
	list_for_each_entry(t, &p->signal->thread_head, thread_node) {
		t->stop_sig = sig;
		t->cont_unreported = false;
		if (t != p && t->state == TASK_INTERRUPTIBLE)
			wake_up_process(t);
	}
	leader->stop_sig = sig;		/* wait4(WUNTRACED) looks at the leader */
	leader->stop_unreported = true;
	leader->cont_unreported = false;
	local_irq_restore(flags);
	notify_parent_jobctl(leader);
	stopped_wait(p);
}

static inline u64 set64(const kernel_sigset_t *s) { return s->sig[0] | ((u64)s->sig[1] << 32); }
static inline void put64(kernel_sigset_t *s, u64 v) { s->sig[0] = (u32)v; s->sig[1] = (u32)(v >> 32); }

static void fill_sigcontext(struct sigcontext *sc, struct pt_regs *regs, unsigned long mask)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = regs->gs; sc->fs = regs->fs; sc->es = regs->es; sc->ds = regs->ds;
	sc->edi = regs->di; sc->esi = regs->si; sc->ebp = regs->bp; sc->esp = regs->sp;
	sc->ebx = regs->bx; sc->edx = regs->dx; sc->ecx = regs->cx; sc->eax = regs->ax;
	sc->trapno = 0; sc->err = regs->err; sc->eip = regs->ip; sc->cs = regs->cs;
	sc->eflags = regs->flags; sc->esp_at_signal = regs->sp; sc->ss = regs->ss;
	sc->oldmask = mask;
}

/* A user-supplied selector is kept only if it is null or a ring-3 GDT selector. */
static unsigned long sane_seg(unsigned long sel)
{
	sel &= 0xffff;
	if (sel == 0)
		return 0;
	if ((sel & 7) != 3)	/* GDT, RPL 3 */
		return 0;
	unsigned idx = sel >> 3;
	if (idx == GDT_ENTRY_USER_DS || (idx >= GDT_ENTRY_TLS_MIN && idx < GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES))
		return sel;
	return 0;
}

#define FIX_EFLAGS 0x00040DD5	/* AC OF DF TF SF ZF AF PF CF: what user code may change */

static long restore_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
	regs->gs = sane_seg(sc->gs); regs->fs = sane_seg(sc->fs);
	regs->es = __USER_DS; regs->ds = __USER_DS;
	regs->di = sc->edi; regs->si = sc->esi; regs->bp = sc->ebp; regs->sp = sc->esp;
	regs->bx = sc->ebx; regs->dx = sc->edx; regs->cx = sc->ecx; regs->ax = sc->eax;
	regs->ip = sc->eip;
	regs->cs = __USER_CS; regs->ss = __USER_DS;
	regs->flags = (regs->flags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->orig_ax = -1;	/* no syscall restart after this */
	return regs->ax;
}

long sys_sigreturn(void)
{
	struct pt_regs *regs = current->regs;
	struct sigframe f;
	if (copy_from_user(&f, (void __user *)(regs->sp - 8), sizeof(f))) {
		send_sig(SIGSEGV, current, 1);
		return 0;
	}
	u64 mask = f.sc.oldmask | ((u64)f.extramask[0] << 32);
	put64(&current->blocked, mask & ~(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP)));
	return restore_sigcontext(regs, &f.sc);
}

long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = current->regs;
	struct rt_sigframe __user *uf = (void __user *)(regs->sp - 4);
	struct ucontext uc;
	if (copy_from_user(&uc, &uf->uc, sizeof(uc))) {
		send_sig(SIGSEGV, current, 1);
		return 0;
	}
	put64(&current->blocked, set64(&uc.uc_sigmask) & ~(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP)));
	return restore_sigcontext(regs, &uc.uc_mcontext);
}

static const char rt_retcode[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };	/* movl $173,%eax; int $0x80 */
static const char retcode[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };	/* popl %eax; movl $119,%eax; int $0x80 */

#define SS_ONSTACK	1
#define SS_DISABLE	2
#define MINSIGSTKSZ	2048

static bool on_sig_stack(unsigned long sp)
{
	struct task_struct *p = current;
	return p->sas_ss_size && sp - p->sas_ss_sp < p->sas_ss_size;
}

static int sas_flags(unsigned long sp)
{
	return !current->sas_ss_size ? SS_DISABLE : on_sig_stack(sp) ? SS_ONSTACK : 0;
}

/*
 * sigaltstack(2): the stack SA_ONSTACK handlers run on. It cannot be
 * changed while a handler is running on it (EPERM), and must hold at
 * least MINSIGSTKSZ (ENOMEM), as Linux.
 */
long sys_sigaltstack(const stack_t __user *uss, stack_t __user *uoss)
{
	struct task_struct *p = current;
	unsigned long sp = p->regs->sp;
	stack_t old = { (void *)p->sas_ss_sp, sas_flags(sp), p->sas_ss_size }, n;

	if (uss) {
		if (copy_from_user(&n, uss, sizeof(n)))
			return -EFAULT;
		if (on_sig_stack(sp))
			return -EPERM;
		if (n.ss_flags != 0 && n.ss_flags != SS_DISABLE && n.ss_flags != SS_ONSTACK)
			return -EINVAL;
		if (n.ss_flags == SS_DISABLE) {
			p->sas_ss_sp = p->sas_ss_size = 0;
		} else {
			if (n.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			p->sas_ss_sp = (unsigned long)n.ss_sp;
			p->sas_ss_size = n.ss_size;
		}
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The siginfo a handler or rt_sigtimedwait sees, from what the signal carried. */
void ksiginfo_to_user(siginfo_t *to, int sig, const struct ksiginfo *info)
{
	memset(to, 0, sizeof(*to));
	to->si_signo = sig;
	to->si_code = info->code;
	if (info->code == SI_USER || info->code == SI_TKILL) {
		to->_sifields.kill.pid = info->pid;
		to->_sifields.kill.uid = info->uid;
	} else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
		to->_sifields.fault.addr = (void *)info->addr;
	}
}

static int setup_frame(int sig, const struct ksiginfo *info, struct kernel_sigaction *ka,
		       struct pt_regs *regs, u64 oldmask)
{
	bool rt = ka->sa_flags & SA_SIGINFO;
	size_t size = rt ? sizeof(struct rt_sigframe) : sizeof(struct sigframe);
	unsigned long base = regs->sp;
	struct task_struct *p = current;

	/* SA_ONSTACK: switch to the alternate stack unless we are already on it. */
	if ((ka->sa_flags & SA_ONSTACK) && p->sas_ss_size && !on_sig_stack(base))
		base = p->sas_ss_sp + p->sas_ss_size;
	/* Align so that esp+4 is 16-byte aligned at handler entry, as the i386 ABI wants. */
	unsigned long sp = ((base - size) & ~15UL) - 4;
	u32 ret;

	if (rt) {
		struct rt_sigframe f;
		memset(&f, 0, sizeof(f));
		f.sig = sig;
		f.pinfo = sp + offsetof(struct rt_sigframe, info);
		f.puc = sp + offsetof(struct rt_sigframe, uc);
		ksiginfo_to_user(&f.info, sig, info);
		fill_sigcontext(&f.uc.uc_mcontext, regs, (u32)oldmask);
		f.uc.uc_stack.ss_sp = (void *)p->sas_ss_sp;
		f.uc.uc_stack.ss_size = p->sas_ss_size;
		f.uc.uc_stack.ss_flags = sas_flags(regs->sp);
		put64(&f.uc.uc_sigmask, oldmask);
		memcpy(f.retcode, rt_retcode, sizeof(f.retcode));
		ret = ka->sa_flags & SA_RESTORER ? (u32)ka->sa_restorer : sp + offsetof(struct rt_sigframe, retcode);
		f.pretcode = ret;
		if (copy_to_user((void __user *)sp, &f, sizeof(f)))
			return -EFAULT;
		regs->dx = f.pinfo;
		regs->cx = f.puc;
	} else {
		struct sigframe f;
		memset(&f, 0, sizeof(f));
		f.sig = sig;
		fill_sigcontext(&f.sc, regs, (u32)oldmask);
		f.extramask[0] = (u32)(oldmask >> 32);
		memcpy(f.retcode, retcode, sizeof(f.retcode));
		ret = ka->sa_flags & SA_RESTORER ? (u32)ka->sa_restorer : sp + offsetof(struct sigframe, retcode);
		f.pretcode = ret;
		if (copy_to_user((void __user *)sp, &f, sizeof(f)))
			return -EFAULT;
	}
	regs->sp = sp;
	regs->ip = (unsigned long)ka->sa_handler;
	regs->ax = sig;
	regs->cs = __USER_CS;
	regs->ds = regs->es = regs->ss = __USER_DS;
	regs->flags &= ~0x100;	/* TF */
	return 0;
}

/* Fix up a syscall's return for the handler about to run (or for a restart). */
static void syscall_restart(struct pt_regs *regs, struct kernel_sigaction *ka)
{
	if ((long)regs->orig_ax < 0)
		return;
	switch ((long)regs->ax) {
	case -ERESTARTNOHAND:
		if (ka) { regs->ax = -EINTR; break; }
		goto restart;
	case -ERESTARTSYS:
		if (ka && !(ka->sa_flags & SA_RESTART)) { regs->ax = -EINTR; break; }
		goto restart;
	case -ERESTARTNOINTR:
	restart:
		regs->ax = regs->orig_ax;
		regs->ip -= 2;	/* back over int $0x80 */
		break;
	}
}

/* The thread's own signals first, then the process's (Linux's dequeue_signal). */
static int dequeue_signal(struct task_struct *p, struct ksiginfo *info)
{
	u64 allowed = ~(set64(&p->blocked) & ~(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP)));

	return dequeue_signal_info(p, allowed, info);
}

static void do_signal(struct pt_regs *regs)
{
	struct task_struct *p = current;
	struct ksiginfo info;
	int sig;

	if (p->stop_sig)
		stopped_wait(p);	/* another thread stopped the process */
	while ((sig = dequeue_signal(p, &info))) {
		struct kernel_sigaction *ka = &p->sighand->action[sig - 1];
		if (ka->sa_handler == SIG_IGN)
			continue;
		if (ka->sa_handler == SIG_DFL) {
			if ((STOP_SIGNALS & SIGMASK(sig)) && p->pid != 1) {
				do_signal_stop(p, sig);
				continue;
			}
			if (DEFAULT_IGNORE & SIGMASK(sig))
				continue;
			if (p->unkillable)	/* init, unless a fault forced this signal */
				continue;
			do_group_exit(sig);	/* wait4 sees WIFSIGNALED with WTERMSIG == sig */
		}
		u64 oldmask = p->restore_sigmask ? set64(&p->saved_sigmask) : set64(&p->blocked);
		p->restore_sigmask = false;
		syscall_restart(regs, ka);
		if (setup_frame(sig, &info, ka, regs, oldmask)) {
			force_sigsegv(sig);
			continue;
		}
		u64 b = set64(&p->blocked) | set64(&ka->sa_mask);
		if (!(ka->sa_flags & SA_NODEFER))
			b |= SIGMASK(sig);
		put64(&p->blocked, b & ~(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP)));
		if (ka->sa_flags & SA_RESETHAND)
			ka->sa_handler = SIG_DFL;
		regs->orig_ax = -1;
		return;
	}
	/* No handler ran: restart an interrupted call transparently. */
	syscall_restart(regs, NULL);
	regs->orig_ax = -1;
	if (p->restore_sigmask) {
		p->restore_sigmask = false;
		p->blocked = p->saved_sigmask;
	}
}

void schedule(void);

void exit_to_mode(struct pt_regs *regs)
{
	if (!user_mode(regs))
		return;
	for (;;) {
		local_irq_disable();
		bool resched = need_resched, sig = signal_pending(current);
		bool restart = (long)regs->orig_ax >= 0 &&
			       ((long)regs->ax == -ERESTARTSYS || (long)regs->ax == -ERESTARTNOHAND ||
				(long)regs->ax == -ERESTARTNOINTR);
		if (!resched && !sig && !restart)
			break;
		local_irq_enable();
		if (resched)
			schedule();
		if (sig || restart)
			do_signal(regs);
	}
}
