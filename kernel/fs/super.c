/*
 * Bringing the file system up at boot, and giving init its stdio.
 *
 * Boot order (the lead's start_kernel / init task):
 *   vfs_init()          root ramfs, /dev with its device nodes, /proc
 *                       (procfs.c), /tmp; hooks the console tty to the UART
 *   populate_rootfs()   unpack the initramfs over it (initramfs.c)
 *   console_setup_stdio()  in the init task: files and fs structs if it has
 *                       none, /dev/console as fds 0, 1 and 2
 *
 * Neighbours: ramfs.c, dcache.c, procfs.c, tty.c, char_dev.c.
 */
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/tty.h>
#include <linux/sched.h>

struct dev_node {
	const char *path;
	umode_t mode;
	unsigned int major, minor;
};

static const struct dev_node boot_dev_nodes[] = {
	{ "/dev/console", S_IFCHR | 0600, TTYAUX_MAJOR, 1 },
	{ "/dev/tty",     S_IFCHR | 0666, TTYAUX_MAJOR, 0 },
	{ "/dev/ttyS0",   S_IFCHR | 0660, TTY_MAJOR, 64 },
	{ "/dev/ttyS1",   S_IFCHR | 0660, TTY_MAJOR, 65 },
	{ "/dev/null",    S_IFCHR | 0666, MEM_MAJOR, 3 },
	{ "/dev/zero",    S_IFCHR | 0666, MEM_MAJOR, 5 },
	{ "/dev/random",  S_IFCHR | 0666, MEM_MAJOR, 8 },
	{ "/dev/urandom", S_IFCHR | 0666, MEM_MAJOR, 9 },
};

/* At boot the umask would strip bits we mean: set the mode exactly afterwards. */
static void boot_chmod(const char *path, umode_t mode)
{
	struct dentry *d;

	if (kern_path(path, 0, &d))
		return;
	d->d_inode->i_mode = (d->d_inode->i_mode & S_IFMT) | (mode & 07777);
	dput(d);
}

void vfs_init(void)
{
	struct inode *root = ramfs_get_inode(S_IFDIR | 0755, 0);
	unsigned int i;

	if (!root)
		panic("vfs_init: no memory for the root inode");
	root->i_ino = 1;
	root_dentry = d_alloc_root(root);
	if (!root_dentry)
		panic("vfs_init: no memory for the root dentry");

	if (vfs_mkdir_path("/dev", 0755) || vfs_mkdir_path("/tmp", 01777))
		panic("vfs_init: cannot populate the root");
	boot_chmod("/tmp", 01777);
	for (i = 0; i < ARRAY_SIZE(boot_dev_nodes); i++) {
		const struct dev_node *n = &boot_dev_nodes[i];

		if (vfs_mknod_path(n->path, n->mode, MKDEV(n->major, n->minor)))
			panic("vfs_init: cannot make %s", n->path);
		boot_chmod(n->path, n->mode);
	}
	if (proc_root_init(root_dentry))
		panic("vfs_init: cannot mount /proc");
	tty_init();
	pr_info("vfs: ramfs root, /dev, /proc, /tmp ready\n");
}

int console_setup_stdio(void)
{
	struct file *f;
	int fd, err;

	if (!current->fs) {
		current->fs = alloc_root_fs_struct();
		if (!current->fs)
			return -ENOMEM;
	}
	if (!current->files) {
		current->files = alloc_files_struct();
		if (!current->files)
			return -ENOMEM;
	}
	fd = get_unused_fd_flags(0);
	if (fd < 0)
		return fd;
	f = filp_open("/dev/console", O_RDWR, 0);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	/* stdout and stderr: the same open file, as a shell's 2>&1 would make. */
	err = f_dupfd(0, f, 0);
	if (err >= 0)
		err = f_dupfd(0, f, 0);
	return err < 0 ? err : 0;
}
