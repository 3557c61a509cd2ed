/* head: print the first 10 lines of each FILE (or standard input), like GNU head.
 *   -n N   first N lines          -n -N  all but the last N lines
 *   -c N   first N bytes          -c -N  all but the last N bytes
 *   -N     same as -n N (old style, first argument only)
 * With several files, each gets a "==> name <==" header as in GNU head. Positive counts
 * stream (so `yes | head` ends); negative ones need the whole input in memory. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counts.h"

static char buf[64 * 1024]; /* static: the wasm stack is only 64 KiB */

static bool write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void output(const char *p, size_t n)
{
    if (!write_all(p, n)) {
        fprintf(stderr, "head: error writing 'standard output': %s\n", strerror(errno));
        exit(1);
    }
}

/* read() that retries on EINTR. */
static ssize_t read_some(int fd, char *p, size_t n)
{
    ssize_t r;
    while ((r = read(fd, p, n)) < 0 && errno == EINTR)
        ;
    return r;
}

/* Print the first `limit` lines (or bytes). Returns 0 or a read errno. */
static int head_stream(int fd, uintmax_t limit, bool lines)
{
    while (limit > 0) {
        ssize_t n = read_some(fd, buf, sizeof buf);
        if (n <= 0)
            return n < 0 ? errno : 0;
        size_t take = (size_t)n;
        if (!lines) {
            if ((uintmax_t)n > limit)
                take = (size_t)limit;
            limit -= take;
        } else {
            for (size_t i = 0; i < (size_t)n; i++) {
                if (buf[i] == '\n' && --limit == 0) {
                    take = i + 1;
                    break;
                }
            }
        }
        output(buf, take);
    }
    return 0;
}

/* Print all but the last `drop` lines (or bytes): read everything, then cut. */
static int head_all_but(int fd, uintmax_t drop, bool lines)
{
    size_t len = 0, cap = 0;
    char *data = NULL;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : sizeof buf;
            data = realloc(data, cap);
            if (!data) {
                fputs("head: memory exhausted\n", stderr);
                exit(1);
            }
        }
        ssize_t n = read_some(fd, data + len, cap - len);
        if (n < 0) {
            free(data);
            return errno;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    size_t end = len;
    if (!lines) {
        end = drop >= len ? 0 : len - (size_t)drop;
    } else {
        /* Walk back over `drop` lines; a final line without '\n' counts as one. */
        if (drop > 0 && end > 0 && data[end - 1] != '\n') {
            while (end > 0 && data[end - 1] != '\n')
                end--;
            drop--;
        }
        for (; drop > 0 && end > 0; drop--) {
            end--; /* the '\n' ending the line being dropped */
            while (end > 0 && data[end - 1] != '\n')
                end--;
        }
    }
    output(data, end);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    uintmax_t count = 10;
    bool lines = true;
    char sign = 0;
    int nfiles = parse_count_args("head", argc, argv, &count, &lines, &sign);
    if (nfiles < 0)
        return 1;
    const bool all_but = sign == '-';

    int status = 0;
    bool first = true;
    for (int i = 1; i <= nfiles; i++) {
        const char *name = argv[i];
        bool is_stdin = strcmp(name, "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "head: cannot open '%s' for reading: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        if (nfiles > 1) {
            printf("%s==> %s <==\n", first ? "" : "\n", is_stdin ? "standard input" : name);
            fflush(stdout); /* headers go through stdio, data through write(): keep order */
        }
        first = false;
        int err = all_but ? head_all_but(fd, count, lines) : head_stream(fd, count, lines);
        if (err != 0) {
            fprintf(stderr, "head: error reading '%s': %s\n", name, strerror(err));
            status = 1;
        }
        if (!is_stdin)
            close(fd);
    }
    return status;
}
