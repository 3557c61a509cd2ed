/* yes: print "y" (or the arguments, separated by spaces) forever, like GNU yes. Output goes
 * out in large blocks, so `yes | head` measures the pipe, not the per-line overhead. It
 * stops at the first write error, e.g. EPIPE once the reader is gone (where there are
 * signals, SIGPIPE ends it first). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char block[16 * 1024]; /* static: the wasm stack is only 64 KiB */

int main(int argc, char **argv)
{
    /* Build one line; GNU treats "--" as the end of options, which yes has none of. */
    int first = (argc > 1 && strcmp(argv[1], "--") == 0) ? 2 : 1;
    size_t len = 0;
    for (int i = first; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *line = malloc(len ? len : 2);
    if (!line) {
        fputs("yes: memory exhausted\n", stderr);
        return 1;
    }
    if (len == 0) {
        memcpy(line, "y\n", 2);
        len = 2;
    } else {
        char *p = line;
        for (int i = first; i < argc; i++) {
            size_t n = strlen(argv[i]);
            memcpy(p, argv[i], n);
            p += n;
            *p++ = i + 1 < argc ? ' ' : '\n';
        }
    }

    /* Repeat the line to fill the block when it fits; otherwise write it on its own. */
    const char *out = line;
    size_t out_len = len;
    if (len <= sizeof block) {
        out_len = 0;
        while (out_len + len <= sizeof block) {
            memcpy(block + out_len, line, len);
            out_len += len;
        }
        out = block;
    }
    for (;;) {
        size_t done = 0;
        while (done < out_len) {
            ssize_t w = write(STDOUT_FILENO, out + done, out_len - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                fprintf(stderr, "yes: standard output: %s\n", strerror(errno));
                return 1;
            }
            done += (size_t)w;
        }
    }
}
