/* fdwrite FD TEXT: writes TEXT and a newline to fd FD; exit 1 (and a message on
 * stderr) if that fails. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  if (argc < 3) return 2;
  size_t n = strlen(argv[2]);
  char *buf = malloc(n + 1);
  memcpy(buf, argv[2], n);
  buf[n] = '\n';
  if (write(atoi(argv[1]), buf, n + 1) != (ssize_t)(n + 1)) {
    fprintf(stderr, "fdwrite: %s\n", errno == EBADF ? "EBADF" : "error");
    return 1;
  }
  return 0;
}
