/* wc: count lines, words and bytes, like GNU wc (coreutils 9.1) in the C locale.
 *   -l lines   -w words   -c bytes   (default: all three, in that order)
 * The column width follows GNU's rule so outputs can be diffed: 1 when a single count of a
 * single input is printed, otherwise wide enough for the total size of the regular files,
 * and at least 7 if any input is not a regular file (a pipe, a terminal). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
    uintmax_t lines, words, bytes;
};

static bool want_lines, want_words, want_bytes;
static int width = 1;
static char buf[64 * 1024]; /* static: the wasm stack is only 64 KiB */

/* Count fd into c. Returns 0 or the errno of a failed read. */
static int count(int fd, struct counts *c)
{
    bool in_word = false;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        c->bytes += (uintmax_t)n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n')
                c->lines++;
            /* GNU 9.1: white space ends a word, a printable character starts one, and other
             * bytes (controls, bytes >= 0x80 in the C locale) leave the state alone. */
            if (isspace(ch)) {
                in_word = false;
            } else if (isprint(ch) && !in_word) {
                in_word = true;
                c->words++;
            }
        }
    }
}

static void print_counts(const struct counts *c, const char *name)
{
    const char *sep = "";
    if (want_lines) { printf("%s%*" PRIuMAX, sep, width, c->lines); sep = " "; }
    if (want_words) { printf("%s%*" PRIuMAX, sep, width, c->words); sep = " "; }
    if (want_bytes) { printf("%s%*" PRIuMAX, sep, width, c->bytes); }
    if (name)
        printf(" %s", name);
    putchar('\n');
}

/* GNU's get_input_fstatus + compute_number_width. Inputs that cannot be stat'ed (they will
 * fail to open too) do not count. */
static int number_width(int nfiles, char **files)
{
    if (nfiles == 1 && want_lines + want_words + want_bytes == 1)
        return 1;
    int min_width = 1, w = 1;
    uintmax_t regular_total = 0;
    for (int i = 0; i < nfiles; i++) {
        struct stat st;
        int r = strcmp(files[i], "-") == 0 ? fstat(STDIN_FILENO, &st) : stat(files[i], &st);
        if (r != 0)
            continue;
        if (S_ISREG(st.st_mode))
            regular_total += (uintmax_t)st.st_size;
        else
            min_width = 7;
    }
    for (; regular_total >= 10; regular_total /= 10)
        w++;
    return w < min_width ? min_width : w;
}

int main(int argc, char **argv)
{
    int nfiles = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (dashdash || arg[0] != '-' || arg[1] == '\0') {
            argv[++nfiles] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            dashdash = true;
        } else {
            for (const char *p = arg + 1; *p; p++) {
                switch (*p) {
                case 'l': want_lines = true; break;
                case 'w': want_words = true; break;
                case 'c': want_bytes = true; break;
                default:
                    fprintf(stderr, "wc: invalid option -- '%c'\n", *p);
                    return 1;
                }
            }
        }
    }
    if (!want_lines && !want_words && !want_bytes)
        want_lines = want_words = want_bytes = true;

    /* With no operands GNU counts stdin and prints no name; "-" names it explicitly. */
    bool named = nfiles > 0;
    if (nfiles == 0)
        argv[++nfiles] = "-";
    width = number_width(nfiles, argv + 1);

    int status = 0;
    struct counts total = {0, 0, 0};
    for (int i = 1; i <= nfiles; i++) {
        const char *name = argv[i];
        bool is_stdin = strcmp(name, "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        struct counts c = {0, 0, 0};
        int err = count(fd, &c);
        if (err != 0) { /* like GNU, still print what was counted (e.g. 0 for a directory) */
            fprintf(stderr, "wc: %s: %s\n", name, strerror(err));
            status = 1;
        }
        if (!is_stdin)
            close(fd);
        print_counts(&c, named ? name : NULL);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (nfiles > 1)
        print_counts(&total, "total");

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "wc: write error: %s\n", strerror(errno));
        return 1;
    }
    return status;
}
