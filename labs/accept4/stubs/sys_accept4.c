	return -ENOSYS;
