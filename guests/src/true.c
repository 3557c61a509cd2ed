/* true: do nothing, successfully. Like GNU true it ignores its arguments. */
int main(void)
{
    return 0;
}
