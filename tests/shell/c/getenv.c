/* getenv NAME...: prints NAME=value, or NAME unset, for each. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    const char *v = getenv(argv[i]);
    if (v) printf("%s=%s\n", argv[i], v);
    else printf("%s unset\n", argv[i]);
  }
  return 0;
}
