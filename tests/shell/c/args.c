/* args: prints each argument in brackets, one per line: shows exactly what fields a
 * shell produced ("[a b]" is one argument, "[]" an empty one). */
#include <stdio.h>

int main(int argc, char **argv)
{
  for (int i = 1; i < argc; i++) printf("[%s]\n", argv[i]);
  if (argc == 1) printf("(no arguments)\n");
  return 0;
}
