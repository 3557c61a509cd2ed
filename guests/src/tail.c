/* tail: print the last 10 lines of each FILE (or standard input), like GNU tail.
 *   -n N   last N lines      -n +N  from line N on
 *   -c N   last N bytes      -c +N  from byte N on
 *   -N     same as -n N (old style, first argument only)
 * With several files, each gets a "==> name <==" header as in GNU tail. No -f. The input is
 * read whole into memory: simple, and the same for pipes and files. */
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

static void output(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            fprintf(stderr, "tail: error writing 'standard output': %s\n", strerror(errno));
            exit(1);
        }
        p += w;
        n -= (size_t)w;
    }
}

/* Read all of fd into a malloc'd buffer. Returns 0 or a read errno. */
static int read_all(int fd, char **data, size_t *len)
{
    size_t cap = 64 * 1024;
    *len = 0;
    *data = malloc(cap);
    for (;;) {
        if (!*data) {
            fputs("tail: memory exhausted\n", stderr);
            exit(1);
        }
        ssize_t n = read(fd, *data + *len, cap - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            return 0;
        *len += (size_t)n;
        if (*len == cap)
            *data = realloc(*data, cap *= 2);
    }
}

/* Where the output starts in data[0..len). */
static size_t start_of_tail(const char *data, size_t len, uintmax_t count, bool lines, bool from_start)
{
    if (from_start) { /* +N: skip N-1 lines or bytes; +0 behaves like +1 */
        uintmax_t skip = count > 0 ? count - 1 : 0;
        if (!lines)
            return skip >= len ? len : (size_t)skip;
        size_t i = 0;
        for (; i < len && skip > 0; i++)
            if (data[i] == '\n')
                skip--;
        return i;
    }
    if (!lines)
        return count >= len ? 0 : len - (size_t)count;
    if (count == 0)
        return len;
    /* Find the count-th '\n' from the end, not counting the one that ends the last line. */
    size_t i = len;
    if (i > 0 && data[i - 1] == '\n')
        i--;
    for (; i > 0; i--)
        if (data[i - 1] == '\n' && --count == 0)
            break;
    return i;
}

int main(int argc, char **argv)
{
    uintmax_t count = 10;
    bool lines = true;
    char sign = 0;
    int nfiles = parse_count_args("tail", argc, argv, &count, &lines, &sign);
    if (nfiles < 0)
        return 1;
    const bool from_start = sign == '+';

    int status = 0;
    bool first = true;
    for (int i = 1; i <= nfiles; i++) {
        const char *name = argv[i];
        bool is_stdin = strcmp(name, "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "tail: cannot open '%s' for reading: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        char *data;
        size_t len;
        int err = read_all(fd, &data, &len);
        if (!is_stdin)
            close(fd);
        if (nfiles > 1) {
            printf("%s==> %s <==\n", first ? "" : "\n", is_stdin ? "standard input" : name);
            fflush(stdout); /* headers go through stdio, data through write(): keep order */
        }
        first = false;
        if (err != 0) {
            fprintf(stderr, "tail: error reading '%s': %s\n", name, strerror(err));
            status = 1;
        } else {
            size_t start = start_of_tail(data, len, count, lines, from_start);
            output(data + start, len - start);
        }
        free(data);
    }
    return status;
}
