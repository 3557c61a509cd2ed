/* Growth: N registered pipes (RLIMIT_NOFILE raised first), one of them ready.
 * epoll_wait must find exactly that one, and so must poll over all N. The pipes are
 * shrunk to one page (F_SETPIPE_SZ 4096, as Linux allows) to keep the kernel heap
 * small: the test is about the interest set, not pipe buffers.
 * Usage: growth DIR N. N is not printed: the native run may have to use fewer pipes
 * (its hard limit on fds cannot be raised without CAP_SYS_RESOURCE). */
#include "common.h"

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  int n = argc > 2 ? atoi(argv[2]) : 10000;
  struct rlimit rl;
  show("getrlimit", getrlimit(RLIMIT_NOFILE, &rl));
  rl.rlim_cur = (rlim_t)n * 2 + 64;
  show("setrlimit(RLIMIT_NOFILE, 2N+64)", setrlimit(RLIMIT_NOFILE, &rl));
  struct rlimit got;
  getrlimit(RLIMIT_NOFILE, &got);
  printf("soft limit is 2N+64: %s\n", got.rlim_cur == rl.rlim_cur ? "yes" : "no");
  int (*p)[2] = calloc((size_t)n, sizeof *p);
  int ep = epoll_create1(0);
  int added = 0;
  for (int i = 0; i < n; i++) {
    if (pipe(p[i]) < 0) {
      printf("pipe %d: %s\n", i, errname(errno));
      return 1;
    }
    if (fcntl(p[i][0], F_SETPIPE_SZ, 4096) < 0) {
      printf("F_SETPIPE_SZ %d: %s\n", i, errname(errno));
      return 1;
    }
    if (ctl(NULL, ep, EPOLL_CTL_ADD, p[i][0], EPOLLIN, (uint64_t)i) == 0) added++;
  }
  printf("pipes registered: %s\n", added == n ? "all" : "not all");
  waitshow("none ready", ep, 64, 0);
  int k = (n * 7 / 10) | 1; /* odd: it stays registered when the even ones close */
  put(p[k][1], "x");
  struct epoll_event ev[64];
  int r = epoll_wait(ep, ev, 64, 0);
  printf("one ready: %d, the right one: %s\n", r, r == 1 && ev[0].data.u64 == (uint64_t)k ? "yes" : "no");
  r = epoll_wait(ep, ev, 64, -1);
  printf("level-triggered, again (timeout -1): %d\n", r);

  /* poll over the same N */
  struct pollfd *pfd = calloc((size_t)n, sizeof *pfd);
  for (int i = 0; i < n; i++) pfd[i] = (struct pollfd){ .fd = p[i][0], .events = POLLIN };
  r = poll(pfd, (nfds_t)n, 0);
  printf("poll over all: %d, the right one: %s\n", r, pfd[k].revents & POLLIN ? "yes" : "no");

  /* The one ready pipe's write end closes; another becomes ready; some are removed. */
  close(p[k][1]);
  drain(p[k][0]);
  put(p[3][1], "y");
  r = epoll_wait(ep, ev, 64, 0);
  printf("after changes: %d", r);
  for (int i = 0; i < r; i++) printf(" %s", ev[i].data.u64 == (uint64_t)k ? "k:" : ev[i].data.u64 == 3 ? "3:" : "?:"), printf("%s", evname(ev[i].events));
  printf("\n");
  for (int i = 0; i < n; i += 2) close(p[i][0]);
  put(p[1][1], "z");
  r = epoll_wait(ep, ev, 64, 0);
  printf("half closed: %d\n", r);
  /* An fd beyond the old limit. */
  int high = fcntl(p[1][0], F_DUPFD, n * 2);
  ctl("fd at 2N", ep, EPOLL_CTL_ADD, high, EPOLLIN, 999999);
  r = epoll_wait(ep, ev, 64, 0);
  printf("with it: %d\n", r);
  close(ep);
  return 0;
}
