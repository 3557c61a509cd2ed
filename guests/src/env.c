/* env: print the environment, after applying options and NAME=VALUE assignments.
 *   -i, -    start from an empty environment
 *   -u NAME  remove NAME
 * Running a COMMAND is not supported yet (it needs Cove's spawn/exec): env says so and
 * exits 125, GNU env's status for "env itself failed". */
#define _XOPEN_SOURCE 700 /* putenv is XSI */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    static char *empty[] = {NULL};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "-") == 0 || strcmp(arg, "-i") == 0) {
            environ = empty; /* putenv copies the array before it adds, so this is safe */
        } else if (strncmp(arg, "-u", 2) == 0) {
            const char *name = arg[2] ? arg + 2 : argv[++i];
            if (!name) {
                fputs("env: option requires an argument -- 'u'\n", stderr);
                return 125;
            }
            if (unsetenv(name) != 0) {
                fprintf(stderr, "env: cannot unset '%s': %s\n", name, strerror(errno));
                return 125;
            }
        } else {
            fprintf(stderr, "env: invalid option -- '%c'\n", arg[1]);
            return 125;
        }
    }
    /* putenv keeps the argument itself in the environment, like GNU env. */
    for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
        if (putenv(argv[i]) != 0) {
            fprintf(stderr, "env: cannot set '%s': %s\n", argv[i], strerror(errno));
            return 125;
        }
    }
    if (i < argc) {
        fprintf(stderr, "env: cannot run '%s': running commands is not supported yet\n", argv[i]);
        return 125;
    }
    for (char **e = environ; *e; e++)
        puts(*e);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "env: write error: %s\n", strerror(errno));
        return 125;
    }
    return 0;
}
