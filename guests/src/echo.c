/* echo: print the arguments separated by spaces, like GNU /bin/echo.
 *   -n  no trailing newline    -e  interpret backslash escapes    -E  don't (default)
 * As in GNU echo, an argument is an option only if it is '-' followed by nothing but
 * 'n', 'e' and 'E' letters; anything else ("-x", "-", "--") is printed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_option(const char *arg)
{
    if (arg[0] != '-' || arg[1] == '\0')
        return false;
    return strspn(arg + 1, "neE") == strlen(arg + 1);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool is_octal(char c)
{
    return c >= '0' && c <= '7';
}

/* Print s with GNU echo -e escapes. Returns false after \c, which ends all output. */
static bool print_escaped(const char *s)
{
    while (*s) {
        int c = (unsigned char)*s++;
        if (c != '\\' || *s == '\0') {
            putchar(c);
            continue;
        }
        c = (unsigned char)*s++;
        switch (c) {
        case 'a': c = '\a'; break;
        case 'b': c = '\b'; break;
        case 'c': return false;
        case 'e': c = 0x1b; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'v': c = '\v'; break;
        case '\\': break;
        case 'x':
            if (hex_value(*s) < 0) { /* not an escape: print it as it is */
                putchar('\\');
                break;
            }
            c = hex_value(*s++);
            if (hex_value(*s) >= 0)
                c = c * 16 + hex_value(*s++);
            break;
        case '0': /* \0nnn: up to three octal digits after the 0 */
        case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            c -= '0';
            for (int digits = (c == 0 && is_octal(*s)) ? 3 : 2; digits > 0 && is_octal(*s); digits--)
                c = c * 8 + (*s++ - '0');
            break;
        default: /* unknown escape: keep the backslash */
            putchar('\\');
            break;
        }
        putchar(c & 0xff);
    }
    return true;
}

int main(int argc, char **argv)
{
    bool newline = true, escapes = false;
    int i = 1;
    for (; i < argc && is_option(argv[i]); i++) {
        for (const char *p = argv[i] + 1; *p; p++) {
            if (*p == 'n') newline = false;
            else escapes = (*p == 'e');
        }
    }
    bool more = true;
    for (int first = i; more && i < argc; i++) {
        if (i > first)
            putchar(' ');
        if (escapes)
            more = print_escaped(argv[i]);
        else
            fputs(argv[i], stdout);
    }
    if (more && newline)
        putchar('\n');
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "echo: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
