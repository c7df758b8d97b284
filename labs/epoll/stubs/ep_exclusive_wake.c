/* Starter stub for lab epoll (labs/epoll/README.md): ep_exclusive_wake keeps the kernel building until you write it. */
	return 0;	/* never counts as a wake: every exclusive waiter is woken */
