/* sleep: pause for the sum of the given intervals, like GNU sleep. An interval is a
 * decimal number (fractions allowed) with an optional suffix: s (seconds, the default),
 * m (minutes), h (hours) or d (days). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double parse_interval(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    double unit = 1;
    if (end != s && *end != '\0' && end[1] == '\0') {
        switch (*end) {
        case 's': unit = 1; end++; break;
        case 'm': unit = 60; end++; break;
        case 'h': unit = 60 * 60; end++; break;
        case 'd': unit = 24 * 60 * 60; end++; break;
        }
    }
    /* Overflow gives HUGE_VAL: accepted, like GNU's "sleep inf". !(v >= 0) also catches NaN. */
    if (end == s || *end != '\0' || !(v >= 0)) {
        fprintf(stderr, "sleep: invalid time interval '%s'\n", s);
        exit(1);
    }
    return v * unit;
}

int main(int argc, char **argv)
{
    int first = (argc > 1 && strcmp(argv[1], "--") == 0) ? 2 : 1;
    if (first >= argc) {
        fputs("sleep: missing operand\n", stderr);
        return 1;
    }
    double seconds = 0;
    for (int i = first; i < argc; i++) {
        /* sleep has no options, so like GNU's getopt reject anything that looks like one. */
        if (first == 1 && argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "sleep: invalid option -- '%c'\n", argv[i][1]);
            return 1;
        }
        seconds += parse_interval(argv[i]);
    }

    /* Clamp to what a 64-bit time_t holds; nobody will wait that long anyway. */
    struct timespec left;
    if (seconds >= 9.2e18) {
        left.tv_sec = (time_t)9.2e18;
        left.tv_nsec = 0;
    } else {
        left.tv_sec = (time_t)seconds;
        left.tv_nsec = (long)((seconds - (double)left.tv_sec) * 1e9);
        if (left.tv_nsec > 999999999)
            left.tv_nsec = 999999999;
    }
    /* A signal may cut the sleep short; nanosleep then reports what is left. */
    while (nanosleep(&left, &left) != 0) {
        if (errno != EINTR) {
            fprintf(stderr, "sleep: cannot sleep: %s\n", strerror(errno));
            return 1;
        }
    }
    return 0;
}
