/* hello: the smallest guest. If this runs, the kernel can start a process and write stdout. */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
