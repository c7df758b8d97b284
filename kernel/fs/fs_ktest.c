/*
 * In-kernel self-tests of the VFS through its kernel-side entry points
 * (filp_open, kernel_read/kernel_write, the vfs_*_path helpers,
 * proc_create_single). Boot with `ktest` (or ktest=NAME) to run them.
 * The system-call surface is tested from user space (user/tests/).
 */
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/ktest.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

KTEST(fs_initramfs_init_is_elf)
{
	struct file *f = filp_open("/bin/init", O_RDONLY, 0);
	char magic[4];
	loff_t pos = 0;

	KT_ASSERT(!IS_ERR(f));
	KT_EXPECT_EQ(kernel_read(f, magic, 4, &pos), 4);
	KT_EXPECT(!memcmp(magic, "\177ELF", 4));
	KT_EXPECT(S_ISREG(f->f_inode->i_mode));
	fput(f);
}

KTEST(fs_ramfs_write_read_truncate)
{
	static const char text[] = "sockeye ramfs\n";
	struct file *f = filp_open("/tmp/ktest_file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *buf = kmalloc(3 * 4096, GFP_KERNEL);
	loff_t pos = 5000;		/* leave a hole: it must read as zeros */

	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT(buf);
	KT_EXPECT_EQ(kernel_write(f, text, sizeof(text), &pos), sizeof(text));
	KT_EXPECT_EQ(f->f_inode->i_size, 5000 + sizeof(text));
	pos = 0;
	KT_EXPECT_EQ(kernel_read(f, buf, 3 * 4096, &pos), 5000 + sizeof(text));
	KT_EXPECT(buf[0] == 0 && buf[4999] == 0);
	KT_EXPECT(!memcmp(buf + 5000, text, sizeof(text)));
	KT_EXPECT_EQ(vfs_truncate(f->f_inode, 10), 0);
	pos = 0;
	KT_EXPECT_EQ(kernel_read(f, buf, 100, &pos), 10);
	/* Unlinked while open: the data stays readable until the last fput. */
	KT_EXPECT_EQ(vfs_remove_path("/tmp/ktest_file", false), 0);
	pos = 0;
	KT_EXPECT_EQ(kernel_read(f, buf, 100, &pos), 10);
	fput(f);
	kfree(buf);
}

KTEST(fs_namei_mkdir_symlink_dotdot)
{
	struct dentry *d;

	KT_EXPECT_EQ(vfs_mkdir_path("/tmp/ktd", 0755), 0);
	KT_EXPECT_EQ(vfs_mkdir_path("/tmp/ktd", 0755), -EEXIST);
	KT_EXPECT_EQ(vfs_symlink_path("../ktd", "/tmp/ktd/up"), 0);
	KT_ASSERT(kern_path("/tmp/ktd/up/./up/..", LOOKUP_FOLLOW, &d) == 0);
	KT_EXPECT(!strcmp(d->d_name, "tmp"));
	dput(d);
	KT_EXPECT_EQ(kern_path("/tmp/ktd/nothere", 0, &d), -ENOENT);
	KT_EXPECT_EQ(kern_path("/bin/init/x", 0, &d), -ENOTDIR);
	KT_EXPECT_EQ(vfs_symlink_path("loop", "/tmp/ktd/loop"), 0);
	KT_EXPECT_EQ(kern_path("/tmp/ktd/loop", LOOKUP_FOLLOW, &d), -ELOOP);
	KT_EXPECT_EQ(vfs_remove_path("/tmp/ktd", true), -ENOTEMPTY);
	KT_EXPECT_EQ(vfs_remove_path("/tmp/ktd/loop", false), 0);
	KT_EXPECT_EQ(vfs_remove_path("/tmp/ktd/up", false), 0);
	KT_EXPECT_EQ(vfs_remove_path("/tmp/ktd", false), -EISDIR);
	KT_EXPECT_EQ(vfs_remove_path("/tmp/ktd", true), 0);
	KT_EXPECT_EQ(vfs_remove_path("/", true), -EBUSY);
}

static int ktest_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "value %d\n", *(int *)m->private);
	return 0;
}

KTEST(fs_proc_nested_registration)
{
	static int value = 42;
	struct file *f;
	char buf[32];
	loff_t pos = 0;

	unsigned long before = nr_free_pages();

	KT_EXPECT_EQ(proc_create_single("ktest/nested/file", ktest_proc_show, &value), 0);
	/*
	 * procfs has no removal: the entry and its two directories stay, and
	 * their slab may have needed a fresh page (whether it did depends on
	 * every registration before). Only those pages are allowed to stay.
	 */
	kt->pages_kept = before - nr_free_pages();
	KT_EXPECT_EQ(proc_create_single("ktest/nested/file", ktest_proc_show, &value), -EEXIST);
	f = filp_open("/proc/ktest/nested/file", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f));
	KT_EXPECT_EQ(kernel_read(f, buf, sizeof(buf), &pos), 9);
	KT_EXPECT(!memcmp(buf, "value 42\n", 9));
	fput(f);
	f = filp_open("/proc/self/stat", O_RDONLY, 0);
	KT_EXPECT(!IS_ERR(f));
	if (!IS_ERR(f))
		fput(f);
}

/* fds come lowest-first, also after fork-style copies and parking one high. */
KTEST(fs_fdtable_lowest_free)
{
	struct files_struct *saved = current->files, *parent, *child;
	struct file *f = filp_open("/dev/null", O_RDWR, 0);
	int i, fd;

	KT_ASSERT(!IS_ERR(f));
	parent = alloc_files_struct();
	KT_ASSERT(parent);
	current->files = parent;
	for (i = 0; i < 5; i++)		/* 0-2 stdio, 3-4 a "pipe" */
		KT_EXPECT_EQ(f_dupfd(0, f, 0), i);
	child = dup_fd(parent, &i);
	KT_ASSERT(child);
	current->files = child;
	KT_EXPECT_EQ(close_fd(3), 0);
	KT_EXPECT_EQ(f_dupfd(30, f, O_CLOEXEC), 30);
	KT_EXPECT_EQ(close_fd(4), 0);
	fd = get_unused_fd_flags(0);
	KT_EXPECT_EQ(fd, 3);
	fd_install(fd, get_file(f));
	KT_EXPECT_EQ(f_dupfd(0, f, 0), 4);
	KT_EXPECT(get_close_on_exec(30));
	do_close_on_exec(child);
	KT_EXPECT(fget(30) == NULL);
	current->files = saved;
	put_files_struct(child);
	put_files_struct(parent);
	fput(f);
}
