/* sh: Cove's shell, /bin/sh. A small POSIX-style command interpreter:
 *
 *   sh -c 'command' [name [arg...]]    run a command string ($0 = name, $1... = args)
 *   sh script.sh [arg...]              run a script file
 *   sh [-s] [-i] [arg...]              read commands from standard input; interactive
 *                                      (prompt "$ ") when it is a terminal, or with -i
 *
 * Supported: simple commands, pipelines of any length ("a | b | c"), lists with ";",
 * "&&", "||" and newlines, "!" before a pipeline; redirections <, >, >|, >>, <>, N>file,
 * N>&M, N<&M, N>&- (any fd N); single and double quotes, backslash escapes, comments;
 * $VAR, ${VAR}, ${VAR:-w} ${VAR-w} ${VAR:=w} ${VAR=w} ${VAR:+w} ${VAR+w} ${#VAR},
 * $?, $$, $#, $0..$9, $@, $*, "$@"; ~ at the start of a word; field splitting of
 * unquoted expansions on $IFS; VAR=value (alone, or before a command for its
 * environment). Builtins: cd, pwd, exit, export, unset, shift, exec, true, false, ":".
 * Not supported (a syntax error or "not supported" message rather than surprises):
 * if/while/for/case and other compound commands, functions, subshells "( )", background
 * jobs "&", here-documents, $(...) and `...`, pathname expansion (globs).
 *
 * Commands are looked up in $PATH ("/bin" when unset) or run by path. There is no fork
 * in Cove: every command is started with posix_spawn, and pipes and redirections are
 * file actions. A file that is not a program (ENOEXEC) is run as a script by /bin/sh.
 * Builtins run in the shell, except as part of a multi-command pipeline, where a child
 * /bin/sh runs them (a subshell, as POSIX has it).
 * Exit statuses follow POSIX shells: 127 not found, 126 not executable, 128+N for a
 * command killed by signal N; a pipeline's status is its last command's.
 *
 * The code is in four parts: input (reading lines), the tokenizer, the parser (into a
 * small AST in static arrays), and the executor (expansion, builtins, spawning).
 * Buffers are static or on the heap: the wasm stack is only 64 KiB.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ======================================================================== */
/* Shell state                                                              */
/* ======================================================================== */

static const char *arg0 = "sh"; /* $0, and the prefix of error messages */
static char **posv;              /* $1... */
static int posc;
static int last_status;          /* $? */
static int lineno = 1;           /* line of the command being run, for messages */
static bool interactive;
/* Expanding and running a command of a multi-command pipeline, which is a subshell:
 * its assignments (NAME=value alone, ${NAME:=word}) do not change the shell. */
static bool in_subshell;

/* Fds the shell opens for itself live at or above this, out of the way of the
 * 0..9 that redirections usually name. */
#define SHELL_FD_BASE 10

static void error_msg(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: %d: ", arg0, lineno);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", arg0);
        exit(2);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- variables ---- */

struct var {
    char *name;
    char *value; /* NULL: declared (export NAME) but unset */
    bool exported;
};

#define MAX_VARS 1024
static struct var vars[MAX_VARS];
static int nvars;

static bool is_name_start(int c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(int c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Length of the name at the start of s (0 if s does not start with one). */
static size_t name_len(const char *s, size_t n)
{
    if (n == 0 || !is_name_start((unsigned char)s[0])) return 0;
    size_t i = 1;
    while (i < n && is_name_char((unsigned char)s[i])) i++;
    return i;
}

static struct var *var_find(const char *name, size_t len)
{
    for (int i = 0; i < nvars; i++)
        if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0) return &vars[i];
    return NULL;
}

static const char *var_get(const char *name)
{
    struct var *v = var_find(name, strlen(name));
    return v ? v->value : NULL;
}

static struct var *var_set(const char *name, size_t len, const char *value)
{
    struct var *v = var_find(name, len);
    if (!v) {
        if (nvars == MAX_VARS) {
            error_msg("too many variables");
            return NULL;
        }
        v = &vars[nvars++];
        v->name = xstrndup(name, len);
        v->value = NULL;
        v->exported = false;
    }
    if (value) {
        char *copy = xstrndup(value, strlen(value));
        free(v->value);
        v->value = copy;
    }
    return v;
}

static void var_unset(const char *name)
{
    struct var *v = var_find(name, strlen(name));
    if (!v) return;
    free(v->name);
    free(v->value);
    *v = vars[--nvars];
}

/* ======================================================================== */
/* Input                                                                    */
/* ======================================================================== */

/* The text being parsed: a whole -c string or script, or the lines read so far of the
 * command being read from standard input. Tokens point into it. */
static char *text;
static size_t text_len, text_cap;

static void text_append(const char *s, size_t n)
{
    if (text_len + n + 1 > text_cap) {
        size_t cap = text_cap ? text_cap : 4096;
        while (cap < text_len + n + 1) cap *= 2;
        char *p = realloc(text, cap);
        if (!p) {
            fprintf(stderr, "%s: out of memory\n", arg0);
            exit(2);
        }
        text = p;
        text_cap = cap;
    }
    memcpy(text + text_len, s, n);
    text_len += n;
    text[text_len] = '\0';
}

/* Appends the next line of standard input (with its newline) to text. Returns false at
 * end of input. Reads no further than the line's newline when stdin cannot seek back,
 * so that commands reading the same stdin get the rest (as POSIX requires). */
static bool read_line(void)
{
    static char buf[4096];
    bool seekable = lseek(0, 0, SEEK_CUR) >= 0 && !interactive;
    bool got = false;
    for (;;) {
        ssize_t n = read(0, buf, seekable ? sizeof buf : 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return got;
        got = true;
        char *nl = memchr(buf, '\n', (size_t)n);
        if (nl) {
            size_t take = (size_t)(nl - buf) + 1;
            text_append(buf, take);
            if (seekable && take < (size_t)n) lseek(0, (off_t)take - n, SEEK_CUR);
            return true;
        }
        text_append(buf, (size_t)n);
    }
}

/* ======================================================================== */
/* Tokenizer                                                                */
/* ======================================================================== */

enum tok {
    T_WORD,
    T_NEWLINE,
    T_SEMI,
    T_AND,   /* && */
    T_OR,    /* || */
    T_PIPE,  /* |  */
    T_AMP,   /* &  */
    T_LPAREN,
    T_RPAREN,
    T_REDIR,
    T_EOF,
    T_INCOMPLETE, /* input ended inside a quote */
};

enum redir_op { R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct token {
    enum tok type;
    const char *s; /* T_WORD: the raw text, quotes included; others: the operator */
    int len;
    int line;
    enum redir_op op; /* T_REDIR */
    int fd;           /* T_REDIR: the IO number, or -1 */
};

static size_t pos;  /* next character of text */
static int lex_line;

static bool is_meta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
           c == '(' || c == ')';
}

/* Scans a word from pos: up to an unquoted metacharacter. False if the input ends
 * inside quotes or ${...}. */
static bool scan_word(void)
{
    while (pos < text_len && !is_meta(text[pos])) {
        char c = text[pos];
        if (c == '\\') {
            if (pos + 1 >= text_len) {
                pos++;
                break;
            }
            if (text[pos + 1] == '\n') lex_line++;
            pos += 2;
        } else if (c == '\'') {
            pos++;
            while (pos < text_len && text[pos] != '\'') {
                if (text[pos] == '\n') lex_line++;
                pos++;
            }
            if (pos >= text_len) return false;
            pos++;
        } else if (c == '"') {
            pos++;
            while (pos < text_len && text[pos] != '"') {
                if (text[pos] == '\\' && pos + 1 < text_len) pos++;
                if (text[pos] == '\n') lex_line++;
                pos++;
            }
            if (pos >= text_len) return false;
            pos++;
        } else if (c == '$' && pos + 1 < text_len && text[pos + 1] == '(') {
            /* $(...) and $((...)): one word (the expander says they are not supported). */
            int depth = 0;
            pos++;
            do {
                if (text[pos] == '(') depth++;
                else if (text[pos] == ')') depth--;
                else if (text[pos] == '\n') lex_line++;
                pos++;
            } while (pos < text_len && depth > 0);
            if (depth > 0) return false;
        } else if (c == '$' && pos + 1 < text_len && text[pos + 1] == '{') {
            pos += 2;
            while (pos < text_len && text[pos] != '}') {
                if (text[pos] == '\\' && pos + 1 < text_len) pos++;
                else if (text[pos] == '\'' || text[pos] == '"') {
                    char q = text[pos++];
                    while (pos < text_len && text[pos] != q) pos++;
                }
                if (pos < text_len && text[pos] == '\n') lex_line++;
                pos++;
            }
            if (pos >= text_len) return false;
            pos++;
        } else {
            pos++;
        }
    }
    return true;
}

static struct token next_token(void)
{
    struct token t = {.type = T_EOF, .s = "", .len = 0, .fd = -1};
    for (;;) {
        while (pos < text_len && (text[pos] == ' ' || text[pos] == '\t')) pos++;
        if (pos + 1 < text_len && text[pos] == '\\' && text[pos + 1] == '\n') { /* line continuation */
            pos += 2;
            lex_line++;
            continue;
        }
        if (pos < text_len && text[pos] == '#') {
            while (pos < text_len && text[pos] != '\n') pos++;
        }
        break;
    }
    t.line = lex_line;
    if (pos >= text_len) return t;
    t.s = text + pos;
    char c = text[pos];
    char d = pos + 1 < text_len ? text[pos + 1] : '\0';
    switch (c) {
    case '\n':
        lex_line++;
        pos++;
        t.type = T_NEWLINE;
        t.len = 1;
        return t;
    case ';':
        t.type = T_SEMI;
        t.len = 1;
        pos++;
        return t;
    case '&':
        t.type = d == '&' ? T_AND : T_AMP;
        t.len = d == '&' ? 2 : 1;
        pos += t.len;
        return t;
    case '|':
        t.type = d == '|' ? T_OR : T_PIPE;
        t.len = d == '|' ? 2 : 1;
        pos += t.len;
        return t;
    case '(':
    case ')':
        t.type = c == '(' ? T_LPAREN : T_RPAREN;
        t.len = 1;
        pos++;
        return t;
    }
    size_t start = pos;
    if (c != '<' && c != '>') {
        if (!scan_word()) {
            t.type = T_INCOMPLETE;
            return t;
        }
        t.type = T_WORD;
        t.len = (int)(pos - start);
        /* Digits right before < or > are the redirection's fd (the IO number). */
        bool digits = true;
        for (size_t i = start; i < pos; i++)
            if (text[i] < '0' || text[i] > '9') digits = false;
        if (!digits || pos >= text_len || (text[pos] != '<' && text[pos] != '>')) return t;
        long fd = strtol(text + start, NULL, 10);
        t.fd = fd > INT_MAX ? INT_MAX : (int)fd;
        c = text[pos];
        d = pos + 1 < text_len ? text[pos + 1] : '\0';
    }
    /* A redirection operator at pos. */
    t.type = T_REDIR;
    size_t oplen = 2;
    if (c == '<') {
        t.op = d == '&' ? R_DUPIN : d == '>' ? R_RDWR : d == '<' ? R_HEREDOC : R_IN;
        if (t.op == R_IN) oplen = 1;
    } else {
        t.op = d == '&' ? R_DUPOUT : d == '>' ? R_APPEND : d == '|' ? R_CLOBBER : R_OUT;
        if (t.op == R_OUT) oplen = 1;
    }
    pos += oplen;
    t.s = text + start;
    t.len = (int)(pos - start);
    return t;
}

/* ======================================================================== */
/* Parser                                                                   */
/* ======================================================================== */

/*
 * One complete command (a line, or more with trailing && || | or open quotes) parses into:
 *
 *   list      := and_or ((';' | '&&' | '||') and_or)*     ('&&' '||' bind left to right)
 *   pipeline  := ['!'] command ('|' command)*
 *   command   := (assignment | word | redirection)+
 *
 * stored flat: pipes[] in order, each with the connector that joins it to the next.
 */

struct word {
    const char *s;
    int len;
};

struct redir {
    enum redir_op op;
    int fd; /* the fd redirected */
    struct word target;
};

struct command {
    int word0, nwords;     /* in words[] */
    int assign0, nassigns; /* in words[]: NAME=value words */
    int redir0, nredirs;   /* in redirs[] */
    int line;
};

enum conn { C_END, C_SEQ, C_AND, C_OR };

struct pipeline {
    int cmd0, ncmds;
    bool bang;
    enum conn next; /* how the following pipeline runs */
};

#define MAX_WORDS 8192
#define MAX_REDIRS 1024
#define MAX_CMDS 1024
#define MAX_PIPES 1024
static struct word words[MAX_WORDS];
static int nwords;
static struct redir redirs[MAX_REDIRS];
static int nredirs;
static struct command cmds[MAX_CMDS];
static int ncmds;
static struct pipeline pipes[MAX_PIPES];
static int npipes;

enum parse_result { P_OK, P_EOF, P_ERROR, P_INCOMPLETE };

static struct token tok; /* the lookahead */
static enum parse_result perr;

static void advance(void)
{
    tok = next_token();
}

static const char *describe(const struct token *t, char *buf, size_t size)
{
    if (t->type == T_NEWLINE) return "newline";
    if (t->type == T_EOF) return "end of file";
    snprintf(buf, size, "\"%.*s\"", t->len, t->s);
    return buf;
}

/* Reports a syntax error at the lookahead (or incomplete input at its end). */
static void syntax_error(const char *msg)
{
    if (perr != P_OK) return;
    if (tok.type == T_INCOMPLETE || (tok.type == T_EOF && !msg)) {
        perr = P_INCOMPLETE;
        return;
    }
    perr = P_ERROR;
    lineno = tok.line;
    if (msg) {
        error_msg("Syntax error: %s", msg);
    } else {
        char buf[64];
        error_msg("Syntax error: %s unexpected", describe(&tok, buf, sizeof buf));
    }
}

static bool is_assignment(const struct word *w)
{
    size_t n = name_len(w->s, (size_t)w->len);
    return n > 0 && n < (size_t)w->len && w->s[n] == '=';
}

static bool word_is(const struct token *t, const char *s)
{
    return t->type == T_WORD && (size_t)t->len == strlen(s) && memcmp(t->s, s, (size_t)t->len) == 0;
}

static const char *const UNSUPPORTED_WORDS[] = {"if", "then", "else", "elif", "fi", "while", "until", "for",
                                                "do", "done", "case", "esac", "{", "}", "function", NULL};

static bool parse_command(void)
{
    if (ncmds == MAX_CMDS) {
        syntax_error("command too long");
        return false;
    }
    struct command *c = &cmds[ncmds];
    /* Words and assignments interleave in words[] while parsing; keep them apart by
     * collecting the assignments first (they can only come before the first word). */
    c->line = tok.line;
    c->assign0 = nwords;
    c->nassigns = 0;
    c->redir0 = nredirs;
    c->nredirs = 0;
    c->nwords = 0;
    bool any = false;
    for (;;) {
        if (tok.type == T_WORD) {
            if (nwords == MAX_WORDS) {
                syntax_error("command too long");
                return false;
            }
            if (c->nwords == 0 && !any) {
                for (int i = 0; UNSUPPORTED_WORDS[i]; i++)
                    if (word_is(&tok, UNSUPPORTED_WORDS[i])) {
                        char msg[80];
                        snprintf(msg, sizeof msg, "\"%s\" (compound commands are not supported)", UNSUPPORTED_WORDS[i]);
                        syntax_error(msg);
                        return false;
                    }
            }
            struct word w = {tok.s, tok.len};
            if (c->nwords == 0 && is_assignment(&w)) {
                words[nwords++] = w;
                c->nassigns++;
            } else {
                if (c->nwords == 0) c->word0 = nwords;
                words[nwords++] = w;
                c->nwords++;
            }
            any = true;
            advance();
        } else if (tok.type == T_REDIR) {
            if (tok.op == R_HEREDOC) {
                syntax_error("here-documents (<<) are not supported");
                return false;
            }
            if (nredirs == MAX_REDIRS) {
                syntax_error("too many redirections");
                return false;
            }
            struct redir *r = &redirs[nredirs];
            r->op = tok.op;
            r->fd = tok.fd >= 0 ? tok.fd : (tok.op == R_IN || tok.op == R_DUPIN || tok.op == R_RDWR) ? 0 : 1;
            advance();
            if (tok.type != T_WORD) {
                syntax_error(NULL);
                return false;
            }
            r->target = (struct word){tok.s, tok.len};
            nredirs++;
            c->nredirs++;
            any = true;
            advance();
        } else {
            break;
        }
    }
    if (!any) {
        if (tok.type == T_AMP) syntax_error("background jobs (&) are not supported");
        else if (tok.type == T_LPAREN) syntax_error("subshells ( ) are not supported");
        else syntax_error(NULL);
        return false;
    }
    if (tok.type == T_AMP) {
        syntax_error("background jobs (&) are not supported");
        return false;
    }
    if (tok.type == T_LPAREN || tok.type == T_RPAREN) {
        syntax_error(tok.type == T_LPAREN ? "functions and subshells are not supported" : NULL);
        return false;
    }
    ncmds++;
    return true;
}

/* Newlines may follow | && ||; the command continues on the next line. */
static void skip_newlines(void)
{
    while (tok.type == T_NEWLINE) advance();
}

static bool parse_pipeline(void)
{
    if (npipes == MAX_PIPES) {
        syntax_error("command too long");
        return false;
    }
    struct pipeline *p = &pipes[npipes];
    p->bang = false;
    if (word_is(&tok, "!")) {
        p->bang = true;
        advance();
    }
    p->cmd0 = ncmds;
    if (!parse_command()) return false;
    while (tok.type == T_PIPE) {
        advance();
        skip_newlines();
        if (!parse_command()) return false;
    }
    p->ncmds = ncmds - p->cmd0;
    p->next = C_END;
    npipes++;
    return true;
}

/* Parses one complete command from text at pos. */
static enum parse_result parse_complete_command(void)
{
    nwords = nredirs = ncmds = npipes = 0;
    perr = P_OK;
    advance();
    while (tok.type == T_NEWLINE) advance();
    if (tok.type == T_EOF) return P_EOF;
    if (tok.type == T_INCOMPLETE) return P_INCOMPLETE;
    for (;;) {
        if (!parse_pipeline()) return perr;
        struct pipeline *p = &pipes[npipes - 1];
        if (tok.type == T_AND || tok.type == T_OR) {
            p->next = tok.type == T_AND ? C_AND : C_OR;
            advance();
            skip_newlines();
            continue;
        }
        if (tok.type == T_SEMI) {
            advance();
            if (tok.type == T_NEWLINE || tok.type == T_EOF) break;
            p->next = C_SEQ;
            continue;
        }
        if (tok.type == T_NEWLINE || tok.type == T_EOF) break;
        syntax_error(NULL);
        return perr;
    }
    return P_OK;
}

/* ======================================================================== */
/* Executor: expansion                                                      */
/* ======================================================================== */

/* Expanded fields (argument strings) of the pipeline being run. */
#define ARGBUF_SIZE (256 * 1024)
#define MAX_ARGS 8192
static char argbuf[ARGBUF_SIZE];
static size_t argused;
static char *args[MAX_ARGS];
static int nargs;

/* The field being built. */
static size_t field_start;
static bool field_has;     /* it exists (has characters, or came from quotes) */
static bool expand_failed; /* an error was reported; abandon the command */
static bool split_fields;  /* false: one field per word (assignments, redirections) */

static void put_char(char c)
{
    if (argused + 1 >= ARGBUF_SIZE) {
        if (!expand_failed) error_msg("arguments too long");
        expand_failed = true;
        return;
    }
    argbuf[argused++] = c;
    field_has = true;
}

static void put_str(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) put_char(s[i]);
}

static void end_field(void)
{
    if (!field_has || expand_failed) {
        argused = field_start;
        field_has = false;
        return;
    }
    if (nargs == MAX_ARGS - 1) {
        error_msg("too many arguments");
        expand_failed = true;
        return;
    }
    argbuf[argused++] = '\0';
    args[nargs++] = argbuf + field_start;
    field_start = argused;
    field_has = false;
}

static const char *ifs(void)
{
    const char *v = var_get("IFS");
    return v ? v : " \t\n";
}

/* The value of an unquoted expansion: split into fields on $IFS. */
static void put_split(const char *s)
{
    if (!split_fields) {
        put_str(s, strlen(s));
        if (!*s) return;
        return;
    }
    const char *sep = ifs();
    for (; *s; s++) {
        if (strchr(sep, *s)) {
            if (*s == ' ' || *s == '\t' || *s == '\n') {
                if (field_has) end_field();
            } else {
                field_has = true;
                end_field();
            }
        } else {
            put_char(*s);
        }
    }
}

static char numbuf[24];

/* The value of a one-character special parameter ($? $$ $# $0..$9), or NULL. */
static const char *special_param(char c)
{
    switch (c) {
    case '?':
        snprintf(numbuf, sizeof numbuf, "%d", last_status);
        return numbuf;
    case '$':
        snprintf(numbuf, sizeof numbuf, "%d", (int)getpid());
        return numbuf;
    case '#':
        snprintf(numbuf, sizeof numbuf, "%d", posc);
        return numbuf;
    case '0':
        return arg0;
    default:
        if (c >= '1' && c <= '9') return c - '0' <= posc ? posv[c - '1'] : NULL;
        return NULL;
    }
}

static void expand_text(const char *s, size_t n, bool quoted);

/* $@ and $*. In double quotes, "$@" is one field per parameter and "$*" one field. */
static void put_all_params(char which, bool quoted, bool *at_empty)
{
    if (quoted && which == '@') {
        if (posc == 0) *at_empty = true;
        for (int i = 0; i < posc; i++) {
            if (i > 0) {
                field_has = true;
                end_field();
            }
            put_str(posv[i], strlen(posv[i]));
            field_has = true;
        }
        return;
    }
    if (quoted) {
        const char *sep = ifs();
        for (int i = 0; i < posc; i++) {
            if (i > 0 && *sep) put_char(*sep);
            put_str(posv[i], strlen(posv[i]));
        }
        return;
    }
    for (int i = 0; i < posc; i++) {
        if (i > 0) {
            if (!split_fields) put_char(' ');
            else if (field_has) end_field();
        }
        put_split(posv[i]);
    }
}

/* Expands "${...}" (body = the text between the braces). */
static void expand_braces(const char *body, size_t n, bool quoted, bool *at_empty)
{
    if (n == 0) {
        error_msg("${}: Bad substitution");
        expand_failed = true;
        return;
    }
    bool length = false;
    if (body[0] == '#' && n > 1) {
        length = true;
        body++;
        n--;
    }
    size_t nl = name_len(body, n);
    char name[256];
    const char *value = NULL;
    bool special = false;
    if (nl == 0 && n > 0 && strchr("?$#0123456789@*", body[0])) {
        nl = 1;
        if (body[0] >= '1' && body[0] <= '9')
            while (nl < n && body[nl] >= '0' && body[nl] <= '9') nl++;
        special = true;
    }
    if (nl == 0 || nl >= sizeof name) {
        error_msg("${%.*s}: Bad substitution", (int)n, body);
        expand_failed = true;
        return;
    }
    memcpy(name, body, nl);
    name[nl] = '\0';
    if (special && (name[0] == '@' || name[0] == '*')) {
        if (nl == n && !length) {
            put_all_params(name[0], quoted, at_empty);
            return;
        }
        value = posc > 0 ? "" : NULL; /* ${@:-w}: set when there are parameters */
    } else if (special && nl > 1) {
        int i = atoi(name);
        value = i <= posc ? posv[i - 1] : NULL;
    } else if (special) {
        value = special_param(name[0]);
    } else {
        value = var_get(name);
    }
    const char *rest = body + nl;
    size_t rn = n - nl;
    if (length) {
        if (rn != 0) {
            error_msg("${#%.*s}: Bad substitution", (int)n, body);
            expand_failed = true;
            return;
        }
        char len[24];
        snprintf(len, sizeof len, "%zu", value ? strlen(value) : (size_t)0);
        put_str(len, strlen(len));
        return;
    }
    if (rn == 0) {
        if (value) quoted ? put_str(value, strlen(value)) : put_split(value);
        return;
    }
    bool colon = rest[0] == ':';
    if (colon) {
        rest++;
        rn--;
    }
    char op = rn > 0 ? rest[0] : '\0';
    if (op != '-' && op != '=' && op != '+') {
        error_msg("${%.*s}: Bad substitution", (int)n, body);
        expand_failed = true;
        return;
    }
    const char *w = rest + 1;
    size_t wn = rn - 1;
    bool set = value && (!colon || *value);
    switch (op) {
    case '-':
        if (set) quoted ? put_str(value, strlen(value)) : put_split(value);
        else expand_text(w, wn, quoted);
        break;
    case '+':
        if (set) expand_text(w, wn, quoted);
        break;
    case '=':
        if (set) {
            quoted ? put_str(value, strlen(value)) : put_split(value);
        } else {
            if (special) {
                error_msg("%s: cannot assign in this way", name);
                expand_failed = true;
                return;
            }
            /* Expand the word on its own (as one field), assign it, then use it. */
            size_t mark = argused;
            bool had = field_has, split = split_fields;
            split_fields = false;
            expand_text(w, wn, true);
            char *val = xstrndup(argbuf + mark, argused - mark);
            split_fields = split;
            field_has = had;
            argused = mark;
            if (!in_subshell) var_set(name, nl, val);
            quoted ? put_str(val, strlen(val)) : put_split(val);
            free(val);
        }
        break;
    }
}

/* Expands a $ at s[0] (n: chars available). Returns the length consumed. */
static size_t expand_dollar(const char *s, size_t n, bool quoted, bool *at_empty)
{
    if (n < 2) {
        put_char('$');
        return 1;
    }
    char c = s[1];
    if (c == '{') {
        size_t i = 2;
        while (i < n && s[i] != '}') {
            if (s[i] == '\\' && i + 1 < n) i++;
            else if (s[i] == '\'' || s[i] == '"') {
                char q = s[i++];
                while (i < n && s[i] != q) i++;
            }
            i++;
        }
        expand_braces(s + 2, (i < n ? i : n) - 2, quoted, at_empty);
        return i < n ? i + 1 : n;
    }
    if (c == '@' || c == '*') {
        put_all_params(c, quoted, at_empty);
        return 2;
    }
    const char *v = special_param(c);
    if (v || strchr("?$#0123456789", c)) {
        if (v) quoted ? put_str(v, strlen(v)) : put_split(v);
        return 2;
    }
    size_t nl = name_len(s + 1, n - 1);
    if (nl == 0) {
        if (c == '(' || c == '`') {
            error_msg("command substitution $(...) is not supported");
            expand_failed = true;
            return n;
        }
        put_char('$');
        return 1;
    }
    char name[256];
    if (nl >= sizeof name) nl = sizeof name - 1;
    memcpy(name, s + 1, nl);
    name[nl] = '\0';
    v = var_get(name);
    if (v) quoted ? put_str(v, strlen(v)) : put_split(v);
    return 1 + nl;
}

/* Expands text (part of a word) into the current field. quoted: inside "..." */
static void expand_text(const char *s, size_t n, bool quoted)
{
    size_t i = 0;
    while (i < n && !expand_failed) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 >= n) {
                put_char('\\');
                i++;
            } else if (!quoted || strchr("$`\"\\\n", s[i + 1])) {
                if (s[i + 1] != '\n') put_char(s[i + 1]); /* backslash-newline: nothing */
                i += 2;
            } else {
                put_char('\\');
                i++;
            }
        } else if (c == '\'' && !quoted) {
            size_t j = i + 1;
            while (j < n && s[j] != '\'') j++;
            put_str(s + i + 1, j - i - 1);
            field_has = true;
            i = j + 1;
        } else if (c == '"' && !quoted) {
            size_t j = i + 1;
            while (j < n && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < n) j++;
                else if (s[j] == '$' && j + 1 < n && s[j + 1] == '{') {
                    j += 2;
                    while (j < n && s[j] != '}') j++;
                }
                j++;
            }
            if (j > n) j = n;
            bool at_empty = false;
            bool before = field_has;
            size_t mark = argused;
            /* The quoted part, one recursion level down. */
            size_t k = i + 1;
            while (k < j && !expand_failed) {
                if (s[k] == '$') {
                    k += expand_dollar(s + k, j - k, true, &at_empty);
                } else if (s[k] == '\\' && k + 1 < j && strchr("$`\"\\\n", s[k + 1])) {
                    if (s[k + 1] != '\n') put_char(s[k + 1]);
                    k += 2;
                } else {
                    put_char(s[k]);
                    k++;
                }
            }
            /* "" makes a field even when empty; "$@" with no parameters does not. */
            if (!(at_empty && !before && argused == mark)) field_has = true;
            i = j + 1;
        } else if (c == '$') {
            bool at_empty = false;
            i += expand_dollar(s + i, n - i, quoted, &at_empty);
        } else if (c == '`') {
            error_msg("command substitution `...` is not supported");
            expand_failed = true;
        } else {
            put_char(c);
            i++;
        }
    }
}

/* Expands a word into fields appended to args[]. */
static void expand_word(const struct word *w)
{
    field_start = argused;
    field_has = false;
    const char *s = w->s;
    size_t n = (size_t)w->len;
    /* ~ and ~/...: $HOME (only unquoted at the start of a word). */
    if (n > 0 && s[0] == '~' && (n == 1 || s[1] == '/')) {
        const char *home = var_get("HOME");
        if (home) {
            put_str(home, strlen(home));
            field_has = true;
            s++;
            n--;
        }
    }
    expand_text(s, n, false);
    end_field();
}

/* Expands a word into exactly one string (no field splitting): assignments and
 * redirection targets. The string lives in argbuf until the pipeline ends. */
static char *expand_one(const struct word *w)
{
    int before = nargs;
    split_fields = false;
    expand_word(w);
    split_fields = true;
    if (expand_failed) return NULL;
    if (nargs == before) { /* empty */
        if (argused + 1 >= ARGBUF_SIZE) return NULL;
        argbuf[argused] = '\0';
        args[nargs++] = argbuf + argused++;
    }
    char *r = args[before];
    nargs = before; /* not an argument */
    field_start = argused;
    return r;
}

/* ======================================================================== */
/* Executor: redirections                                                   */
/* ======================================================================== */

/* A redirection resolved against the file system: dup fd `src` onto `fd`, or close
 * `fd` (src -1). Opened files are the shell's own fds (FD_CLOEXEC, >= 10). */
struct action {
    int fd;
    int src;
    bool opened; /* src is a file the shell opened: close it afterwards */
};

#define MAX_ACTIONS 64
struct actions {
    struct action a[MAX_ACTIONS];
    int n;
};

static void close_opened(struct actions *acts)
{
    for (int i = 0; i < acts->n; i++)
        if (acts->a[i].opened) close(acts->a[i].src);
    acts->n = 0;
}

/* Moves a new fd of the shell's to >= SHELL_FD_BASE with FD_CLOEXEC. */
static int shell_fd(int fd)
{
    if (fd < 0) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, SHELL_FD_BASE);
    if (moved < 0) { /* keep the low fd; at least make it close-on-exec */
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        return fd;
    }
    close(fd);
    return moved;
}

static bool add_action(struct actions *acts, int fd, int src, bool opened)
{
    if (acts->n == MAX_ACTIONS) {
        error_msg("too many redirections");
        if (opened) close(src);
        return false;
    }
    acts->a[acts->n++] = (struct action){fd, src, opened};
    return true;
}

/* Resolves a command's redirections into actions (opening the files). */
static bool resolve_redirs(const struct command *c, struct actions *acts)
{
    for (int i = 0; i < c->nredirs; i++) {
        const struct redir *r = &redirs[c->redir0 + i];
        char *target = expand_one(&r->target);
        if (!target) return false;
        if (r->op == R_DUPIN || r->op == R_DUPOUT) {
            if (strcmp(target, "-") == 0) {
                if (!add_action(acts, r->fd, -1, false)) return false;
                continue;
            }
            char *end;
            long src = strtol(target, &end, 10);
            if (!*target || *end || src < 0 || src > INT_MAX) {
                error_msg("Syntax error: Bad fd number");
                return false;
            }
            if (!add_action(acts, r->fd, (int)src, false)) return false;
            continue;
        }
        int flags = 0;
        switch (r->op) {
        case R_IN: flags = O_RDONLY; break;
        case R_OUT:
        case R_CLOBBER: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
        case R_APPEND: flags = O_WRONLY | O_CREAT | O_APPEND; break;
        case R_RDWR: flags = O_RDWR | O_CREAT; break;
        default: break;
        }
        int fd = open(target, flags, 0666);
        if (fd < 0) {
            error_msg("cannot %s %s: %s", r->op == R_IN ? "open" : "create", target,
                      errno == ENOENT ? "No such file" : strerror(errno));
            return false;
        }
        if (!add_action(acts, r->fd, shell_fd(fd), true)) return false;
    }
    return true;
}

/* Applies actions to the shell itself (for a builtin), saving what they replace. */
struct saved {
    int fd;
    int copy; /* -1: fd was closed before */
};

static bool apply_in_shell(const struct actions *acts, struct saved *saved, int *nsaved)
{
    *nsaved = 0;
    fflush(stdout);
    for (int i = 0; i < acts->n; i++) {
        const struct action *a = &acts->a[i];
        saved[*nsaved].fd = a->fd;
        saved[*nsaved].copy = fcntl(a->fd, F_DUPFD_CLOEXEC, SHELL_FD_BASE);
        (*nsaved)++;
        if (a->src < 0) {
            close(a->fd);
        } else if (a->src == a->fd) {
            if (fcntl(a->fd, F_GETFD) < 0) {
                error_msg("%d: Bad file descriptor", a->src);
                return false;
            }
        } else if (dup2(a->src, a->fd) < 0) {
            error_msg("%d: %s", a->src, strerror(errno));
            return false;
        }
    }
    return true;
}

static void restore_in_shell(struct saved *saved, int nsaved)
{
    fflush(stdout);
    fflush(stderr);
    for (int i = nsaved - 1; i >= 0; i--) {
        if (saved[i].copy >= 0) {
            dup2(saved[i].copy, saved[i].fd);
            close(saved[i].copy);
        } else {
            close(saved[i].fd);
        }
    }
}

/* ======================================================================== */
/* Executor: builtins                                                       */
/* ======================================================================== */

/* Lexically normalises an absolute path: drops ".", "" and resolves ".." (logical cd). */
static void normalize_path(char *path)
{
    char *out = path; /* path[0] == '/' */
    const char *p = path;
    size_t len = 0;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 1 && p[0] == '.') {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/') len--;
            if (len > 0) len--; /* the slash */
        } else {
            out[len++] = '/';
            memmove(out + len, p, n);
            len += n;
        }
        p += n;
    }
    if (len == 0) out[len++] = '/';
    out[len] = '\0';
}

static int builtin_cd(int argc, char **argv)
{
    const char *dir;
    bool print = false;
    int i = 1;
    if (i < argc && strcmp(argv[i], "--") == 0) i++;
    if (i >= argc) {
        dir = var_get("HOME");
        if (!dir || !*dir) return 0; /* like dash: nowhere to go */
    } else if (i + 1 < argc) {
        error_msg("cd: too many arguments");
        return 2;
    } else if (strcmp(argv[i], "-") == 0) {
        dir = var_get("OLDPWD");
        if (!dir) {
            error_msg("cd: OLDPWD not set");
            return 2;
        }
        print = true;
    } else {
        dir = argv[i];
    }
    const char *pwd = var_get("PWD");
    char *cwd = NULL;
    if (!pwd || pwd[0] != '/') pwd = cwd = getcwd(NULL, 0);
    size_t need = strlen(dir) + (pwd ? strlen(pwd) : 0) + 2;
    char *path = xmalloc(need);
    if (dir[0] == '/' || !pwd) snprintf(path, need, "%s", dir);
    else snprintf(path, need, "%s/%s", pwd, dir);
    free(cwd);
    if (path[0] == '/') normalize_path(path);
    if (chdir(path) < 0) {
        error_msg("cd: can't cd to %s", dir);
        free(path);
        return 2;
    }
    const char *old = var_get("PWD");
    if (old) var_set("OLDPWD", 6, old);
    struct var *v = var_set("PWD", 3, path);
    if (v) v->exported = true;
    if (print) printf("%s\n", path);
    free(path);
    return 0;
}

static int builtin_pwd(int argc, char **argv)
{
    bool physical = argc > 1 && strcmp(argv[1], "-P") == 0;
    const char *pwd = var_get("PWD");
    char *cwd = getcwd(NULL, 0);
    if (!physical && pwd && cwd && strcmp(pwd, cwd) == 0) {
        printf("%s\n", pwd);
    } else if (cwd) {
        printf("%s\n", cwd);
    } else {
        error_msg("pwd: %s", strerror(errno));
        return 2;
    }
    free(cwd);
    return 0;
}

static void print_quoted(const char *s)
{
    putchar('\'');
    for (; *s; s++) {
        if (*s == '\'') fputs("'\\''", stdout);
        else putchar(*s);
    }
    putchar('\'');
}

static int builtin_export(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "-p") == 0) i++;
    if (i >= argc) {
        for (int k = 0; k < nvars; k++) {
            if (!vars[k].exported) continue;
            printf("export %s", vars[k].name);
            if (vars[k].value) {
                putchar('=');
                print_quoted(vars[k].value);
            }
            putchar('\n');
        }
        return 0;
    }
    int status = 0;
    for (; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (name_len(argv[i], n) != n || n == 0) {
            error_msg("export: %s: bad variable name", argv[i]);
            status = 2;
            continue;
        }
        struct var *v = var_set(argv[i], n, eq ? eq + 1 : NULL);
        if (v) v->exported = true;
    }
    return status;
}

static int builtin_unset(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) continue;
        var_unset(argv[i]);
    }
    return 0;
}

static int builtin_shift(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 0 || n > posc) {
        error_msg("shift: can't shift that many");
        return 2;
    }
    posv += n;
    posc -= n;
    return 0;
}

static void shell_exit(int status)
{
    fflush(stdout);
    exit(status & 0xff);
}

static int builtin_exit(int argc, char **argv)
{
    int status = last_status;
    if (argc > 1) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (!*argv[1] || *end || v < 0) {
            error_msg("exit: Illegal number: %s", argv[1]);
            return 2;
        }
        status = (int)(v & 0xff);
    }
    shell_exit(status);
    return status;
}

static int builtin_true(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int builtin_false(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 1;
}

static int builtin_exec(int argc, char **argv);

struct builtin {
    const char *name;
    int (*fn)(int, char **);
};

static const struct builtin BUILTINS[] = {
    {"cd", builtin_cd},       {"pwd", builtin_pwd},     {"exit", builtin_exit},   {"export", builtin_export},
    {"unset", builtin_unset}, {"shift", builtin_shift}, {"exec", builtin_exec},   {"true", builtin_true},
    {"false", builtin_false}, {":", builtin_true},      {NULL, NULL},
};

static const struct builtin *find_builtin(const char *name)
{
    for (int i = 0; BUILTINS[i].name; i++)
        if (strcmp(BUILTINS[i].name, name) == 0) return &BUILTINS[i];
    return NULL;
}

/* ======================================================================== */
/* Executor: commands and pipelines                                         */
/* ======================================================================== */

/* The environment for a command: exported variables, overridden by the command's own
 * NAME=value prefixes (assigns, already expanded, "NAME=value" strings). */
static char **make_env(char **assigns, int nassigns)
{
    int n = 0;
    for (int i = 0; i < nvars; i++)
        if (vars[i].exported && vars[i].value) n++;
    char **env = xmalloc((size_t)(n + nassigns + 1) * sizeof *env);
    int k = 0;
    for (int i = 0; i < nvars; i++) {
        if (!vars[i].exported || !vars[i].value) continue;
        bool overridden = false;
        size_t nl = strlen(vars[i].name);
        for (int j = 0; j < nassigns; j++)
            if (strncmp(assigns[j], vars[i].name, nl) == 0 && assigns[j][nl] == '=') overridden = true;
        if (overridden) continue;
        size_t len = nl + 1 + strlen(vars[i].value) + 1;
        env[k] = xmalloc(len);
        snprintf(env[k], len, "%s=%s", vars[i].name, vars[i].value);
        k++;
    }
    for (int j = 0; j < nassigns; j++) env[k++] = xstrndup(assigns[j], strlen(assigns[j]));
    env[k] = NULL;
    return env;
}

static void free_env(char **env)
{
    for (int i = 0; env[i]; i++) free(env[i]);
    free(env);
}

/* Finds a command: a name with a slash is used as it is, others are looked up in $PATH.
 * Returns false (errno ENOENT) when there is no such file. */
static bool find_command(const char *name, char *out, size_t size)
{
    if (strchr(name, '/')) {
        snprintf(out, size, "%s", name);
        return true;
    }
    const char *path = var_get("PATH");
    if (!path) path = "/bin";
    while (path) {
        const char *end = strchr(path, ':');
        size_t n = end ? (size_t)(end - path) : strlen(path);
        if (n == 0) snprintf(out, size, "%s", name);
        else snprintf(out, size, "%.*s/%s", (int)n, path, name);
        struct stat st;
        if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) return true;
        path = end ? end + 1 : NULL;
    }
    errno = ENOENT;
    return false;
}

/* Starts argv with the given fd actions; *pid gets the child. Returns 0 or a status
 * (126, 127, 2) after reporting the error. */
static int spawn_command(char **argv, char **env, const struct actions *acts, pid_t *pid)
{
    static char path[PATH_MAX];
    if (find_builtin(argv[0])) {
        /* A builtin in a pipeline: a child shell runs it ("$@"), so that it is a
         * subshell (cd, exit, export there do not change this shell) and a SIGPIPE
         * from a closed pipe kills only it. */
        snprintf(path, sizeof path, "/bin/sh");
    } else if (!find_command(argv[0], path, sizeof path)) {
        error_msg("%s: not found", argv[0]);
        return 127;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    for (int i = 0; i < acts->n; i++) {
        const struct action *a = &acts->a[i];
        if (a->src < 0) posix_spawn_file_actions_addclose(&fa, a->fd);
        else posix_spawn_file_actions_adddup2(&fa, a->src, a->fd);
    }
    int err;
    if (find_builtin(argv[0])) {
        int argc = 0;
        while (argv[argc]) argc++;
        char **shargv = xmalloc((size_t)(argc + 5) * sizeof *shargv);
        shargv[0] = "sh";
        shargv[1] = "-c";
        shargv[2] = "\"$@\"";
        shargv[3] = "sh";
        for (int i = 0; i <= argc; i++) shargv[i + 4] = argv[i];
        err = posix_spawn(pid, path, &fa, NULL, shargv, env);
        free(shargv);
    } else {
        err = posix_spawn(pid, path, &fa, NULL, argv, env);
    }
    if (err == ENOEXEC) {
        /* Not a program: a script for the shell. */
        int argc = 0;
        while (argv[argc]) argc++;
        char **shargv = xmalloc((size_t)(argc + 2) * sizeof *shargv);
        shargv[0] = "sh";
        shargv[1] = path;
        for (int i = 1; i <= argc; i++) shargv[i + 1] = argv[i];
        err = posix_spawn(pid, "/bin/sh", &fa, NULL, shargv, env);
        free(shargv);
    }
    posix_spawn_file_actions_destroy(&fa);
    if (err == 0) return 0;
    if (err == EBADF) {
        /* A redirection named an fd that is not open. */
        for (int i = 0; i < acts->n; i++)
            if (acts->a[i].src >= 0 && fcntl(acts->a[i].src, F_GETFD) < 0) {
                error_msg("%d: Bad file descriptor", acts->a[i].src);
                return 2;
            }
    }
    error_msg("%s: %s", argv[0], err == ENOENT ? "not found" : strerror(err));
    return err == ENOENT ? 127 : 126;
}

/* Waits for pid; returns its status as $? shows it (128+N: killed by signal N). Like
 * dash, says so when a command dies of a signal (but not of SIGINT, which the user
 * saw, or SIGPIPE, which is routine in pipelines). */
static int wait_status(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) return 127;
    }
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) {
        int sig = WTERMSIG(st);
        if (sig != SIGINT && sig != SIGPIPE) {
            fflush(stdout);
            fprintf(stderr, "%s\n", strsignal(sig));
        }
        return 128 + sig;
    }
    return 127;
}

/* exec [command [args...]]: replaces the shell; with no command, its redirections
 * stay applied to the shell (handled by run_builtin, which then keeps them). */
static char **exec_env;

static int builtin_exec(int argc, char **argv)
{
    if (argc < 2) return 0;
    static char path[PATH_MAX];
    if (!find_command(argv[1], path, sizeof path)) {
        error_msg("exec: %s: not found", argv[1]);
        shell_exit(127);
    }
    fflush(stdout);
    execve(path, argv + 1, exec_env);
    int err = errno;
    error_msg("exec: %s: %s", argv[1], strerror(err));
    shell_exit(err == ENOENT ? 127 : 126);
    return 126;
}

/* Runs a builtin in the shell with the given fd actions applied around it (or kept,
 * for "exec" without a command). */
static int run_builtin(const struct builtin *b, int argc, char **argv, const struct actions *acts, char **env)
{
    static struct saved saved[MAX_ACTIONS];
    int nsaved;
    if (!apply_in_shell(acts, saved, &nsaved)) {
        restore_in_shell(saved, nsaved);
        return 2;
    }
    exec_env = env;
    int status = b->fn(argc, argv);
    fflush(stdout);
    if (b->fn == builtin_exec && argc == 1) {
        for (int i = 0; i < nsaved; i++)
            if (saved[i].copy >= 0) close(saved[i].copy);
        return status;
    }
    restore_in_shell(saved, nsaved);
    return status;
}

/* A command of a pipeline, expanded. */
struct prepared {
    int argv0, argc;       /* in args[] */
    int assign0, nassigns; /* in args[]: "NAME=value" */
    struct actions acts;
    const struct builtin *builtin;
    pid_t pid;
    int status; /* -1: running (pid) */
};

static struct prepared prepared[MAX_CMDS];

/* Expands command c (the pipe fds in/out first, then its redirections). False: error
 * (reported); status set. */
static bool prepare(const struct command *c, struct prepared *p, int in, int out)
{
    lineno = c->line;
    p->acts.n = 0;
    p->pid = -1;
    p->status = 0;
    p->builtin = NULL;
    if (in >= 0) add_action(&p->acts, 0, in, false);
    if (out >= 0) add_action(&p->acts, 1, out, false);
    p->assign0 = nargs;
    for (int i = 0; i < c->nassigns; i++) {
        const struct word *w = &words[c->assign0 + i];
        char *v = expand_one(w); /* "NAME=value" expands to itself with the value expanded */
        if (!v) {
            p->status = 2;
            return false;
        }
        args[nargs++] = v;
    }
    p->nassigns = c->nassigns;
    p->argv0 = nargs;
    for (int i = 0; i < c->nwords && !expand_failed; i++) expand_word(&words[c->word0 + i]);
    if (expand_failed) {
        p->status = 2;
        return false;
    }
    p->argc = nargs - p->argv0;
    args[nargs++] = NULL; /* argv terminator */
    if (!resolve_redirs(c, &p->acts)) {
        close_opened(&p->acts);
        p->status = 2;
        return false;
    }
    if (p->argc > 0) p->builtin = find_builtin(args[p->argv0]);
    return true;
}

/* Assignments without a command set shell variables. */
static void assign_vars(const struct prepared *p)
{
    if (in_subshell) return;
    for (int i = 0; i < p->nassigns; i++) {
        const char *a = args[p->assign0 + i];
        const char *eq = strchr(a, '=');
        var_set(a, (size_t)(eq - a), eq + 1);
    }
}

/* Runs a prepared command: a builtin now, an external command is spawned (p->pid). */
static void start(struct prepared *p)
{
    char **argv = &args[p->argv0];
    if (p->argc == 0) {
        /* Only assignments and/or redirections: files are created, then closed. */
        assign_vars(p);
        p->status = 0;
        if (p->acts.n) {
            static struct saved saved[MAX_ACTIONS];
            int nsaved;
            if (!apply_in_shell(&p->acts, saved, &nsaved)) p->status = 2;
            restore_in_shell(saved, nsaved);
        }
        return;
    }
    char **env = make_env(&args[p->assign0], p->nassigns);
    if (p->builtin) {
        p->status = run_builtin(p->builtin, p->argc, argv, &p->acts, env);
    } else {
        fflush(stdout);
        pid_t pid;
        int status = spawn_command(argv, env, &p->acts, &pid);
        if (status == 0) p->pid = pid;
        else p->status = status;
    }
    free_env(env);
}

static int run_pipeline(const struct pipeline *pl)
{
    int n = pl->ncmds;
    argused = 0;
    nargs = 0;
    field_start = 0;
    expand_failed = false;
    split_fields = true;
    int status = 0;

    if (n == 1) {
        struct prepared *p = &prepared[0];
        if (prepare(&cmds[pl->cmd0], p, -1, -1)) start(p);
        close_opened(&p->acts);
        status = p->pid >= 0 ? wait_status(p->pid) : p->status;
    } else {
        /* Left to right: each command gets the read end of the previous pipe and the
         * write end of a new one. Pipes are FD_CLOEXEC, so only the command they are
         * dup2'ed into has them. Every command is a child process, builtins too
         * (spawn_command); only assignments without a command stay in the shell,
         * where, as in a subshell, they change nothing. */
        int prev = -1;
        for (int i = 0; i < n; i++) {
            struct prepared *p = &prepared[i];
            int fds[2] = {-1, -1};
            if (i < n - 1 && pipe(fds) < 0) {
                error_msg("pipe: %s", strerror(errno));
                for (int k = i; k < n; k++) prepared[k] = (struct prepared){.pid = -1, .status = 2};
                break;
            }
            fds[0] = shell_fd(fds[0]);
            fds[1] = shell_fd(fds[1]);
            expand_failed = false;
            in_subshell = true;
            if (prepare(&cmds[pl->cmd0 + i], p, prev, fds[1])) {
                p->builtin = NULL; /* spawned like any command */
                start(p);
            }
            in_subshell = false;
            close_opened(&p->acts);
            if (prev >= 0) close(prev);
            if (fds[1] >= 0) close(fds[1]);
            prev = fds[0];
        }
        if (prev >= 0) close(prev);
        for (int i = 0; i < n; i++) {
            struct prepared *p = &prepared[i];
            int s = p->pid >= 0 ? wait_status(p->pid) : p->status;
            if (i == n - 1) status = s;
        }
    }
    if (pl->bang) status = !status;
    return status;
}

static void run_list(void)
{
    for (int i = 0; i < npipes; i++) {
        last_status = run_pipeline(&pipes[i]);
        /* Skip the pipelines that && / || rule out (they bind left to right). */
        while (i < npipes - 1 && ((pipes[i].next == C_AND && last_status != 0) ||
                                  (pipes[i].next == C_OR && last_status == 0)))
            i++;
    }
}

/* ======================================================================== */
/* Main: sources of commands                                                */
/* ======================================================================== */

/* Runs every complete command in text (a -c string or a script). */
static int run_text(void)
{
    pos = 0;
    lex_line = 1;
    for (;;) {
        enum parse_result r = parse_complete_command();
        if (r == P_EOF) break;
        if (r == P_INCOMPLETE) {
            lineno = lex_line;
            error_msg("Syntax error: %s", tok.type == T_INCOMPLETE ? "Unterminated quoted string" : "end of file unexpected");
            return 2;
        }
        if (r == P_ERROR) return 2;
        run_list();
    }
    return last_status;
}

/* Reads and runs commands from standard input, a complete command at a time. */
static int run_stdin(void)
{
    int line = 1;
    for (;;) {
        text_len = 0;
        if (interactive) {
            const char *ps1 = var_get("PS1");
            fflush(stdout);
            fputs(ps1 ? ps1 : "$ ", stderr);
        }
        bool eof = !read_line();
        if (eof && text_len == 0) break;
        /* Parse what we have; read more lines while the command is incomplete. */
        for (;;) {
            pos = 0;
            lex_line = line;
            enum parse_result r = parse_complete_command();
            if (r == P_INCOMPLETE && !eof) {
                if (interactive) {
                    const char *ps2 = var_get("PS2");
                    fputs(ps2 ? ps2 : "> ", stderr);
                }
                eof = !read_line();
                continue;
            }
            if (r == P_INCOMPLETE) {
                lineno = lex_line;
                error_msg("Syntax error: %s", tok.type == T_INCOMPLETE ? "Unterminated quoted string" : "end of file unexpected");
                last_status = 2;
                if (!interactive) return 2;
                break;
            }
            if (r == P_ERROR) {
                last_status = 2;
                if (!interactive) return 2;
                break;
            }
            if (r == P_OK) run_list();
            /* More complete commands may follow on the lines read. */
            while (pos < text_len) {
                r = parse_complete_command();
                if (r != P_OK) break;
                run_list();
            }
            break;
        }
        line = lex_line;
        if (eof) break;
    }
    if (interactive) fputs("\n", stderr);
    return last_status;
}

static int read_script(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        error_msg("cannot open %s: %s", path, errno == ENOENT ? "No such file" : strerror(errno));
        return 127;
    }
    static char buf[16384];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error_msg("%s: %s", path, strerror(errno));
            close(fd);
            return 126;
        }
        if (n == 0) break;
        text_append(buf, (size_t)n);
    }
    close(fd);
    if (!text) text_append("", 0);
    return 0;
}

static void import_environment(void)
{
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq) continue;
        struct var *v = var_set(*e, (size_t)(eq - *e), eq + 1);
        if (v) v->exported = true;
    }
    /* PWD: kept if it names the working directory, else set from getcwd. */
    char *cwd = getcwd(NULL, 0);
    const char *pwd = var_get("PWD");
    struct stat a, b;
    bool ok = pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
              a.st_ino == b.st_ino;
    if (!ok && cwd) {
        struct var *v = var_set("PWD", 3, cwd);
        if (v) v->exported = true;
    }
    free(cwd);
}

int main(int argc, char **argv)
{
    const char *command = NULL;
    bool opt_c = false, opt_s = false, opt_i = false;
    int i = 1;
    arg0 = argc > 0 ? argv[0] : "sh";
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            switch (*o) {
            case 'c': opt_c = true; break;
            case 's': opt_s = true; break;
            case 'i': opt_i = true; break;
            default:
                fprintf(stderr, "%s: 0: Illegal option -%c\n", arg0, *o);
                return 2;
            }
        }
    }
    import_environment();
    if (opt_c) {
        if (i >= argc) {
            fprintf(stderr, "%s: 0: -c requires an argument\n", arg0);
            return 2;
        }
        command = argv[i++];
        if (i < argc) arg0 = argv[i++];
        posv = argv + i;
        posc = argc - i;
        text_append(command, strlen(command));
        return run_text();
    }
    if (i < argc && !opt_s) {
        /* sh script [args...] */
        arg0 = argv[i++];
        posv = argv + i;
        posc = argc - i;
        int status = read_script(arg0);
        if (status) return status;
        return run_text();
    }
    posv = argv + i;
    posc = argc - i;
    interactive = opt_i || (isatty(0) && isatty(2));
    return run_stdin();
}
