/*
 * Futexes: sleeping on a 32-bit word of user memory until another thread
 * says it changed (futex(2), what every pthread mutex, condition variable
 * and pthread_join sleeps on).
 *
 * A waiter is a futex_q on its own kernel stack, queued in the hash
 * bucket of its key (Linux's get_futex_key):
 *   private (FUTEX_PRIVATE_FLAG), or memory only this mm maps:
 *	(mm, user address): every thread of the process meets there;
 *   shared, on a MAP_SHARED page (kernel/mm/shmem.c):
 *	(shmem object, byte offset in it): processes that map the object,
 *	at any address, meet there (a FUTEX_WAKE after fork wakes the
 *	parent's FUTEX_WAIT).
 * A sleeper holds a reference on the object it is keyed on, so the key
 * cannot be reused under it; a waker holds none (it does not sleep
 * between making its key and matching it).
 *
 * No lost wake-ups: FUTEX_WAIT reads the word and queues itself under the
 * bucket lock, and sets its state to sleeping before it lets the lock go;
 * a waker changes the word first and then takes the same lock to find
 * waiters. So either the waiter sees the new value (EAGAIN) or the waker
 * sees the waiter (and its wake_up_process turns the coming schedule()
 * into a no-op).
 *
 * Bounded: one futex_q per sleeping task, so at most max_threads in all.
 *
 * Supported: WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET,
 * WAKE_BITSET, with FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME; the
 * priority-inheritance operations answer -ENOSYS. A signal ends a wait
 * without a timeout with -ERESTARTSYS (restarted under SA_RESTART, as
 * Linux); one with a timeout with -EINTR (Linux would restart it after a
 * handler-less stop; there is no restart_block here).
 *
 * Lock legend: each bucket's lock guards its chain and the key/hb of the
 * futex_qs on it; requeue takes two in address order. Never taken in IRQ
 * context. Inside: rq_lock (wake_up_process).
 *
 * Robust futexes: a dying or exec'ing thread walks its set_robust_list
 * list and marks every lock word still holding its tid FUTEX_OWNER_DIED,
 * waking one waiter (shared key) if the word says there are waiters
 * (exit_robust_list, from kernel/exit.c mm_release_futexes).
 *
 * Neighbours: kernel/exit.c (CLONE_CHILD_CLEARTID wake, robust list),
 * kernel/sys.c (set_robust_list), docs/threads.md.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/jiffies.h>
#include <linux/mm_types.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

#define FUTEX_HASH_BITS		6	/* 64 buckets: a handful of waiters each at max_threads */

struct futex_key {
	void *base;			/* the mm (private), or the shmem_object (shared) */
	unsigned long offset;		/* the user address, or the offset in the object */
	struct shmem_object *shm;	/* shared: the object again (for its reference) */
};

struct futex_hash_bucket {
	spinlock_t lock;
	struct list_head chain;		/* lock: the futex_qs waiting on keys hashing here */
};

struct futex_q {
	struct list_head list;		/* in hb->chain while queued */
	struct futex_hash_bucket *hb;	/* hb->lock: where we are queued (requeue moves us) */
	struct futex_key key;		/* hb->lock */
	struct task_struct *task;
	u32 bitset;
	bool woken;			/* hb->lock: a waker dequeued us */
};

static struct futex_hash_bucket futex_queues[1 << FUTEX_HASH_BITS];

/* Counters, for /proc and the tests' curiosity. */
unsigned long futex_waits, futex_wakes, futex_timeouts;

void futex_init(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(futex_queues); i++) {
		spin_lock_init(&futex_queues[i].lock);
		INIT_LIST_HEAD(&futex_queues[i].chain);
	}
}

static struct futex_hash_bucket *hash_futex(const struct futex_key *k)
{
	u32 h = ((u32)k->offset >> 2) ^ ((u32)(unsigned long)k->base >> 6);
	h *= 0x9e3779b1u;	/* golden-ratio multiplicative hash */
	return &futex_queues[h >> (32 - FUTEX_HASH_BITS)];
}

/* No reference is taken: a sleeper takes one with futex_key_get. */
static int get_futex_key(u32 __user *uaddr, bool private, struct futex_key *k)
{
	unsigned long addr = (unsigned long)uaddr;
	struct vm_area_struct *v;

	if (addr & 3)
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	k->base = current->mm;
	k->offset = addr;
	k->shm = NULL;
	if (private)
		return 0;
	v = find_vma(current->mm, addr);
	if (v && v->vm_shm) {
		k->shm = v->vm_shm;
		k->base = v->vm_shm;
		k->offset = ((v->vm_pgoff << PAGE_SHIFT) + (addr - v->vm_start));
	}
	return 0;
}

static void futex_key_get(struct futex_key *k)
{
	if (k->shm)
		shmem_get(k->shm);
}

static void futex_key_put(struct futex_key *k)
{
	if (k->shm)
		shmem_put(k->shm);
}

static bool match_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->base == b->base && a->offset == b->offset;
}

/* Caller holds q->hb->lock. q may vanish (its owner returns) once this is done. */
static void wake_futex(struct futex_q *q)
{
	struct task_struct *t = q->task;

	list_del_init(&q->list);
	WRITE_ONCE(q->woken, true);
	wake_up_process(t);
	futex_wakes++;
}

/*
 * Wait while *uaddr == val, until woken, the monotonic deadline passes
 * (0: none) or a signal comes.
 */
static long futex_wait(u32 __user *uaddr, bool private, u32 val, u64 deadline, u32 bitset)
{
	struct futex_q q;
	struct futex_hash_bucket *hb;
	u32 uval;
	long ret;

	if (!bitset)
		return -EINVAL;
	ret = get_futex_key(uaddr, private, &q.key);
	if (ret)
		return ret;
	/* Fault the page in now: under the bucket lock the read must not sleep. */
	if (get_user(uval, uaddr))
		return -EFAULT;
	futex_key_get(&q.key);		/* ours while we sleep (requeue swaps it) */
	hb = hash_futex(&q.key);
	q.hb = hb;
	q.task = current;
	q.bitset = bitset;
	q.woken = false;

	spin_lock(&hb->lock);
	ret = -EFAULT;
	if (get_user(uval, uaddr))
		goto out_unlock;
	ret = -EAGAIN;
	if (uval != val)
		goto out_unlock;
	list_add_tail(&q.list, &hb->chain);
	set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock(&hb->lock);
	futex_waits++;

	for (;;) {
		long left = MAX_SCHEDULE_TIMEOUT;

		if (READ_ONCE(q.woken) || signal_pending(current))
			break;
		if (deadline) {
			u64 now = ktime_get_ns();
			if (now >= deadline)
				break;
			left = nsecs_to_jiffies_timeout(deadline - now);
		}
		schedule_timeout(left);
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);

	/* Unqueue unless a waker did; a wake wins over a timeout or signal. */
	hb = q.hb;
	spin_lock(&hb->lock);
	if (!q.woken)
		list_del_init(&q.list);
	spin_unlock(&hb->lock);
	if (q.woken) {
		ret = 0;
	} else if (signal_pending(current)) {
		ret = deadline ? -EINTR : -ERESTARTSYS;
	} else {
		futex_timeouts++;
		ret = -ETIMEDOUT;
	}
	futex_key_put(&q.key);
	return ret;

out_unlock:
	spin_unlock(&hb->lock);
	futex_key_put(&q.key);
	return ret;
}

/* Wake up to nr waiters on uaddr whose bitset meets bitset; returns how many. */
int futex_wake(u32 __user *uaddr, bool private, int nr, u32 bitset)
{
	struct futex_key key;
	struct futex_hash_bucket *hb;
	struct futex_q *q, *n;
	int woken = 0, ret;

	if (!bitset)
		return -EINVAL;
	ret = get_futex_key(uaddr, private, &key);
	if (ret)
		return ret;
	hb = hash_futex(&key);
	spin_lock(&hb->lock);
	list_for_each_entry_safe(q, n, &hb->chain, list) {
		if (woken >= nr)
			break;
		if (match_key(&q->key, &key) && (q->bitset & bitset)) {
			wake_futex(q);
			woken++;
		}
	}
	spin_unlock(&hb->lock);
	return woken;
}

static void double_lock(struct futex_hash_bucket *a, struct futex_hash_bucket *b)
{
	if (a > b) {
		struct futex_hash_bucket *t = a;
		a = b;
		b = t;
	}
	spin_lock(&a->lock);
	if (a != b)
		spin_lock(&b->lock);
}

static void double_unlock(struct futex_hash_bucket *a, struct futex_hash_bucket *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

/*
 * Wake nr_wake waiters on uaddr1 and move up to nr_requeue of the rest to
 * uaddr2 (a condition variable's broadcast hands them to the mutex rather
 * than stampeding). With cmpval (CMP_REQUEUE), only if *uaddr1 still holds it.
 */
static long futex_requeue(u32 __user *uaddr1, u32 __user *uaddr2, bool private, int nr_wake,
			  int nr_requeue, const u32 *cmpval)
{
	struct futex_key key1, key2;
	struct futex_hash_bucket *hb1, *hb2;
	struct futex_q *q, *n;
	int woken = 0, moved = 0;
	long ret;
	u32 uval;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	ret = get_futex_key(uaddr1, private, &key1);
	if (!ret)
		ret = get_futex_key(uaddr2, private, &key2);
	if (ret)
		return ret;
	if (cmpval && get_user(uval, uaddr1))
		return -EFAULT;
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	double_lock(hb1, hb2);
	if (cmpval) {
		if (get_user(uval, uaddr1)) {
			ret = -EFAULT;
			goto out;
		}
		if (uval != *cmpval) {
			ret = -EAGAIN;
			goto out;
		}
	}
	list_for_each_entry_safe(q, n, &hb1->chain, list) {
		if (!match_key(&q->key, &key1))
			continue;
		if (woken < nr_wake) {
			wake_futex(q);
			woken++;
		} else if (moved < nr_requeue) {
			list_del(&q->list);
			list_add_tail(&q->list, &hb2->chain);
			q->hb = hb2;
			/* The sleeper's reference follows it: key1's is not the
			 * last (key1's VMA is still mapped in our mm). */
			futex_key_get(&key2);
			futex_key_put(&q->key);
			q->key = key2;
			moved++;
		} else {
			break;
		}
	}
	ret = woken + moved;
out:
	double_unlock(hb1, hb2);
	return ret;
}

/*
 * FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake nr_wake on uaddr1 and,
 * if the old *uaddr2 compared true against cmparg, nr_wake2 on uaddr2.
 * The read-modify-write is atomic: nothing else runs in the kernel
 * meanwhile (one CPU, no preemption), and both buckets are held.
 */
static long futex_wake_op(u32 __user *uaddr1, u32 __user *uaddr2, bool private, int nr_wake,
			  int nr_wake2, u32 encoded)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	struct futex_key key1, key2;
	struct futex_hash_bucket *hb1, *hb2;
	struct futex_q *q, *n;
	u32 oldval, newval;
	bool cond;
	int woken = 0;
	long ret;

	if (encoded & (8u << 28))	/* FUTEX_OP_OPARG_SHIFT */
		oparg = 1 << (oparg & 31);
	if (op > 4 || cmp > 5)
		return -ENOSYS;
	ret = get_futex_key(uaddr1, private, &key1);
	if (!ret)
		ret = get_futex_key(uaddr2, private, &key2);
	if (ret)
		return ret;
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	/* Fault uaddr2 in (for writing too) before the locks. */
	if (get_user(oldval, uaddr2) || put_user(oldval, uaddr2))
		return -EFAULT;
	double_lock(hb1, hb2);
	if (get_user(oldval, uaddr2)) {
		ret = -EFAULT;
		goto out;
	}
	switch (op) {
	case 0: newval = oparg; break;				/* SET */
	case 1: newval = oldval + oparg; break;			/* ADD */
	case 2: newval = oldval | oparg; break;			/* OR */
	case 3: newval = oldval & ~oparg; break;		/* ANDN */
	default: newval = oldval ^ oparg; break;		/* XOR */
	}
	if (put_user(newval, uaddr2)) {
		ret = -EFAULT;
		goto out;
	}
	switch (cmp) {
	case 0: cond = (int)oldval == cmparg; break;
	case 1: cond = (int)oldval != cmparg; break;
	case 2: cond = (int)oldval < cmparg; break;
	case 3: cond = (int)oldval <= cmparg; break;
	case 4: cond = (int)oldval > cmparg; break;
	default: cond = (int)oldval >= cmparg; break;
	}
	list_for_each_entry_safe(q, n, &hb1->chain, list) {
		if (woken >= nr_wake)
			break;
		if (match_key(&q->key, &key1)) {
			wake_futex(q);
			woken++;
		}
	}
	if (cond) {
		int woken2 = 0;
		list_for_each_entry_safe(q, n, &hb2->chain, list) {
			if (woken2 >= nr_wake2)
				break;
			if (match_key(&q->key, &key2)) {
				wake_futex(q);
				woken2++;
			}
		}
		woken += woken2;
	}
	ret = woken;
out:
	double_unlock(hb1, hb2);
	return ret;
}

/*
 * The timeout, already in nanoseconds (have_timeout false: none): relative
 * for FUTEX_WAIT, an absolute time on the chosen clock for WAIT_BITSET.
 * Returns the monotonic deadline (never 0 when there is a timeout).
 */
static u64 futex_deadline(int cmd, bool realtime, u64 ns)
{
	u64 mono = ktime_get_ns();

	if (cmd == FUTEX_WAIT)
		return mono + ns + 1;
	u64 now = realtime ? ktime_get_real_ns() : mono;
	return ns > now ? mono + (ns - now) : 1;	/* 1: already past */
}

static long do_futex(u32 __user *uaddr, int op, u32 val, const u64 *timeout_ns, u32 val2,
		     u32 __user *uaddr2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	bool private = op & FUTEX_PRIVATE_FLAG;
	u64 deadline = 0;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		__attribute__((fallthrough));
	case FUTEX_WAIT_BITSET:
		if (timeout_ns)
			deadline = futex_deadline(cmd, realtime, *timeout_ns);
		return futex_wait(uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		__attribute__((fallthrough));
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)val2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, (int)val, (int)val2, val3);
	default:
		return -ENOSYS;		/* FUTEX_FD (gone from Linux too), the PI operations */
	}
}

static bool futex_cmd_has_timeout(int op)
{
	int cmd = op & FUTEX_CMD_MASK;
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET;
}

/* Linux's timespec64_valid, plus a clamp: seconds past 2^31 are "forever" in practice. */
static int timeout_ns(s64 sec, s64 nsec, u64 *ns)
{
	if (sec < 0 || nsec < 0 || nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	if (sec > 0x7fffffff)
		sec = 0x7fffffff;
	*ns = (u64)sec * NSEC_PER_SEC + (u64)nsec;
	return 0;
}

/* futex(2): the 4th argument is a timeout for the waits, a count (val2) otherwise. */
long sys_futex(u32 __user *uaddr, int op, u32 val, const struct timespec __user *utime,
	       u32 __user *uaddr2, u32 val3)
{
	u64 ns;

	if (utime && futex_cmd_has_timeout(op)) {
		struct timespec ts;
		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		int err = timeout_ns(ts.tv_sec, ts.tv_nsec, &ns);
		if (err)
			return err;
		return do_futex(uaddr, op, val, &ns, 0, uaddr2, val3);
	}
	return do_futex(uaddr, op, val, NULL, (u32)(unsigned long)utime, uaddr2, val3);
}

/* futex_time64 (i386 422): the same with a 64-bit timespec, what glibc 2.32+ calls. */
long sys_futex_time64(u32 __user *uaddr, int op, u32 val,
		      const struct __kernel_timespec __user *utime, u32 __user *uaddr2, u32 val3)
{
	u64 ns;

	if (utime && futex_cmd_has_timeout(op)) {
		struct __kernel_timespec ts;
		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		int err = timeout_ns(ts.tv_sec, ts.tv_nsec, &ns);
		if (err)
			return err;
		return do_futex(uaddr, op, val, &ns, 0, uaddr2, val3);
	}
	return do_futex(uaddr, op, val, NULL, (u32)(unsigned long)utime, uaddr2, val3);
}

/* ---- robust futexes (Linux's exit_robust_list, without the PI cases) ---- */

#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu
#define ROBUST_LIST_LIMIT	2048	/* a looping user list ends here */

/* i386 struct robust_list_head: { next, futex_offset, list_op_pending } */
struct robust_list_head32 {
	u32 next;
	s32 futex_offset;
	u32 list_op_pending;
};

/* The lock word at uaddr still names p as owner: mark it, wake a waiter. */
static void handle_futex_death(u32 __user *uaddr, struct task_struct *p)
{
	u32 uval;

	if ((unsigned long)uaddr & 3 || get_user(uval, uaddr))
		return;
	if ((uval & FUTEX_TID_MASK) != (u32)p->pid)
		return;
	if (put_user((uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED, uaddr))
		return;
	if (uval & FUTEX_WAITERS)
		futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);	/* shared, as Linux */
}

/* Called by do_exit while the thread's address space is still its own. */
void exit_robust_list(struct task_struct *p)
{
	struct robust_list_head32 __user *head = p->robust_list;
	struct robust_list_head32 h;
	u32 entry, next;
	int limit = ROBUST_LIST_LIMIT;

	p->robust_list = NULL;		/* exec: the new program starts without one */
	if (!head || copy_from_user(&h, head, sizeof(h)))
		return;
	entry = h.next;
	/* Entries are addresses with bit 0 the PI flag; the list ends back at the head. */
	while (entry != (u32)(unsigned long)head && limit--) {
		if (get_user(next, (u32 __user *)(unsigned long)(entry & ~1u)))
			return;
		if (entry != h.list_op_pending)
			handle_futex_death((u32 __user *)(unsigned long)((entry & ~1u) + h.futex_offset), p);
		entry = next;
	}
	if (h.list_op_pending)
		handle_futex_death((u32 __user *)(unsigned long)((h.list_op_pending & ~1u) +
								  h.futex_offset), p);
}
