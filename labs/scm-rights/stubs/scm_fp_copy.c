	return -EOPNOTSUPP;
