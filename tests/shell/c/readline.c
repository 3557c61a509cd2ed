/* readline: reads one line from stdin byte by byte and prints it as [line]: shows
 * that a shell reading a script from the same stdin left the rest for it. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
  char buf[256];
  size_t n = 0;
  char c;
  while (n < sizeof buf - 1 && read(0, &c, 1) == 1 && c != '\n') buf[n++] = c;
  buf[n] = '\0';
  printf("[%s]\n", buf);
  return 0;
}
