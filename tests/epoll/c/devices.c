/* epoll_ctl on character devices: Linux has no poll for /dev/null, zero, full and
 * urandom (EPERM); /dev/random can be polled. Run under Cove with its in-memory /dev
 * (the library API preopens "/"). */
#include "common.h"

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  static const char *devs[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom" };
  int ep = epoll_create1(0);
  for (unsigned i = 0; i < sizeof devs / sizeof devs[0]; i++) {
    int fd = open(devs[i], O_RDONLY);
    if (fd < 0) {
      printf("%s: open: %s\n", devs[i], errname(errno));
      continue;
    }
    printf("%s: ", devs[i]);
    ctl("ADD", ep, EPOLL_CTL_ADD, fd, EPOLLIN, i);
    close(fd);
  }
  close(ep);
  return 0;
}
