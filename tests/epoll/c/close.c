/* Closing registered fds: the interest is keyed by (fd, open file description), and
 * only closing the description's last fd removes it (Linux's classic behaviour). */
#include "common.h"

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  int ep = epoll_create1(0);
  int p[2];

  printf("-- closing the last fd removes the registration\n");
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  put(p[1], "x");
  int oldfd = p[0];
  close(p[0]);
  waitshow("after close", ep, 4, 0);
  int q[2];
  mkpipe(q, 0); /* takes the lowest fds: the closed one's number again */
  printf("fd number reused: %s\n", q[0] == oldfd || q[1] == oldfd ? "yes" : "no");
  int reused = q[0] == oldfd ? q[0] : q[1];
  ctl("ADD the new file at the old number", ep, EPOLL_CTL_ADD, reused, EPOLLIN | EPOLLOUT, 2);
  waitshow("only the new file", ep, 4, 0);
  ctl("DEL it", ep, EPOLL_CTL_DEL, reused, 0, 0);
  ctl("DEL again", ep, EPOLL_CTL_DEL, reused, 0, 0);
  close(p[1]);
  close(q[0]);
  close(q[1]);

  printf("-- closing one of two fds of a description keeps it\n");
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 3);
  int d = dup(p[0]);
  close(p[0]);
  waitshow("nothing yet", ep, 4, 0);
  put(p[1], "x");
  waitshow("reported under the closed fd's data", ep, 4, 0);
  ctl("DEL the closed fd", ep, EPOLL_CTL_DEL, p[0], 0, 0);
  ctl("DEL the dup (never added)", ep, EPOLL_CTL_DEL, d, 0, 0);
  ctl("MOD the dup", ep, EPOLL_CTL_MOD, d, EPOLLIN, 0);
  ctl("ADD the dup", ep, EPOLL_CTL_ADD, d, EPOLLIN, 4);
  waitshow("both registrations", ep, 4, 0);
  ctl("DEL the dup", ep, EPOLL_CTL_DEL, d, 0, 0);
  waitshow("the first still there", ep, 4, 0);
  /* A new fd with the closed one's number, on another description: its own entry. */
  int n = dup(p[1]);
  printf("dup took the closed number: %s\n", n == p[0] ? "yes" : "no");
  ctl("ADD it (another description)", ep, EPOLL_CTL_ADD, n, EPOLLOUT, 5);
  waitshow("old and new", ep, 4, 0);
  ctl("DEL it", ep, EPOLL_CTL_DEL, n, 0, 0);
  close(n);
  close(d);
  waitshow("last fd closed", ep, 4, 0);
  close(p[1]);

  printf("-- dup'ed fds registered separately\n");
  mkpipe(p, 0);
  d = dup(p[0]);
  int d2 = fcntl(p[0], F_DUPFD_CLOEXEC, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 6);
  must_ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN | EPOLLET, 7);
  must_ctl(ep, EPOLL_CTL_ADD, d2, EPOLLIN | EPOLLONESHOT, 8);
  put(p[1], "x");
  waitshow("three registrations", ep, 8, 0);
  waitshow("LT only", ep, 8, 0);
  close(p[0]);
  close(d2);
  put(p[1], "x");
  waitshow("two closed, one fd left", ep, 8, 0);
  /* dup2 over the last fd closes the description. */
  int e = eventfd(0, 0);
  dup2(e, d);
  waitshow("dup2 replaced the last fd", ep, 8, 0);
  close(e);
  close(d);
  close(p[1]);

  printf("-- both pipe ends, each end's close\n");
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 9);
  must_ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 10);
  waitshow("write end ready", ep, 8, 0);
  close(p[1]);
  waitshow("write end closed: HUP on the read end", ep, 8, 0);
  close(p[0]);
  waitshow("both closed", ep, 8, 0);

  printf("-- an fd at a high number\n");
  struct rlimit rl = { 20000, 20000 };
  struct rlimit old;
  must(getrlimit(RLIMIT_NOFILE, &old) == 0, "getrlimit");
  if (old.rlim_max < 20000) rl.rlim_max = old.rlim_max;
  if (rl.rlim_cur > rl.rlim_max) rl.rlim_cur = rl.rlim_max;
  must(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit");
  mkpipe(p, 0);
  int high = fcntl(p[0], F_DUPFD, 12345);
  printf("F_DUPFD 12345: %s\n", high == 12345 ? "12345" : "other");
  close(p[0]);
  must_ctl(ep, EPOLL_CTL_ADD, high, EPOLLIN, 12345);
  put(p[1], "x");
  waitshow("high fd", ep, 4, 0);
  close(high);
  waitshow("high fd closed", ep, 4, 0);
  close(p[1]);

  printf("-- closing an epoll with events pending\n");
  int ep2 = epoll_create1(0);
  mkpipe(p, 0);
  e = eventfd(0, 0);
  must_ctl(ep2, EPOLL_CTL_ADD, p[0], EPOLLIN, 11);
  must_ctl(ep2, EPOLL_CTL_ADD, e, EPOLLIN, 12);
  must_ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN, 13);
  put(p[1], "x");
  eventfd_write(e, 1);
  waitshow("outer sees the inner epoll", ep, 4, 0);
  close(ep2);
  waitshow("inner closed: gone from outer", ep, 4, 0);
  put(p[1], "y");
  eventfd_write(e, 1);
  close(p[1]);
  int ep3 = epoll_create1(0);
  must_ctl(ep3, EPOLL_CTL_ADD, p[0], EPOLLIN, 14);
  must_ctl(ep3, EPOLL_CTL_ADD, e, EPOLLIN, 15);
  waitshow("a new epoll on the same files", ep3, 4, 0);
  close(ep3);
  close(p[0]);
  close(e);
  close(ep);
  return 0;
}
