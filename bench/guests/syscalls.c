/* syscalls: the per-call cost of two cheap system calls, timed inside the guest.
 *
 *   syscalls [N]    N calls of each (default 1000000)
 *
 * Loop 1 is N x write(fd, "x", 1) on /dev/null; loop 2 is N x clock_gettime(CLOCK_MONOTONIC).
 * Each loop is timed with CLOCK_MONOTONIC and reported on stdout as
 *   write 1000000 calls 123456789 ns 123.4 ns/call
 * (integer arithmetic only, so no floating-point printf is linked in).
 * Built for wasm32-wasi by bench/build.mjs (and natively with gcc for a reference).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void report(const char *name, long n, long long ns)
{
    long long tenths = ns * 10 / n;
    printf("%s %ld calls %lld ns %lld.%lld ns/call\n", name, n, ns, tenths / 10, tenths % 10);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    if (n <= 0) {
        fprintf(stderr, "usage: syscalls [N]\n");
        return 2;
    }
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) {
        perror("syscalls: open /dev/null");
        return 1;
    }

    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (write(fd, "x", 1) != 1) {
            perror("syscalls: write");
            return 1;
        }
    }
    long long t1 = now_ns();
    report("write", n, t1 - t0);

    struct timespec ts;
    long long sum = 0;
    t0 = now_ns();
    for (long i = 0; i < n; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        sum += ts.tv_nsec; /* use the result */
    }
    t1 = now_ns();
    report("clock_gettime", n, t1 - t0);

    close(fd);
    return sum == -1; /* never true; keeps sum live */
}
