/* Starter stub for lab accept4 (labs/accept4/README.md): sys_accept4 keeps the kernel building until you write it. */
	return -ENOSYS;
