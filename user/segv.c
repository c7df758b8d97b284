/*
 * segv: die of a fault, on purpose. test_crash.py boots with init=/bin/segv
 * to check that a fatal fault in pid 1 panics "Attempted to kill init!"
 * once, naming the faulting address, instead of faulting forever.
 */
int main(void)
{
	return *(volatile int *)0;
}
