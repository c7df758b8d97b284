	return 0;
