/* Pipes and fd calls in one process: read/write/EOF, FIONREAD, F_GETPIPE_SZ and
 * F_SETPIPE_SZ, O_NONBLOCK (EAGAIN, partial writes, PIPE_BUF atomicity), dup, dup2,
 * dup3, fcntl. argv[1]: a scratch directory (for a regular file). */
#include "common.h"

static char big[200000];

/* Fills a nonblocking pipe with writes of `chunk` until EAGAIN; returns the total. */
static long fill(int fd, size_t chunk)
{
  long total = 0;
  for (;;) {
    ssize_t n = write(fd, big, chunk);
    if (n < 0) {
      if (errno != EAGAIN) printf("fill: %s\n", errname(errno));
      return total;
    }
    total += n;
  }
}

static void drain(int fd)
{
  while (read(fd, big, sizeof big) > 0) continue;
}

static int readable(int fd)
{
  int n = -1;
  if (ioctl(fd, FIONREAD, &n) < 0) return -1;
  return n;
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2) return 2;
  memset(big, 'x', sizeof big);
  char buf[64];

  puts("== pipe: data, FIONREAD, EOF");
  int p[2];
  show("pipe", pipe(p));
  show("write 5", write(p[1], "hello", 5));
  show("FIONREAD", readable(p[0]));
  show("read 3", read(p[0], buf, 3));
  printf("got: %.3s\n", buf);
  show("FIONREAD", readable(p[0]));
  show("FIONREAD on the write end", readable(p[1]));
  show("close write end", close(p[1]));
  show("read rest", read(p[0], buf, sizeof buf));
  show("read at EOF", read(p[0], buf, sizeof buf));
  show("close read end", close(p[0]));
  show("FIONREAD on a closed fd", readable(p[0]));

  puts("== pipe capacity");
  show("pipe", pipe(p));
  show("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
  show("F_SETPIPE_SZ 8192", fcntl(p[1], F_SETPIPE_SZ, 8192));
  show("F_GETPIPE_SZ (other end)", fcntl(p[0], F_GETPIPE_SZ));
  show("F_SETPIPE_SZ 0 (minimum)", fcntl(p[0], F_SETPIPE_SZ, 0));
  show("F_SETPIPE_SZ 5000 (rounded up)", fcntl(p[0], F_SETPIPE_SZ, 5000));
  show("F_SETPIPE_SZ 65536", fcntl(p[0], F_SETPIPE_SZ, 65536));
  show("F_SETPIPE_SZ -1", fcntl(p[0], F_SETPIPE_SZ, -1));
  show("write 10000", write(p[1], big, 10000));
  show("F_SETPIPE_SZ 4096 below the data", fcntl(p[0], F_SETPIPE_SZ, 4096));
  show("F_SETPIPE_SZ 16384 above the data", fcntl(p[0], F_SETPIPE_SZ, 16384));
  show("FIONREAD after resize", readable(p[0]));
  show("F_GETPIPE_SZ on a closed fd", fcntl(p[0] + 100, F_GETPIPE_SZ));
  close(p[0]);
  close(p[1]);

  puts("== O_NONBLOCK");
  show("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK));
  printf("F_GETFL has O_NONBLOCK: %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
  show("read empty", read(p[0], buf, sizeof buf));
  show("fill with 4096-byte writes", fill(p[1], 4096));
  show("FIONREAD full", readable(p[0]));
  show("write 1 to a full pipe", write(p[1], big, 1));
  drain(p[0]);
  show("FIONREAD drained", readable(p[0]));
  show("write 100000 (partial)", write(p[1], big, 100000));
  drain(p[0]);
  show("write 65436", write(p[1], big, 65436));
  show("write 200 <= PIPE_BUF with 100 free (atomic)", write(p[1], big, 200));
  show("write 50 with 100 free", write(p[1], big, 50));
  drain(p[0]);
  /* Linux keeps pipe data in pages, so its partial writes depend on page boundaries;
   * these sizes are ones where a byte ring and pages agree. */
  show("write 61440", write(p[1], big, 61440));
  show("write 5000 > PIPE_BUF with 4096 free (partial)", write(p[1], big, 5000));
  show("write 1 to a full pipe", write(p[1], big, 1));
  drain(p[0]);
  show("close write end", close(p[1]));
  show("read nonblocking at EOF", read(p[0], buf, sizeof buf));
  close(p[0]);

  puts("== F_SETFL and FIONBIO");
  show("pipe", pipe(p));
  printf("F_GETFL has O_NONBLOCK: %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
  show("F_SETFL O_NONBLOCK", fcntl(p[0], F_SETFL, O_NONBLOCK));
  printf("F_GETFL has O_NONBLOCK: %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
  show("read empty", read(p[0], buf, sizeof buf));
  show("F_SETFL 0", fcntl(p[0], F_SETFL, 0));
  printf("F_GETFL has O_NONBLOCK: %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
  int on = 1;
  show("FIONBIO 1", ioctl(p[1], FIONBIO, &on));
  printf("write end F_GETFL has O_NONBLOCK: %d\n", (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
  show("fill", fill(p[1], 4096));
  on = 0;
  show("FIONBIO 0", ioctl(p[1], FIONBIO, &on));
  printf("write end F_GETFL has O_NONBLOCK: %d\n", (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
  printf("F_GETFL access mode: read end %s, write end %s\n",
         (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "?",
         (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "?");
  show("ioctl unknown request", ioctl(p[0], 0x7fff, &on));
  close(p[0]);
  close(p[1]);

  puts("== dup, dup2, dup3, fcntl");
  show("pipe", pipe(p));
  int q[2];
  show("pipe", pipe(q));
  close(q[0]);
  int d = dup(p[0]);
  printf("dup takes the lowest free fd: %d\n", d == q[0]);
  show("dup of a closed fd", dup(q[0] + 50));
  printf("dup2(fd, fd) returns fd: %d\n", dup2(p[0], p[0]) == p[0]);
  show("dup2(closed, closed)", dup2(q[0] + 50, q[0] + 50));
  show("dup2(bad, 70)", dup2(q[0] + 50, 70));
  show("dup2 to 100", dup2(p[1], 100));
  show("F_GETFD 100", fcntl(100, F_GETFD));
  show("write through 100", write(100, "ab", 2));
  show("read it", read(p[0], buf, sizeof buf));
  show("dup2 over 100 (closes the old one)", dup2(p[0], 100));
  show("FIONREAD through 100", readable(100));
  show("dup3 to 101 O_CLOEXEC", dup3(p[0], 101, O_CLOEXEC));
  show("F_GETFD 101", fcntl(101, F_GETFD));
  show("dup3(fd, fd)", dup3(p[0], p[0], 0));
  show("dup3 bad flags", dup3(p[0], 102, O_NONBLOCK));
  show("dup2 to -1", dup2(p[0], -1));
  show("F_DUPFD 50", fcntl(p[0], F_DUPFD, 50));
  show("F_DUPFD 50 again", fcntl(p[0], F_DUPFD, 50));
  show("F_GETFD 51", fcntl(51, F_GETFD));
  show("F_DUPFD_CLOEXEC 60", fcntl(p[0], F_DUPFD_CLOEXEC, 60));
  show("F_GETFD 60", fcntl(60, F_GETFD));
  show("F_SETFD 60 0", fcntl(60, F_SETFD, 0));
  show("F_GETFD 60", fcntl(60, F_GETFD));
  show("F_SETFD 60 FD_CLOEXEC", fcntl(60, F_SETFD, FD_CLOEXEC));
  show("F_GETFD 60", fcntl(60, F_GETFD));
  show("F_DUPFD -1", fcntl(p[0], F_DUPFD, -1));
  show("close 60", close(60));
  show("F_GETFD closed", fcntl(60, F_GETFD));
  show("fcntl unknown cmd", fcntl(p[0], 0x7fff));
  show("pipe2 O_CLOEXEC", pipe2(q, O_CLOEXEC));
  printf("both ends FD_CLOEXEC: %d\n", fcntl(q[0], F_GETFD) == FD_CLOEXEC && fcntl(q[1], F_GETFD) == FD_CLOEXEC);
  show("pipe2 bad flags", pipe2(q, O_APPEND));
  printf("O_CLOEXEC is Linux's: %d\n", O_CLOEXEC == 02000000 || O_CLOEXEC == 0x20000000);

  puts("== FIONREAD on a regular file");
  char path[4096];
  snprintf(path, sizeof path, "%s/fionread.txt", argv[1]);
  int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  show("write 1000", write(f, big, 1000));
  show("lseek 300", lseek(f, 300, SEEK_SET));
  show("FIONREAD", readable(f));
  show("F_GETPIPE_SZ on a file", fcntl(f, F_GETPIPE_SZ));
  close(f);
  unlink(path);
  return 0;
}
