/*
 * Tasks and the scheduler. A task_struct is one thread of execution: a
 * kernel thread (mm == NULL) or a thread of a user process. A process is
 * a thread group: the tasks sharing one signal_struct, led by the task
 * whose pid is the group's tgid (docs/threads.md). Implementation:
 * kernel/sched.c (run queue, schedule, switch_to), kernel/fork.c,
 * kernel/exit.c, kernel/exec.c, kernel/signal.c, kernel/futex.c.
 *
 * Locking: the task list, parent/child links and thread lists are guarded
 * by tasklist_lock (irqsave). A task's own fields are touched only by
 * itself, except state/pending signals, which wakers change under the
 * run-queue lock / with interrupts off (one CPU, no kernel preemption).
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include "wait.h"
#include "atomic.h"
#include "timer.h"
#include "../uapi/signal.h"
#include "../uapi/misc.h"

#define TASK_COMM_LEN	16
#define NGROUPS_SMALL	32	/* supplementary groups a task may have: more is EINVAL */
#define EXIT_ZOMBIE	0x0020
#define EXIT_DEAD	0x0010
#define TASK_STOPPED	0x0004
#define TASK_DEAD	0x0080

#define PID_MAX_DEFAULT	32768
#define THREAD_SIZE	8192		/* kernel stack: 2 pages + 1 unmapped guard page below */

struct mm_struct;
struct files_struct;
struct fs_struct;
struct pt_regs;

struct sighand_struct {
	refcount_t count;		/* tasks sharing these handlers (CLONE_SIGHAND) */
	struct kernel_sigaction action[_NSIG];
};

/*
 * What the threads of one process share besides mm, files and handlers
 * (Linux's signal_struct): the process-directed pending set and the
 * group's fate. Freed with the last task_struct pointing at it.
 */
/*
 * What a pending signal will tell its SA_SIGINFO handler (and
 * rt_sigtimedwait): Linux's kernel_siginfo, cut down. As for Linux's
 * standard signals, a signal already pending keeps the first sender's.
 */
struct ksiginfo {
	int code;			/* SI_USER (kill), SI_TKILL, SI_KERNEL, SEGV_* */
	pid_t pid;			/* SI_USER, SI_TKILL: the sender's tgid */
	uid_t uid;			/* and its real uid */
	unsigned long addr;		/* faults: the address */
};

struct signal_struct {
	refcount_t count;		/* task_structs pointing here (zombies included) */
	int nr_threads;			/* tasklist_lock: threads not yet exited */
	struct list_head thread_head;	/* tasklist_lock: live threads, via thread_node */
	kernel_sigset_t shared_pending;	/* kill(), not tkill(): any thread may take it */
	struct ksiginfo shared_info[_NSIG];	/* each pending signal's info (irqs off) */
	bool group_exit;		/* exit_group or a fatal signal: every thread dies */
	int group_exit_code;		/* the wait4 status they all report */
	struct task_struct *group_exec_task;	/* exec waiting for the others to die */
	/* alarm(2) / ITIMER_REAL belong to the process, as Linux's: any
	 * thread's alarm() replaces the group's, SIGALRM is process-directed,
	 * the timer survives exec and the exit of any thread but the last. */
	struct timer_list real_timer;	/* sends SIGALRM (kernel/signal.c it_real_fn) */
	u64 it_real_expires;		/* next SIGALRM, ktime_get_ns() time (while pending) */
	u64 it_real_incr;		/* interval, ns (0 = one shot) */
};

/* Saved register state of a task not running (kernel/switch_to.S). */
struct thread_struct {
	unsigned long sp;		/* kernel esp at switch time */
	unsigned long sp0;		/* top of kernel stack, loaded into TSS.esp0 */
	struct user_desc_raw { u32 a, b; } tls[3];	/* GDT TLS entries (set_thread_area) */
	u8 fpu[512] __aligned(16);	/* fxsave area */
	bool fpu_valid;
};

struct task_struct {
	volatile long state;		/* TASK_RUNNING, TASK_INTERRUPTIBLE, ... */
	unsigned long flags;		/* PF_* */
	int exit_state;			/* EXIT_ZOMBIE / EXIT_DEAD */
	int exit_code;			/* wait4 status word */
	pid_t pid;			/* this thread's id (gettid) */
	pid_t tgid;			/* the process id: the group leader's pid (getpid) */
	int exit_signal;		/* sent to the parent at exit (clone's CSIGNAL); -1: a thread */
	pid_t pgrp, session;
	char comm[TASK_COMM_LEN];

	struct task_struct *parent;	/* reaps us; init after our parent exits. A
					 * thread's is its leader's (only leaders are reaped) */
	struct task_struct *group_leader;	/* the thread whose pid is our tgid */
	struct list_head thread_node;	/* in signal->thread_head while alive */
	struct list_head children;	/* our children (tasklist_lock); only a
					 * leader has any: a thread's fork is the process's */
	struct list_head sibling;	/* in parent->children */
	struct list_head tasks;		/* in the global task list */
	struct list_head run_list;	/* in the run queue while runnable */
	wait_queue_head_t wait_chldexit;/* wait4 sleeps here */

	struct mm_struct *mm;		/* NULL for kernel threads */
	struct files_struct *files;
	struct fs_struct *fs;		/* cwd, root, umask */
	struct sighand_struct *sighand;
	struct signal_struct *signal;
	kernel_sigset_t blocked;
	kernel_sigset_t pending;	/* thread-directed: tkill, tgkill, faults */
	struct ksiginfo pending_info[_NSIG];	/* each pending signal's info (irqs off) */
	unsigned long sas_ss_sp;	/* sigaltstack; sas_ss_size 0 = none */
	unsigned long sas_ss_size;
	kernel_sigset_t saved_sigmask;	/* rt_sigsuspend / ppoll restore this on return */
	bool restore_sigmask;

	void *stack;			/* base of the kernel stack mapping */
	struct thread_struct thread;
	struct pt_regs *regs;		/* user frame at the top of the kernel stack */
	unsigned long stack_hwm;	/* deepest use seen, bytes (/proc) */

	int (*kthread_fn)(void *);
	void *kthread_arg;

	u32 __user *clear_child_tid;	/* set_tid_address / CLONE_CHILD_CLEARTID: zeroed at exit */
	u32 __user *set_child_tid;	/* CLONE_CHILD_SETTID: our pid, written on first return */
	void __user *robust_list;	/* set_robust_list: kept for get_robust_list */
	unsigned long utime, stime;	/* ticks */
	unsigned long start_time;	/* jiffies */
	unsigned long sleep_timeout;	/* jiffies deadline while in schedule_timeout */
	/* Scheduling class (kernel/sched.c): rq_lock. */
	int policy;			/* SCHED_OTHER/BATCH/IDLE, or real-time SCHED_FIFO/RR */
	int rt_priority;		/* 1..99 for FIFO/RR (higher runs first), else 0 */
	bool sched_reset_on_fork;	/* children start as SCHED_OTHER */
	bool rt_requeue;		/* RR slice spent or sched_yield: to the tail */
	unsigned long nvcsw, nivcsw;	/* switches away asleep / still runnable (/proc status) */
	struct rlimit rlim[RLIM_NLIMITS];
	uid_t uid, euid; gid_t gid, egid;
	int ngroups;			/* supplementary groups (setgroups), inherited */
	gid_t groups[NGROUPS_SMALL];
	int pdeath_signal;
	bool unkillable;		/* init: default-fatal signals are ignored, except a
					 * forced fault (Linux's SIGNAL_UNKILLABLE) */
	int stop_sig;			/* job control: the signal that stopped us (0 = running) */
	bool stop_unreported;		/* wait4(WUNTRACED) has not seen this stop yet */
	bool cont_unreported;		/* wait4(WCONTINUED) has not seen the SIGCONT yet */
};

#define PF_KTHREAD	0x00200000
#define PF_EXITING	0x00000004

extern struct task_struct *current_task;
static inline struct task_struct *__get_current(void) { return current_task; }
#define current __get_current()

extern struct list_head task_list;	/* every task, tasklist_lock */
extern spinlock_t tasklist_lock;
extern struct task_struct *init_task_ptr;	/* pid 1 */
#define for_each_process(p) list_for_each_entry(p, &task_list, tasks)
struct task_struct *find_task_by_pid(pid_t pid);	/* caller holds tasklist_lock */
int nr_processes(void);
bool in_group_p(gid_t gid);		/* the effective gid or a supplementary group */

/* /proc/stat's cpu line and /proc/loadavg (kernel/sched.c keeps them, kernel/fs/proc_stat.c prints). */
enum cpu_usage_stat { CPUTIME_USER, CPUTIME_NICE, CPUTIME_SYSTEM, CPUTIME_SOFTIRQ, CPUTIME_IRQ,
		      CPUTIME_IDLE, CPUTIME_IOWAIT, NR_STATS };
extern u64 kcpustat[NR_STATS];		/* ticks (HZ) */
#define FSHIFT		11		/* bits of precision of avenrun */
#define FIXED_1		(1 << FSHIFT)
#define LOAD_FREQ	(5 * HZ + 1)	/* 5 s, not a multiple of common timer periods */
#define EXP_1		1884		/* 1/exp(5s/1min) in fixed point */
#define EXP_5		2014		/* 1/exp(5s/5min) */
#define EXP_15		2037		/* 1/exp(5s/15min) */
extern unsigned long avenrun[3];	/* FSHIFT fixed point */
extern unsigned long total_forks;	/* kernel/fork.c: processes and threads created since boot */
void nr_active(int *running, int *blocked);
pid_t last_pid_allocated(void);
const char *task_state_name(long state);	/* "R (running)", "S (sleeping)", ... */
char task_state_char(const struct task_struct *p);	/* R S D Z T, as /proc/<pid>/stat */

void schedule(void);
void yield(void);
bool wake_up_process(struct task_struct *p);
#define set_current_state(s)	WRITE_ONCE(current->state, (s))
#define __set_current_state(s)	(current->state = (s))
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
void msleep(unsigned int ms);

struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name);
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);

/* Signals (kernel/signal.c). */
static inline bool sigismember_k(const kernel_sigset_t *s, int sig)
{
	return s->sig[(sig - 1) / 32] & (1UL << ((sig - 1) % 32));
}
bool signal_pending(struct task_struct *p);	/* a deliverable (unblocked) signal is pending */
int send_sig(int sig, struct task_struct *p, int priv);	/* to p's process */
int send_sig_thread(int sig, struct task_struct *p);	/* to p only (tkill) */
int dequeue_signal_info(struct task_struct *p, u64 allowed, struct ksiginfo *info);
void ksiginfo_to_user(siginfo_t *to, int sig, const struct ksiginfo *info);	/* signal_frame.c */
void init_itimers(struct signal_struct *sig);	/* a new process: no alarm */
void exit_itimers(struct signal_struct *sig);	/* its last thread is gone */
void zap_other_threads(struct task_struct *p);	/* SIGKILL every other thread */
extern volatile bool need_resched;	/* kernel/sched.c: a wakeup wants the CPU soon */
void force_sig_fault(int sig, int code, unsigned long addr);
void force_sigsegv(int sig);	/* a signal frame could not be built for sig */
int kill_pid(pid_t pid, int sig);
int kill_pgrp(pid_t pgrp, int sig);
bool pgrp_is_orphaned(pid_t pgrp);

__noreturn void do_exit(int code);		/* this thread */
__noreturn void do_group_exit(int code);	/* every thread of the process */
int de_thread(struct task_struct *p);		/* exec: become the only thread */

static inline bool thread_group_leader(const struct task_struct *p)
{
	return p->group_leader == p;
}

/* Futexes (kernel/futex.c). */
int futex_wake(u32 __user *uaddr, bool private, int nr, u32 bitset);
void exit_robust_list(struct task_struct *p);	/* mark the dying thread's robust locks */
void mm_release_futexes(struct task_struct *p);	/* exit or exec: robust list, CLEARTID */

#endif
