/* ls: list directory contents, like GNU ls in the C locale with output to a pipe.
 *   -a  include names starting with '.'   -l  long format   -1  one name per line
 * Names are always printed one per line (GNU does that too when stdout is not a terminal)
 * and sorted bytewise. Operands that are not directories are listed first, then each
 * directory, with "name:" headers when there is more than one operand. Missing operands
 * make the exit status 2, as in GNU ls. Devices show their size, not major/minor numbers.
 * Without <pwd.h>/<grp.h> (wasi-libc) owners are numeric, as with GNU `ls -n`. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if __has_include(<pwd.h>) && __has_include(<grp.h>)
#include <grp.h>
#include <pwd.h>
#define HAVE_USER_NAMES 1
#endif

struct entry {
    char *name; /* as printed */
    char *path; /* for lstat/readlink */
    struct stat st;
    char *owner, *group; /* NULL: print the number */
};

struct list {
    struct entry *v;
    size_t n, cap;
};

struct widths {
    int nlink, owner, group, size;
};

static bool show_all, long_format;
static int status;
static struct timespec now;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("ls: memory exhausted\n", stderr);
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    return strcpy(xmalloc(strlen(s) + 1), s);
}

static struct entry *push(struct list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        struct entry *v = xmalloc(l->cap * sizeof *v);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        free(l->v);
        l->v = v;
    }
    struct entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

static void clear(struct list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].path);
        free(l->v[i].owner);
        free(l->v[i].group);
    }
    l->n = 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int digits(uintmax_t v)
{
    int n = 1;
    for (; v >= 10; v /= 10)
        n++;
    return n;
}

static int max(int a, int b)
{
    return a > b ? a : b;
}

static void lookup_owner(struct entry *e)
{
#ifdef HAVE_USER_NAMES
    struct passwd *pw = getpwuid(e->st.st_uid);
    struct group *gr = getgrgid(e->st.st_gid);
    e->owner = pw ? xstrdup(pw->pw_name) : NULL;
    e->group = gr ? xstrdup(gr->gr_name) : NULL;
#else
    (void)e;
#endif
}

static void mode_string(mode_t m, char s[11])
{
    s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
         : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : S_ISREG(m) ? '-' : '?';
    for (int i = 0; i < 9; i++)
        s[1 + i] = (m & (0400 >> i)) ? "rwxrwxrwx"[i] : '-';
    if (m & S_ISUID) s[3] = s[3] == 'x' ? 's' : 'S';
    if (m & S_ISGID) s[6] = s[6] == 'x' ? 's' : 'S';
    if (m & S_ISVTX) s[9] = s[9] == 'x' ? 't' : 'T';
    s[10] = '\0';
}

static bool before(struct timespec a, struct timespec b)
{
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

/* GNU's rule: times within the last six months (of an average Gregorian year) show the
 * hour and minute, older or future ones show the year. */
static void print_time(struct timespec when)
{
    if (before(now, when))
        clock_gettime(CLOCK_REALTIME, &now); /* the file may be newer than our clock read */
    struct timespec six_months_ago = {now.tv_sec - 31556952 / 2, now.tv_nsec};
    bool recent = before(six_months_ago, when) && before(when, now);
    char buf[64];
    struct tm tm;
    if (localtime_r(&when.tv_sec, &tm) && strftime(buf, sizeof buf, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm))
        printf("%s ", buf);
    else
        printf("%jd ", (intmax_t)when.tv_sec);
}

static void print_id(const char *name, uintmax_t id, int width)
{
    if (name)
        printf("%-*s ", width, name);
    else
        printf("%*ju ", width, id); /* GNU right-aligns numeric ids */
}

static void print_long(const struct entry *e, const struct widths *w)
{
    char mode[11];
    mode_string(e->st.st_mode, mode);
    printf("%s %*ju ", mode, w->nlink, (uintmax_t)e->st.st_nlink);
    print_id(e->owner, (uintmax_t)e->st.st_uid, w->owner);
    print_id(e->group, (uintmax_t)e->st.st_gid, w->group);
    printf("%*jd ", w->size, (intmax_t)e->st.st_size);
    print_time(e->st.st_mtim);
    fputs(e->name, stdout);
    if (S_ISLNK(e->st.st_mode)) {
        static char target[4096];
        ssize_t n = readlink(e->path, target, sizeof target - 1);
        if (n >= 0) {
            target[n] = '\0';
            printf(" -> %s", target);
        }
    }
    putchar('\n');
}

/* Widen w to fit the entries of l. */
static void fit(struct widths *w, const struct list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct entry *e = &l->v[i];
        w->nlink = max(w->nlink, digits((uintmax_t)e->st.st_nlink));
        w->owner = max(w->owner, e->owner ? (int)strlen(e->owner) : digits((uintmax_t)e->st.st_uid));
        w->group = max(w->group, e->group ? (int)strlen(e->group) : digits((uintmax_t)e->st.st_gid));
        w->size = max(w->size, digits((uintmax_t)e->st.st_size));
    }
}

/* Print a sorted list; in long format, with columns at least as wide as w. A directory's
 * listing starts with its size in KiB (st_blocks counts 512 bytes; GNU rounds up). */
static void print_list(struct list *l, struct widths w, bool total)
{
    qsort(l->v, l->n, sizeof *l->v, by_name);
    if (!long_format) {
        for (size_t i = 0; i < l->n; i++)
            puts(l->v[i].name);
        return;
    }
    fit(&w, l);
    if (total) {
        uintmax_t blocks = 0;
        for (size_t i = 0; i < l->n; i++)
            blocks += (uintmax_t)l->v[i].st.st_blocks;
        printf("total %ju\n", (blocks + 1) / 2);
    }
    for (size_t i = 0; i < l->n; i++)
        print_long(&l->v[i], &w);
}

static void list_dir(const char *dir, bool header, bool *first)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "ls: cannot open directory '%s': %s\n", dir, strerror(errno));
        status = 2;
        return;
    }
    if (header) {
        printf("%s%s:\n", *first ? "" : "\n", dir);
        *first = false;
    }
    struct list l = {0};
    struct dirent *de;
    while ((errno = 0, de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && !show_all)
            continue;
        struct entry *e = push(&l);
        e->name = xstrdup(de->d_name);
        e->path = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
        sprintf(e->path, "%s/%s", dir, de->d_name);
        if (!long_format)
            continue;
        if (lstat(e->path, &e->st) != 0) {
            fprintf(stderr, "ls: cannot access '%s': %s\n", e->path, strerror(errno));
            if (status == 0)
                status = 1;
            free(e->name);
            free(e->path);
            l.n--;
            continue;
        }
        lookup_owner(e);
    }
    if (errno != 0) {
        fprintf(stderr, "ls: reading directory '%s': %s\n", dir, strerror(errno));
        status = 2;
    }
    closedir(d);
    print_list(&l, (struct widths){1, 1, 1, 1}, true);
    clear(&l);
    free(l.v);
}

int main(int argc, char **argv)
{
    int nargs = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (dashdash || arg[0] != '-' || arg[1] == '\0') {
            argv[++nargs] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            dashdash = true;
        } else {
            for (const char *p = arg + 1; *p; p++) {
                switch (*p) {
                case 'a': show_all = true; break;
                case 'l': long_format = true; break;
                case '1': break; /* always one per line */
                default:
                    fprintf(stderr, "ls: invalid option -- '%c'\n", *p);
                    return 2;
                }
            }
        }
    }
    clock_gettime(CLOCK_REALTIME, &now);

    /* Sort operands into files (listed first, together) and directories. */
    struct list files = {0}, dirs = {0};
    for (int i = 1; i <= (nargs ? nargs : 1); i++) {
        const char *arg = nargs ? argv[i] : ".";
        struct stat st;
        /* -l shows a symlink itself; otherwise follow it, unless it dangles. */
        int r = long_format ? lstat(arg, &st) : stat(arg, &st);
        if (r != 0 && !long_format)
            r = lstat(arg, &st);
        if (r != 0) {
            fprintf(stderr, "ls: cannot access '%s': %s\n", arg, strerror(errno));
            status = 2;
            continue;
        }
        struct entry *e = push(S_ISDIR(st.st_mode) ? &dirs : &files);
        e->name = xstrdup(arg);
        e->path = xstrdup(arg);
        e->st = st;
        lookup_owner(e);
    }

    if (files.n > 0) {
        /* GNU sizes the columns before it sets the directory operands aside, so they
         * count too. */
        struct widths w = {1, 1, 1, 1};
        fit(&w, &dirs);
        print_list(&files, w, false);
        if (dirs.n > 0)
            putchar('\n');
    }
    qsort(dirs.v, dirs.n, sizeof *dirs.v, by_name);
    bool header = files.n > 0 || nargs > 1 || dirs.n > 1;
    bool first = true;
    for (size_t i = 0; i < dirs.n; i++)
        list_dir(dirs.v[i].path, header, &first);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ls: write error: %s\n", strerror(errno));
        return 2;
    }
    return status;
}
