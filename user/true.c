/* true: exit with status 0 (usertests exec this a thousand times). */
int main(void)
{
	return 0;
}
