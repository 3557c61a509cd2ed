/* counts.h — the command line head and tail share (GNU's): -n N, -c N, -N as the
 * first argument, "--", and FILE operands. N may carry a sign, which each program
 * reads its own way: head -n -N means "all but the last N", tail -n +N "from the
 * Nth on". Included by head.c and tail.c only, so its functions are static. */
#ifndef COUNTS_H
#define COUNTS_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses N, +N or -N into a count and its sign ('+', '-' or 0). Exits on garbage, like GNU. */
static uintmax_t parse_count(const char *prog, const char *s, bool lines, char *sign)
{
    *sign = (*s == '+' || *s == '-') ? *s : 0;
    const char *digits = *sign ? s + 1 : s;
    char *end;
    errno = 0;
    uintmax_t v = strtoumax(digits, &end, 10);
    if (*digits < '0' || *digits > '9' || *end != '\0' || errno == ERANGE) {
        fprintf(stderr, "%s: invalid number of %s: '%s'\n", prog, lines ? "lines" : "bytes", s);
        exit(1);
    }
    return v;
}

/* Parses argv; moves the FILE operands to argv[1..n] ("-" when there are none) and
 * returns n, or -1 after printing GNU's message for a bad option. */
static int parse_count_args(const char *prog, int argc, char **argv, uintmax_t *count, bool *lines, char *sign)
{
    int nfiles = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (dashdash || arg[0] != '-' || arg[1] == '\0') {
            argv[++nfiles] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            dashdash = true;
        } else if (i == 1 && arg[1] >= '0' && arg[1] <= '9') {
            *count = parse_count(prog, arg + 1, true, sign); /* head -5, tail -5 */
        } else if (arg[1] == 'n' || arg[1] == 'c') {
            *lines = arg[1] == 'n';
            const char *value = arg[2] ? arg + 2 : argv[++i];
            if (!value) {
                fprintf(stderr, "%s: option requires an argument -- '%c'\n", prog, arg[1]);
                return -1;
            }
            *count = parse_count(prog, value, *lines, sign);
        } else {
            fprintf(stderr, "%s: invalid option -- '%c'\n", prog, arg[1]);
            return -1;
        }
    }
    if (nfiles == 0)
        argv[++nfiles] = "-";
    return nfiles;
}

#endif
