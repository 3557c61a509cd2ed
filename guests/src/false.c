/* false: do nothing, unsuccessfully (exit status 1). Like GNU false it ignores its arguments. */
int main(void)
{
    return 1;
}
