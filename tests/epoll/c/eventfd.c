/* eventfd semantics: the counter, EFD_SEMAPHORE, EFD_NONBLOCK, overflow, short
 * buffers, flags, and the readiness epoll sees (including edges). */
#include "common.h"

static void rd(const char *what, int fd)
{
  uint64_t v = 0;
  ssize_t r = read(fd, &v, sizeof v);
  if (r < 0) printf("%s: -1 %s\n", what, errname(errno));
  else printf("%s: %zd value %llu\n", what, r, (unsigned long long)v);
}

static void wr(const char *what, int fd, uint64_t v)
{
  ssize_t r = write(fd, &v, sizeof v);
  if (r < 0) printf("%s: -1 %s\n", what, errname(errno));
  else printf("%s: %zd\n", what, r);
}

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("-- counter\n");
  int e = eventfd(0, EFD_NONBLOCK);
  rd("read at 0 (nonblock)", e);
  wr("write 1", e, 1);
  wr("write 2", e, 2);
  wr("write 3", e, 3);
  rd("read sums", e);
  rd("read again", e);
  wr("write 0", e, 0);
  rd("read after writing 0", e);
  close(e);
  e = eventfd(0xffffffffu, EFD_NONBLOCK);
  rd("initval 2^32-1", e);
  close(e);

  printf("-- semaphore\n");
  e = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
  rd("sem read", e);
  rd("sem read", e);
  wr("sem write 5", e, 5);
  for (int i = 0; i < 6; i++) rd("sem read", e);
  rd("sem read at 0", e);
  close(e);

  printf("-- limits\n");
  e = eventfd(0, EFD_NONBLOCK);
  wr("write 2^64-1", e, 0xffffffffffffffffULL);
  wr("write 2^64-2", e, 0xfffffffffffffffeULL);
  wr("write 1 more (nonblock)", e, 1);
  wr("write 0 when full", e, 0);
  rd("read the maximum", e);
  wr("write 2^64-3", e, 0xfffffffffffffffdULL);
  wr("write 1 (fits)", e, 1);
  wr("write 1 (full)", e, 1);
  rd("read", e);
  char small[7];
  show("read 7 bytes", read(e, small, sizeof small));
  show("write 7 bytes", write(e, small, sizeof small));
  wr("write 5", e, 5);
  char big[16];
  memset(big, 0, sizeof big);
  ssize_t r = read(e, big, sizeof big);
  uint64_t got;
  memcpy(&got, big, 8);
  printf("read 16 bytes: %zd value %llu\n", r, (unsigned long long)got);
  uint64_t two[2] = { 2, 9 };
  show("write 16 bytes", write(e, two, sizeof two));
  rd("read (only the first 8 were added)", e);
  show("lseek", lseek(e, 0, SEEK_SET));
  close(e);

  printf("-- flags\n");
  show("eventfd bad flags", eventfd(0, 0x4000000));
  e = eventfd(0, EFD_CLOEXEC);
  printf("EFD_CLOEXEC gives FD_CLOEXEC: %s\n", fcntl(e, F_GETFD) == FD_CLOEXEC ? "yes" : "no");
  printf("O_NONBLOCK not set: %s\n", (fcntl(e, F_GETFL) & O_NONBLOCK) == 0 ? "yes" : "no");
  show("F_SETFL O_NONBLOCK", fcntl(e, F_SETFL, O_NONBLOCK));
  rd("read at 0 after F_SETFL", e);
  close(e);
  e = eventfd(0, EFD_NONBLOCK);
  printf("EFD_NONBLOCK gives O_NONBLOCK: %s\n", (fcntl(e, F_GETFL) & O_NONBLOCK) ? "yes" : "no");
  printf("no FD_CLOEXEC: %s\n", fcntl(e, F_GETFD) == 0 ? "yes" : "no");
  printf("O_RDWR: %s\n", (fcntl(e, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
  eventfd_t v = 0;
  printf("eventfd_write 7: %d\n", eventfd_write(e, 7));
  printf("eventfd_read: %d", eventfd_read(e, &v));
  printf(" value %llu\n", (unsigned long long)v);
  printf("eventfd_read at 0: %d", eventfd_read(e, &v));
  printf(" %s\n", errname(errno));
  close(e);

  printf("-- epoll\n");
  int ep = epoll_create1(0);
  e = eventfd(0, EFD_NONBLOCK);
  must_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN | EPOLLET, 1);
  waitshow("ET, 0", ep, 4, 0);
  wr("write 1", e, 1);
  waitshow("ET edge", ep, 4, 0);
  waitshow("ET none", ep, 4, 0);
  wr("write 1", e, 1);
  waitshow("ET, a second write is an edge", ep, 4, 0);
  wr("write 0", e, 0);
  waitshow("ET, writing 0 is an edge too", ep, 4, 0);
  rd("read", e);
  wr("write 0", e, 0);
  waitshow("ET, writing 0 at 0", ep, 4, 0);
  must_ctl(ep, EPOLL_CTL_MOD, e, EPOLLOUT | EPOLLET, 2);
  waitshow("ET OUT after MOD", ep, 4, 0);
  waitshow("ET OUT none", ep, 4, 0);
  wr("write 1", e, 1);
  waitshow("ET OUT: a write is no OUT edge", ep, 4, 0);
  rd("read", e);
  waitshow("ET OUT: a read is an OUT edge", ep, 4, 0);
  wr("write 2^64-2", e, 0xfffffffffffffffeULL);
  waitshow("ET OUT, full", ep, 4, 0);
  rd("read", e);
  waitshow("ET OUT, room again", ep, 4, 0);
  close(e);
  close(ep);
  return 0;
}
