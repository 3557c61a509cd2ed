/* Nested epoll: an epoll fd watched by another epoll (and by poll), readiness through
 * several levels, stale entries, loops (ELOOP) and the nesting depth limit. */
#include "common.h"

static void two_levels(void)
{
  printf("-- two levels\n");
  int p[2];
  mkpipe(p, 0);
  int inner = epoll_create1(0), outer = epoll_create1(0);
  must_ctl(inner, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  ctl("ADD inner to outer", outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2);
  waitshow("outer, nothing", outer, 4, 0);
  put(p[1], "x");
  waitshow("outer", outer, 4, 0);
  waitshow("outer again (LT)", outer, 4, 0);
  waitshow("inner", inner, 4, 0);
  waitshow("outer after inner's wait (inner is LT)", outer, 4, 0);
  drain(p[0]);
  waitshow("outer, pipe drained (stale entry)", outer, 4, 0);
  struct pollfd pfd = { .fd = inner, .events = POLLIN };
  int n = poll(&pfd, 1, 0);
  printf("poll inner: %d %s\n", n, pollname(pfd.revents));
  put(p[1], "y");
  n = poll(&pfd, 1, 0);
  printf("poll inner, data: %d %s\n", n, pollname(pfd.revents));
  /* The inner item edge-triggered: outer sees it until inner's wait takes it. */
  ctl("MOD inner item to ET", inner, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 3);
  waitshow("outer, inner has an ET event", outer, 4, 0);
  waitshow("inner takes it", inner, 4, 0);
  waitshow("outer, inner has nothing now", outer, 4, 0);
  put(p[1], "z");
  waitshow("outer, new edge", outer, 4, 0);
  /* outer edge-triggered on inner */
  ctl("MOD outer item to ET", outer, EPOLL_CTL_MOD, inner, EPOLLIN | EPOLLET, 4);
  waitshow("outer ET", outer, 4, 0);
  waitshow("outer ET, no new edge", outer, 4, 0);
  put(p[1], "w");
  waitshow("outer ET, inner got another event", outer, 4, 0);
  waitshow("inner", inner, 4, 0);
  ctl("outer watches inner for OUT only", outer, EPOLL_CTL_MOD, inner, EPOLLOUT, 5);
  put(p[1], "v");
  waitshow("outer, OUT only", outer, 4, 0);
  ctl("DEL inner", outer, EPOLL_CTL_DEL, inner, 0, 0);
  close(inner);
  close(outer);
  close(p[0]);
  close(p[1]);
}

static void three_levels(void)
{
  printf("-- three levels\n");
  int e = eventfd(0, EFD_NONBLOCK);
  int a = epoll_create1(0), b = epoll_create1(0), c = epoll_create1(0);
  must_ctl(a, EPOLL_CTL_ADD, e, EPOLLIN, 10);
  must_ctl(b, EPOLL_CTL_ADD, a, EPOLLIN, 11);
  must_ctl(c, EPOLL_CTL_ADD, b, EPOLLIN, 12);
  waitshow("top, nothing", c, 4, 0);
  eventfd_write(e, 1);
  waitshow("top", c, 4, 0);
  waitshow("middle", b, 4, 0);
  waitshow("bottom", a, 4, 0);
  eventfd_t v;
  eventfd_read(e, &v);
  waitshow("top, eventfd read", c, 4, 0);
  waitshow("middle, eventfd read", b, 4, 0);
  /* The same eventfd in several of the levels. */
  must_ctl(c, EPOLL_CTL_ADD, e, EPOLLIN, 13);
  eventfd_write(e, 1);
  waitshow("top, direct and nested", c, 4, 0);
  /* Closing a level removes it from the one above. */
  close(a);
  waitshow("top, bottom closed", c, 4, 0);
  waitshow("middle, bottom closed", b, 4, 0);
  close(b);
  close(c);
  close(e);
}

static void loops(void)
{
  printf("-- loops\n");
  int a = epoll_create1(0), b = epoll_create1(0), c = epoll_create1(0);
  ctl("a in a", a, EPOLL_CTL_ADD, a, EPOLLIN, 0);
  ctl("a in b", b, EPOLL_CTL_ADD, a, EPOLLIN, 0);
  ctl("b in a (cycle)", a, EPOLL_CTL_ADD, b, EPOLLIN, 0);
  ctl("b in c", c, EPOLL_CTL_ADD, b, EPOLLIN, 0);
  ctl("c in a (cycle of 3)", a, EPOLL_CTL_ADD, c, EPOLLIN, 0);
  int bd = dup(b);
  ctl("dup of b in a (cycle)", a, EPOLL_CTL_ADD, bd, EPOLLIN, 0);
  ctl("dup of b in b", b, EPOLL_CTL_ADD, bd, EPOLLIN, 0);
  ctl("a in c (diamond, no cycle)", c, EPOLL_CTL_ADD, a, EPOLLIN, 0);
  ctl("DEL b from c", c, EPOLL_CTL_DEL, b, 0, 0);
  ctl("c in a (no cycle any more? a is in c)", a, EPOLL_CTL_ADD, c, EPOLLIN, 0);
  ctl("DEL a from c", c, EPOLL_CTL_DEL, a, 0, 0);
  ctl("c in a", a, EPOLL_CTL_ADD, c, EPOLLIN, 0);
  close(bd);
  close(a);
  close(b);
  close(c);
}

static void depth(void)
{
  printf("-- depth\n");
  /* A chain e0 <- e1 <- e2 ...: e[i] is added into e[i+1]. */
  int e[10];
  for (int i = 0; i < 10; i++) e[i] = epoll_create1(0);
  char what[64];
  for (int i = 0; i + 1 < 10; i++) {
    snprintf(what, sizeof what, "chain: e%d in e%d", i, i + 1);
    ctl(what, e[i + 1], EPOLL_CTL_ADD, e[i], EPOLLIN, i);
  }
  /* Readiness through the longest chain allowed. */
  int x = eventfd(0, EFD_NONBLOCK);
  must_ctl(e[0], EPOLL_CTL_ADD, x, EPOLLIN, 99);
  eventfd_write(x, 1);
  for (int i = 0; i < 6; i++) {
    snprintf(what, sizeof what, "wait e%d", i);
    waitshow(what, e[i], 4, 0);
  }
  /* Depth counted from both sides: f1 <- f0 joined under the chain's top, and above. */
  int f[4];
  for (int i = 0; i < 4; i++) f[i] = epoll_create1(0);
  ctl("f0 in f1", f[1], EPOLL_CTL_ADD, f[0], EPOLLIN, 0);
  ctl("f1 in e2 (3 links below e2's top)", e[2], EPOLL_CTL_ADD, f[1], EPOLLIN, 0);
  ctl("f1 in e3", e[3], EPOLL_CTL_ADD, f[1], EPOLLIN, 0);
  ctl("f1 in e4", e[4], EPOLL_CTL_ADD, f[1], EPOLLIN, 0);
  ctl("f2 in f3", f[3], EPOLL_CTL_ADD, f[2], EPOLLIN, 0);
  ctl("e4 in f2 (f2 has 1 above)", f[2], EPOLL_CTL_ADD, e[4], EPOLLIN, 0);
  ctl("e1 in f2", f[2], EPOLL_CTL_ADD, e[1], EPOLLIN, 0);
  ctl("e0 in f2", f[2], EPOLL_CTL_ADD, e[0], EPOLLIN, 0);
  for (int i = 0; i < 4; i++) close(f[i]);
  for (int i = 0; i < 10; i++) close(e[i]);
  close(x);
}

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  two_levels();
  three_levels();
  loops();
  depth();
  return 0;
}
