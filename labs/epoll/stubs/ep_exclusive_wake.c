	return 0;	/* never counts as a wake: every exclusive waiter is woken */
