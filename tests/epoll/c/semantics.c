/* epoll semantics in one process: level/edge/oneshot triggering, MOD, the events each
 * kind of file reports, the order of the ready list, and epoll_ctl/epoll_wait errors. */
#include "common.h"

static void level_triggered(void)
{
  printf("-- level-triggered\n");
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  waitshow("empty", ep, 8, 0);
  put(p[1], "abcdef");
  waitshow("data", ep, 8, 0);
  waitshow("again (not drained)", ep, 8, 0);
  char buf[4];
  must(read(p[0], buf, 3) == 3, "read");
  waitshow("partly read", ep, 8, 0);
  must(read(p[0], buf, 3) == 3, "read");
  waitshow("drained", ep, 8, 0);
  put(p[1], "x");
  waitshow("new data", ep, 8, 0);
  close(p[1]);
  waitshow("data, writer closed", ep, 8, 0);
  drain(p[0]);
  waitshow("drained, writer closed", ep, 8, 0);
  waitshow("still hung up", ep, 8, 0);
  close(p[0]);
  waitshow("read end closed (removed)", ep, 8, 0);
  close(ep);
}

static void edge_triggered(void)
{
  printf("-- edge-triggered\n");
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLET, 2);
  waitshow("empty", ep, 8, 0);
  put(p[1], "abc");
  waitshow("edge", ep, 8, 0);
  waitshow("no new edge", ep, 8, 0);
  put(p[1], "def");
  waitshow("second write is an edge", ep, 8, 0);
  waitshow("no new edge", ep, 8, 0);
  char buf[2];
  must(read(p[0], buf, 1) == 1, "read");
  waitshow("a read is no edge", ep, 8, 0);
  /* Registering (or MOD) while ready reports it once. */
  int ep2 = epoll_create1(0);
  must_ctl(ep2, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLET, 3);
  waitshow("ADD while ready", ep2, 8, 0);
  waitshow("ADD while ready, again", ep2, 8, 0);
  ctl("MOD", ep2, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 4);
  waitshow("MOD while ready", ep2, 8, 0);
  waitshow("MOD while ready, again", ep2, 8, 0);
  /* ET on the write side: OUT once, again after the reader makes room. */
  int q[2];
  mkpipe(q, 0);
  must_ctl(ep, EPOLL_CTL_ADD, q[1], EPOLLOUT | EPOLLET, 5);
  waitshow("write end ready", ep, 8, 0);
  waitshow("write end, no new edge", ep, 8, 0);
  put(q[1], "x");
  waitshow("a write is no OUT edge when already writable", ep, 8, 0);
  fill(q[1]);
  waitshow("full", ep, 8, 0);
  drain(q[0]);
  waitshow("drained: OUT edge", ep, 8, 0);
  /* Hang-up is an edge too. */
  close(p[1]);
  waitshow("writer closed: edge", ep, 8, 0);
  waitshow("no new edge", ep, 8, 0);
  close(q[0]);
  waitshow("reader closed: edge", ep, 8, 0);
  close(ep);
  close(ep2);
  close(p[0]);
  close(q[1]);
}

static void oneshot(void)
{
  printf("-- oneshot\n");
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLONESHOT, 6);
  put(p[1], "a");
  waitshow("first", ep, 8, 0);
  waitshow("disabled", ep, 8, 0);
  put(p[1], "b");
  waitshow("disabled, new data", ep, 8, 0);
  ctl("ADD again", ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 7);
  ctl("MOD re-arms", ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 8);
  waitshow("re-armed", ep, 8, 0);
  waitshow("disabled again", ep, 8, 0);
  close(p[1]);
  waitshow("disabled: no HUP either", ep, 8, 0);
  ctl("MOD to level-triggered", ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 9);
  waitshow("level", ep, 8, 0);
  waitshow("level, again", ep, 8, 0);
  /* ONESHOT|ET */
  int q[2];
  mkpipe(q, 0);
  must_ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLET | EPOLLONESHOT, 10);
  put(q[1], "a");
  put(q[1], "b");
  waitshow("oneshot|et, two writes", ep, 8, 0);
  ctl("DEL a disabled item", ep, EPOLL_CTL_DEL, q[0], 0, 0);
  ctl("DEL again", ep, EPOLL_CTL_DEL, q[0], 0, 0);
  close(ep);
  close(p[0]);
  close(q[0]);
  close(q[1]);
}

static void modify(void)
{
  printf("-- modify\n");
  int a[2], b[2];
  mkpipe(a, 0);
  mkpipe(b, 0);
  int ep = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, a[0], EPOLLIN, 11);
  must_ctl(ep, EPOLL_CTL_ADD, b[0], EPOLLIN, 12);
  put(a[1], "a");
  put(b[1], "b");
  /* MOD keeps a queued item where it is (it is not DEL + ADD). */
  ctl("MOD a (new data)", ep, EPOLL_CTL_MOD, a[0], EPOLLIN, 13);
  waitshow("order", ep, 8, 0);
  ctl("MOD a to OUT only", ep, EPOLL_CTL_MOD, a[0], EPOLLOUT, 14);
  waitshow("a not reported", ep, 8, 0);
  ctl("MOD a to IN|OUT", ep, EPOLL_CTL_MOD, a[0], EPOLLIN | EPOLLOUT, 15);
  waitshow("a back", ep, 8, 0);
  ctl("MOD a to 0", ep, EPOLL_CTL_MOD, a[0], 0, 16);
  waitshow("events 0", ep, 8, 0);
  close(a[1]);
  waitshow("events 0 still gets HUP", ep, 8, 0);
  ctl("MOD a to RDHUP|IN", ep, EPOLL_CTL_MOD, a[0], EPOLLIN | EPOLLRDHUP, 17);
  waitshow("pipes have no RDHUP", ep, 8, 0);
  ctl("MOD with EPOLLWAKEUP", ep, EPOLL_CTL_MOD, b[0], EPOLLIN | EPOLLWAKEUP, 18);
  waitshow("EPOLLWAKEUP", ep, 8, 0);
  ctl("MOD b to RDNORM", ep, EPOLL_CTL_MOD, b[0], EPOLLRDNORM, 19);
  waitshow("RDNORM", ep, 8, 0);
  drain(b[0]);
  waitshow("RDNORM drained", ep, 8, 0);
  put(b[1], "b");
  waitshow("RDNORM again", ep, 8, 0);
  close(ep);
  close(a[0]);
  close(b[0]);
  close(b[1]);
}

static void kinds(void)
{
  printf("-- events per kind\n");
  int ep = epoll_create1(0);
  const uint32_t ALL = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLPRI | EPOLLRDNORM | EPOLLWRNORM;
  int p[2];
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], ALL, 20);
  must_ctl(ep, EPOLL_CTL_ADD, p[1], ALL, 21);
  waitshow("pipe, empty", ep, 8, 0);
  put(p[1], "x");
  waitshow("pipe, data", ep, 8, 0);
  fill(p[1]);
  waitshow("pipe, full", ep, 8, 0);
  drain(p[0]);
  waitshow("pipe, drained", ep, 8, 0);
  close(p[1]);
  waitshow("read end, writers gone", ep, 8, 0);
  close(p[0]);
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[0], ALL, 22);
  must_ctl(ep, EPOLL_CTL_ADD, p[1], ALL, 23);
  put(p[1], "x");
  close(p[1]);
  waitshow("read end, data and writers gone", ep, 8, 0);
  close(p[0]);
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[1], ALL, 24);
  close(p[0]);
  waitshow("write end, readers gone", ep, 8, 0);
  close(p[1]);
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[1], ALL, 25);
  fill(p[1]);
  waitshow("write end, full", ep, 8, 0);
  close(p[0]);
  waitshow("write end, full, readers gone", ep, 8, 0);
  close(p[1]);
  /* Only ERR and HUP are reported without being asked for. */
  mkpipe(p, 0);
  must_ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLIN, 26);
  waitshow("write end, asked for IN only", ep, 8, 0);
  close(p[0]);
  waitshow("write end, IN only, readers gone", ep, 8, 0);
  close(p[1]);

  int e = eventfd(0, 0);
  must_ctl(ep, EPOLL_CTL_ADD, e, ALL, 27);
  waitshow("eventfd 0", ep, 8, 0);
  eventfd_write(e, 5);
  waitshow("eventfd 5", ep, 8, 0);
  eventfd_t v;
  eventfd_read(e, &v);
  eventfd_write(e, 0xfffffffffffffffeULL);
  waitshow("eventfd at the maximum", ep, 8, 0);
  close(e);

  int inner = epoll_create1(0);
  must_ctl(ep, EPOLL_CTL_ADD, inner, ALL, 28);
  waitshow("epoll, nothing ready", ep, 8, 0);
  mkpipe(p, 0);
  must_ctl(inner, EPOLL_CTL_ADD, p[0], EPOLLIN, 29);
  put(p[1], "x");
  waitshow("epoll, one ready", ep, 8, 0);
  close(inner);
  close(p[0]);
  close(p[1]);
  waitshow("all closed", ep, 8, 0);
  close(ep);
}

static void ready_list_order(void)
{
  printf("-- ready list order and maxevents\n");
  int ep = epoll_create1(0);
  int p[5][2];
  for (int i = 0; i < 5; i++) {
    mkpipe(p[i], 0);
    must_ctl(ep, EPOLL_CTL_ADD, p[i][0], EPOLLIN, 30 + i);
  }
  put(p[3][1], "x");
  put(p[1][1], "x");
  put(p[4][1], "x");
  put(p[0][1], "x");
  waitshow("max 2", ep, 2, 0);
  waitshow("max 2", ep, 2, 0);
  waitshow("max 2", ep, 2, 0);
  waitshow("max 1", ep, 1, 0);
  drain(p[1][0]);
  waitshow("all (one drained)", ep, 8, 0);
  put(p[2][1], "x");
  waitshow("all (one more)", ep, 8, 0);
  for (int i = 0; i < 5; i++) {
    close(p[i][0]);
    close(p[i][1]);
  }
  close(ep);
}

static void data_field(void)
{
  printf("-- epoll_data\n");
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN };
  ev.data.u64 = 0x0123456789abcdefULL;
  must(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "ADD");
  put(p[1], "x");
  struct epoll_event out[2];
  memset(out, 0xa5, sizeof out);
  int n = epoll_wait(ep, out, 2, 0);
  printf("n %d u64 %016llx events %s untouched %s\n", n, (unsigned long long)out[0].data.u64, evname(out[0].events),
         out[1].events == 0xa5a5a5a5u ? "yes" : "no");
  ev.data.fd = -7;
  must(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "MOD");
  epoll_wait(ep, out, 2, 0);
  printf("data.fd %d\n", out[0].data.fd);
  static int here;
  ev.data.ptr = &here;
  must(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "MOD");
  epoll_wait(ep, out, 2, 0);
  printf("data.ptr round trip %s\n", out[0].data.ptr == &here ? "yes" : "no");
  printf("sizeof(struct epoll_event) %s\n", sizeof(struct epoll_event) == 12 || sizeof(struct epoll_event) == 16 ? "ok" : "?");
  close(ep);
  close(p[0]);
  close(p[1]);
}

static void errors(const char *dir)
{
  printf("-- errors\n");
  int p[2];
  mkpipe(p, 0);
  int ep = epoll_create1(0);
  int other = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN }, out[4];
  show("epoll_create(0)", epoll_create(0));
  show("epoll_create(-1)", epoll_create(-1));
  int e1 = showfd("epoll_create(1)", epoll_create(1));
  close(e1);
  show("epoll_create1(bad flag)", epoll_create1(1));
  show("epoll_create1(O_NONBLOCK)", epoll_create1(O_NONBLOCK));
  int ce = epoll_create1(EPOLL_CLOEXEC);
  printf("EPOLL_CLOEXEC gives FD_CLOEXEC: %s\n", fcntl(ce, F_GETFD) == FD_CLOEXEC ? "yes" : "no");
  close(ce);
  ce = epoll_create1(0);
  printf("no flag, no FD_CLOEXEC: %s\n", fcntl(ce, F_GETFD) == 0 ? "yes" : "no");
  close(ce);

  show("MOD of a missing fd", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  show("DEL of a missing fd", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev));
  show("ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  show("ADD twice", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  show("bad op", epoll_ctl(ep, 7, p[0], &ev));
  show("bad op 0", epoll_ctl(ep, 0, p[0], &ev));
  show("bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 9999, &ev));
  show("negative fd", epoll_ctl(ep, EPOLL_CTL_ADD, -1, &ev));
  show("bad epfd", epoll_ctl(9999, EPOLL_CTL_ADD, p[0], &ev));
  show("bad epfd, bad fd", epoll_ctl(9999, EPOLL_CTL_ADD, 9998, &ev));
  show("bad epfd, bad op", epoll_ctl(9999, 7, p[0], &ev));
  show("epfd not an epoll", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev));
  show("fd == epfd", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
  int epdup = dup(ep);
  show("fd a dup of epfd", epoll_ctl(ep, EPOLL_CTL_ADD, epdup, &ev));
  show("DEL through a dup of epfd", epoll_ctl(epdup, EPOLL_CTL_DEL, p[0], &ev));
  close(epdup);

  /* Regular files and directories cannot be polled: EPERM (before EINVAL checks). */
  char path[4096];
  snprintf(path, sizeof path, "%s/semantics", dir);
  int reg = open(path, O_RDONLY);
  must(reg >= 0, "open a regular file");
  show("regular file", epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev));
  show("regular file, epfd not an epoll", epoll_ctl(p[1], EPOLL_CTL_ADD, reg, &ev));
  show("regular file, DEL", epoll_ctl(ep, EPOLL_CTL_DEL, reg, &ev));
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  must(dfd >= 0, "open a directory");
  show("directory", epoll_ctl(ep, EPOLL_CTL_ADD, dfd, &ev));
  close(reg);
  close(dfd);

  /* EPOLLEXCLUSIVE: only with ADD, never with ONESHOT, other bits than IN/OUT/ERR/HUP/
   * WAKEUP/ET, or an epoll target. */
  int q[2];
  mkpipe(q, 0);
  show("EXCLUSIVE|ONESHOT", ctl(NULL, ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 0));
  show("EXCLUSIVE|RDHUP", ctl(NULL, ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLRDHUP | EPOLLEXCLUSIVE, 0));
  show("EXCLUSIVE|PRI", ctl(NULL, ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLPRI | EPOLLEXCLUSIVE, 0));
  show("EXCLUSIVE of an epoll", ctl(NULL, ep, EPOLL_CTL_ADD, other, EPOLLIN | EPOLLEXCLUSIVE, 0));
  show("EXCLUSIVE|ET|OUT|ERR|HUP|WAKEUP", ctl(NULL, ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE, 0));
  show("MOD an EXCLUSIVE item", ctl(NULL, ep, EPOLL_CTL_MOD, q[0], EPOLLIN, 0));
  show("MOD with EXCLUSIVE", ctl(NULL, ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLEXCLUSIVE, 0));
  show("MOD with EXCLUSIVE, missing fd", ctl(NULL, ep, EPOLL_CTL_MOD, q[1], EPOLLIN | EPOLLEXCLUSIVE, 0));
  show("DEL an EXCLUSIVE item", ctl(NULL, ep, EPOLL_CTL_DEL, q[0], 0, 0));

  show("epoll_wait maxevents 0", epoll_wait(ep, out, 0, 0));
  volatile int minus1 = -1; /* (gcc warns about a literal negative count) */
  show("epoll_wait maxevents -1", epoll_wait(ep, out, minus1, 0));
  show("epoll_wait bad epfd", epoll_wait(9999, out, 4, 0));
  show("epoll_wait not an epoll", epoll_wait(p[0], out, 4, 0));
  show("epoll_wait maxevents 0, bad epfd", epoll_wait(9999, out, 0, 0));
  show("epoll_wait maxevents 0, not an epoll", epoll_wait(p[0], out, 0, 0));
  show("epoll_pwait with a mask", epoll_pwait(ep, out, 4, 0, NULL));
  close(q[0]);
  close(q[1]);
  close(ep);
  close(other);
  close(p[0]);
  close(p[1]);
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: semantics DIR\n");
    return 2;
  }
  level_triggered();
  edge_triggered();
  oneshot();
  modify();
  kinds();
  ready_list_order();
  data_field();
  errors(argv[1]);
  return 0;
}
