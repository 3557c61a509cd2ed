/* cat: copy each FILE (or standard input for none or "-") to standard output, like GNU cat
 * without formatting options. -u is accepted and ignored (output is never buffered). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Static, not on the stack: a wasm32-wasi program has only 64 KiB of stack. */
static char buf[64 * 1024];

/* write() may write less than asked (pipes, signals); loop until all is out. */
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

/* Copy fd to stdout. Returns 0, or the errno of a failed read (a write error is fatal). */
static int copy(int fd)
{
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (!write_all(STDOUT_FILENO, buf, (size_t)n)) {
            fprintf(stderr, "cat: write error: %s\n", strerror(errno));
            _exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    /* Options may appear anywhere before "--", as with getopt's argument permutation. */
    int nfiles = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (dashdash || arg[0] != '-' || arg[1] == '\0') {
            argv[++nfiles] = argv[i]; /* compact the operands in place */
        } else if (strcmp(arg, "--") == 0) {
            dashdash = true;
        } else {
            for (const char *p = arg + 1; *p; p++) {
                if (*p != 'u') {
                    fprintf(stderr, "cat: invalid option -- '%c'\n", *p);
                    return 1;
                }
            }
        }
    }
    if (nfiles == 0)
        argv[++nfiles] = "-";

    int status = 0;
    for (int i = 1; i <= nfiles; i++) {
        const char *name = argv[i];
        bool is_stdin = strcmp(name, "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        int err = copy(fd);
        if (err != 0) {
            fprintf(stderr, "cat: %s: %s\n", name, strerror(err));
            status = 1;
        }
        if (!is_stdin)
            close(fd);
    }
    return status;
}
