/* poll(2) and select(2) over pipes, eventfds and epoll fds. In a Cove guest both come
 * from wasi-libc (or libcove) over WASI poll_oneoff; revents are printed by name. */
#include "common.h"

static void p1(const char *what, int fd, short events, int timeout)
{
  struct pollfd pfd = { .fd = fd, .events = events, .revents = 0 };
  int n = poll(&pfd, 1, timeout);
  if (n < 0) printf("%s: -1 %s\n", what, errname(errno));
  else printf("%s: %d %s\n", what, n, pollname(pfd.revents));
}

static void polls(void)
{
  printf("-- poll\n");
  int p[2];
  mkpipe(p, 0);
  p1("read end, empty", p[0], POLLIN, 0);
  p1("write end, empty pipe", p[1], POLLOUT, 0);
  p1("write end, IN|OUT", p[1], POLLIN | POLLOUT, 0);
  put(p[1], "x");
  p1("read end, data", p[0], POLLIN, 0);
  p1("read end, data, IN|OUT", p[0], POLLIN | POLLOUT, 0);
  fill(p[1]);
  p1("write end, full", p[1], POLLOUT, 0);
  drain(p[0]);
  p1("write end, drained", p[1], POLLOUT, 0);
  put(p[1], "x");
  close(p[1]);
  p1("read end, data, writers gone", p[0], POLLIN, 0);
  drain(p[0]);
  p1("read end, writers gone", p[0], POLLIN, 0);
  close(p[0]);

  mkpipe(p, 0);
  close(p[0]);
  p1("write end, readers gone", p[1], POLLOUT, 0);
  close(p[1]);

  int e = eventfd(0, 0);
  p1("eventfd 0", e, POLLIN | POLLOUT, 0);
  eventfd_write(e, 2);
  p1("eventfd 2", e, POLLIN | POLLOUT, 0);
  p1("eventfd 2, IN", e, POLLIN, 0);
  close(e);

  int ep = epoll_create1(0);
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  p1("epoll, nothing ready", ep, POLLIN, 0);
  put(p[1], "x");
  p1("epoll, one ready", ep, POLLIN, 0);
  drain(p[0]);
  p1("epoll, item drained", ep, POLLIN, 0);

  p1("bad fd", 9999, POLLIN, 0);
  struct pollfd two[3] = { { .fd = -1, .events = POLLIN }, { .fd = p[1], .events = POLLOUT }, { .fd = 9998, .events = POLLIN } };
  int n = poll(two, 3, 0);
  printf("negative fd ignored, bad fd NVAL: %d %s %s %s\n", n, pollname(two[0].revents), pollname(two[1].revents), pollname(two[2].revents));

  long long t0 = now_ms();
  p1("timeout 100 ms", p[0], POLLIN, 100);
  long long dt = now_ms() - t0;
  printf("waited at least 100 ms: %s\n", dt >= 99 ? "yes" : "no");
  close(ep);
  close(p[0]);
  close(p[1]);
}

static void s1(const char *what, int rfd, int wfd, int timeout_ms)
{
  fd_set r, w;
  FD_ZERO(&r);
  FD_ZERO(&w);
  int max = -1;
  if (rfd >= 0) {
    FD_SET(rfd, &r);
    if (rfd > max) max = rfd;
  }
  if (wfd >= 0) {
    FD_SET(wfd, &w);
    if (wfd > max) max = wfd;
  }
  struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
  int n = select(max + 1, &r, &w, NULL, &tv);
  if (n < 0) printf("%s: -1 %s\n", what, errname(errno));
  else
    printf("%s: %d%s%s\n", what, n, rfd >= 0 && FD_ISSET(rfd, &r) ? " readable" : "",
           wfd >= 0 && FD_ISSET(wfd, &w) ? " writable" : "");
}

static void selects(void)
{
  printf("-- select\n");
  int p[2];
  mkpipe(p, 0);
  s1("empty pipe", p[0], p[1], 0);
  put(p[1], "x");
  s1("data", p[0], p[1], 0);
  fill(p[1]);
  s1("full", p[0], p[1], 0);
  drain(p[0]);
  close(p[1]);
  s1("writers gone (EOF is readable)", p[0], -1, 0);
  close(p[0]);
  mkpipe(p, 0);
  close(p[0]);
  s1("readers gone (writable: write fails at once)", -1, p[1], 0);
  close(p[1]);
  int e = eventfd(0, 0);
  s1("eventfd 0", e, e, 0);
  eventfd_write(e, 1);
  s1("eventfd 1", e, e, 0);
  close(e);
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  s1("epoll, nothing ready", ep, -1, 0);
  put(p[1], "x");
  s1("epoll, one ready", ep, -1, 0);
  long long t0 = now_ms();
  s1("before draining", p[0], -1, 0);
  drain(p[0]);
  s1("timeout 100 ms", p[0], -1, 100);
  printf("waited at least 100 ms: %s\n", now_ms() - t0 >= 99 ? "yes" : "no");
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  close(p[0]);
  struct timeval tv = { 0, 0 };
  show("closed fd in the set", select(p[0] + 1, &r, NULL, NULL, &tv));
  close(p[1]);
  close(ep);
}

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  polls();
  selects();
  return 0;
}
