/* tee: copy standard input to standard output and to each FILE, like GNU tee.
 *   -a  append to the files instead of truncating them
 * A file that cannot be opened or written is reported and dropped; the others go on, and
 * the exit status is 1 at the end. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[64 * 1024]; /* static: the wasm stack is only 64 KiB */

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
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

int main(int argc, char **argv)
{
    bool append = false, dashdash = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (dashdash || arg[0] != '-' || arg[1] == '\0') {
            argv[++nfiles] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            dashdash = true;
        } else {
            for (const char *p = arg + 1; *p; p++) {
                if (*p != 'a') {
                    fprintf(stderr, "tee: invalid option -- '%c'\n", *p);
                    return 1;
                }
                append = true;
            }
        }
    }

    /* fds[0] is stdout; -1 marks an output that failed. GNU tee treats "-" as a file name. */
    int *fds = malloc(((size_t)nfiles + 1) * sizeof *fds);
    if (!fds) {
        fputs("tee: memory exhausted\n", stderr);
        return 1;
    }
    int status = 0;
    fds[0] = STDOUT_FILENO;
    for (int i = 1; i <= nfiles; i++) {
        fds[i] = open(argv[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
        if (fds[i] < 0) {
            fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }

    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "tee: read error: %s\n", strerror(errno));
            status = 1;
            break;
        }
        if (n == 0)
            break;
        for (int i = 0; i <= nfiles; i++) {
            if (fds[i] < 0 || write_all(fds[i], buf, (size_t)n))
                continue;
            fprintf(stderr, "tee: %s: %s\n", i == 0 ? "standard output" : argv[i], strerror(errno));
            if (i > 0)
                close(fds[i]);
            fds[i] = -1;
            status = 1;
        }
    }
    for (int i = 1; i <= nfiles; i++) {
        if (fds[i] >= 0 && close(fds[i]) != 0) {
            fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    free(fds);
    return status;
}
