	return backlog;	/* no clamp yet */
