/* sort: sort the lines of all FILEs (or standard input), like GNU sort in the C locale.
 *   -r  reverse   -n  compare leading numbers   -u  output only the first of equal lines
 * As in GNU sort, lines that compare equal under -n fall back to a byte comparison (which
 * -r also reverses), and with -u "equal" means equal under the chosen comparison. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct line {
    const char *text; /* not NUL-terminated */
    size_t len;
};

static bool reverse, numeric, unique;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("sort: memory exhausted\n", stderr);
        exit(2);
    }
    return p;
}

/* Append all of fd to the buffer, making sure it ends in '\n'. Returns 0 or a read errno. */
static int slurp(int fd, char **buf, size_t *len, size_t *cap)
{
    size_t start = *len;
    for (;;) {
        if (*cap - *len < 4096)
            *buf = xrealloc(*buf, *cap = *cap * 2 + 65536);
        ssize_t n = read(fd, *buf + *len, *cap - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            break;
        *len += (size_t)n;
    }
    if (*len > start && (*buf)[*len - 1] != '\n')
        (*buf)[(*len)++] = '\n'; /* room is guaranteed by the 4096 bytes kept free */
    return 0;
}

static int compare_bytes(const struct line *a, const struct line *b)
{
    int d = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
    if (d != 0)
        return d;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* A decimal number parsed as strings: comparing these never loses precision. */
struct number {
    bool negative;
    const char *whole, *frac; /* digits without leading (whole) or trailing (frac) zeros */
    size_t whole_len, frac_len;
};

/* GNU -n: optional blanks, optional '-', digits, optional '.' and digits. Anything else
 * (including an empty prefix) is zero; "-0" is zero too. */
static struct number parse_number(const struct line *l)
{
    const char *p = l->text, *end = l->text + l->len;
    struct number n = {false, NULL, NULL, 0, 0};
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p < end && *p == '-') {
        n.negative = true;
        p++;
    }
    while (p < end && *p == '0')
        p++;
    n.whole = p;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    n.whole_len = (size_t)(p - n.whole);
    if (p < end && *p == '.') {
        n.frac = ++p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        n.frac_len = (size_t)(p - n.frac);
        while (n.frac_len > 0 && n.frac[n.frac_len - 1] == '0')
            n.frac_len--;
    }
    if (n.whole_len == 0 && n.frac_len == 0)
        n.negative = false;
    return n;
}

static int compare_numbers(const struct line *a, const struct line *b)
{
    struct number x = parse_number(a), y = parse_number(b);
    if (x.negative != y.negative)
        return x.negative ? -1 : 1;
    int d;
    if (x.whole_len != y.whole_len) {
        d = x.whole_len < y.whole_len ? -1 : 1;
    } else if ((d = memcmp(x.whole, y.whole, x.whole_len)) == 0) {
        size_t n = x.frac_len < y.frac_len ? x.frac_len : y.frac_len;
        if ((d = n ? memcmp(x.frac, y.frac, n) : 0) == 0)
            d = x.frac_len < y.frac_len ? -1 : x.frac_len > y.frac_len;
    }
    return x.negative ? -d : d;
}

/* The comparison -u uses to decide which lines are duplicates. */
static int compare_key(const struct line *a, const struct line *b)
{
    int d = numeric ? compare_numbers(a, b) : compare_bytes(a, b);
    return reverse ? -d : d;
}

static int compare(const struct line *a, const struct line *b)
{
    int d = compare_key(a, b);
    if (d != 0 || unique || !numeric)
        return d;
    d = compare_bytes(a, b); /* GNU's last-resort comparison */
    return reverse ? -d : d;
}

/* Stable merge sort: -u keeps the first of equal lines in input order, as GNU does. */
static void merge_sort(struct line *v, struct line *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t half = n / 2;
    merge_sort(v, tmp, half);
    merge_sort(v + half, tmp, n - half);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n)
        tmp[k++] = compare(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < half)
        tmp[k++] = v[i++];
    memcpy(v, tmp, k * sizeof *v); /* v[j..n) is already in place */
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
                case 'r': reverse = true; break;
                case 'n': numeric = true; break;
                case 'u': unique = true; break;
                default:
                    fprintf(stderr, "sort: invalid option -- '%c'\n", *p);
                    return 2;
                }
            }
        }
    }
    if (nfiles == 0)
        argv[++nfiles] = "-";

    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (int i = 1; i <= nfiles; i++) {
        const char *name = argv[i];
        bool is_stdin = strcmp(name, "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "sort: cannot read: %s: %s\n", name, strerror(errno));
            return 2;
        }
        int err = slurp(fd, &buf, &len, &cap);
        if (err != 0) {
            fprintf(stderr, "sort: read failed: %s: %s\n", name, strerror(err));
            return 2;
        }
        if (!is_stdin)
            close(fd);
    }

    size_t nlines = 0;
    for (size_t i = 0; i < len; i++)
        nlines += buf[i] == '\n';
    struct line *lines = xrealloc(NULL, nlines * sizeof *lines);
    struct line *tmp = xrealloc(NULL, nlines * sizeof *tmp);
    for (size_t i = 0, start = 0, n = 0; i < len; i++) {
        if (buf[i] == '\n') {
            lines[n++] = (struct line){buf + start, i - start};
            start = i + 1;
        }
    }
    merge_sort(lines, tmp, nlines);

    for (size_t i = 0; i < nlines; i++) {
        if (unique && i > 0 && compare_key(&lines[i - 1], &lines[i]) == 0)
            continue;
        fwrite(lines[i].text, 1, lines[i].len, stdout);
        putchar('\n');
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "sort: write failed: standard output: %s\n", strerror(errno));
        return 2;
    }
    return 0;
}
