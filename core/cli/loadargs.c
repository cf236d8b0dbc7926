/* loadargs.c: parsing the shared file-reading options, loading the files. */
#include "cli/loadargs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/timeutil.h"

/* ---- private ---- */

static int bad(const char *cmd, const char *what, const char *val) {
  fprintf(stderr, "lodestar: %s: %s \"%s\"\n(lodestar help lists the commands and their options)\n", cmd,
          what, val ? val : "");
  return -1;
}

/* a character option: one ASCII character, or a name */
static int one_char(const char *val, int allow_none, int *out) {
  static const struct {
    const char *name;
    int c;
  } NAMES[] = {{"tab", '\t'}, {"\\t", '\t'}, {"comma", ','}, {"semicolon", ';'}, {"pipe", '|'},
               {"space", ' '}, {"double", '"'}, {"single", '\''}, {"backslash", '\\'}};
  if (allow_none && strcmp(val, "none") == 0) {
    *out = 0;
    return 1;
  }
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (strcmp(val, NAMES[i].name) == 0) return *out = NAMES[i].c, 1;
  if (strlen(val) != 1 || (unsigned char)val[0] >= 0x80 || val[0] == '\r' || val[0] == '\n') return 0;
  *out = val[0];
  return 1;
}

/* 32 hex digits as 16 bytes; 0 when s is anything else */
static int parse_salt(const char *s, uint8_t out[16]) {
  if (!s || strlen(s) != 32) return 0;
  for (int i = 0; i < 32; i++) {
    char c = s[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) return 0;
    out[i / 2] = (uint8_t)(i % 2 ? out[i / 2] | v : v << 4);
  }
  return 1;
}

/* The masking key: --salt, else $LODESTAR_SALT, else /dev/urandom; 0 after
 * printing why there is none. */
static int make_salt(const cli_load *l, uint8_t out[16]) {
  if (l->salt_given) {
    memcpy(out, l->salt, 16);
    return 1;
  }
  const char *env = getenv("LODESTAR_SALT");
  if (env && *env) {
    if (parse_salt(env, out)) return 1;
    fprintf(stderr, "lodestar: LODESTAR_SALT must be 32 hex digits\n");
    return 0;
  }
  FILE *f = fopen("/dev/urandom", "rb");
  size_t got = f ? fread(out, 1, 16, f) : 0;
  if (f) fclose(f);
  if (got == 16) return 1;
  fprintf(stderr, "lodestar: no random masking key (/dev/urandom); give --salt\n");
  return 0;
}

/* ---- API ---- */

int cli_load_init(cli_load *l, int argc) {
  memset(l, 0, sizeof *l);
  ls_load_options_default(&l->o);
  l->tz = LS_TZ_UTC;
  l->now = (int64_t)time(NULL) * 1000;
  l->files = malloc(sizeof(char *) * (size_t)(argc > 0 ? argc : 1));
  return l->files != NULL;
}

void cli_load_free(cli_load *l) {
  free(l->files);
  l->files = NULL;
}

int cli_load_arg(cli_load *l, const char *cmd, const char *a, const char *val) {
  if (strncmp(a, "--", 2) != 0) {
    l->files[l->nfiles++] = (char *)a;
    return 1;
  }
  if (strcmp(a, "--no-append") == 0) {
    l->o.append = 0;
    return 1;
  }
  if (strcmp(a, "--unmask") == 0) {
    l->unmask = 1;
    return 1;
  }
  static const char *const WITH_VALUE[] = {"--tz", "--now", "--encoding", "--delimiter", "--quote", "--escape",
                                           "--header", "--skip", "--ragged", "--type", "--salt"};
  int known = 0;
  for (size_t i = 0; i < sizeof WITH_VALUE / sizeof WITH_VALUE[0]; i++) known |= strcmp(a, WITH_VALUE[i]) == 0;
  if (!known) return 0;
  if (!val) return bad(cmd, "missing value for", a);
  int c;
  if (strcmp(a, "--tz") == 0) {
    if (!ls_tz_parse(val, &l->tz)) {
      char forms[1024];
      ls_tz_forms(forms, sizeof forms);
      fprintf(stderr, "lodestar: %s: unknown time zone \"%s\" (use %s)\n", cmd, val, forms);
      fprintf(stderr, "(lodestar help lists the commands and their options)\n");
      return -1;
    }
    l->tz_given = 1;
  } else if (strcmp(a, "--now") == 0) {
    if (!ls_time_parse(val, strlen(val), &l->now)) return bad(cmd, "bad --now", val);
  } else if (strcmp(a, "--encoding") == 0) {
    if (strlen(val) >= sizeof l->o.encoding) return bad(cmd, "unknown encoding", val);
    snprintf(l->o.encoding, sizeof l->o.encoding, "%s", val);
  } else if (strcmp(a, "--delimiter") == 0) {
    if (!one_char(val, 0, &c) || c == 0) return bad(cmd, "bad --delimiter", val);
    l->o.delimiter = (char)c;
  } else if (strcmp(a, "--quote") == 0) {
    if (!one_char(val, 1, &c)) return bad(cmd, "bad --quote", val);
    l->o.quote = c;
  } else if (strcmp(a, "--escape") == 0) {
    if (!one_char(val, 1, &c)) return bad(cmd, "bad --escape", val);
    l->o.escape = c;
  } else if (strcmp(a, "--header") == 0) {
    if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0) return bad(cmd, "--header takes yes or no, not", val);
    l->o.header = strcmp(val, "yes") == 0;
  } else if (strcmp(a, "--skip") == 0) {
    char *end;
    long n = strtol(val, &end, 10);
    if (end == val || *end || n < 0 || n > 1000000) return bad(cmd, "bad --skip", val);
    l->o.skip = (int)n;
  } else if (strcmp(a, "--ragged") == 0) {
    if (strcmp(val, "fix") != 0 && strcmp(val, "error") != 0) return bad(cmd, "--ragged takes fix or error, not", val);
    l->o.ragged = strcmp(val, "fix") == 0;
  } else if (strcmp(a, "--salt") == 0) {
    if (!parse_salt(val, l->salt)) return bad(cmd, "--salt takes 32 hex digits, not", val);
    l->salt_given = 1;
  } else if (strcmp(a, "--type") == 0) {
    if (ls_load_options_type(&l->o, val) != LS_OK) return bad(cmd, "bad --type (COLUMN=int|float|timestamp|date|bool|string)", val);
  }
  return 2;
}

ls_workspace *cli_load_workspace(const cli_load *l) {
  ls_workspace *ws = ls_workspace_new();
  if (!ws) {
    fprintf(stderr, "lodestar: out of memory\n");
    return NULL;
  }
  ls_workspace_set_tz(ws, l->tz); /* before loading: naive times are read in it */
  ls_workspace_set_now(ws, l->now);
  uint8_t salt[16];
  if (!make_salt(l, salt)) {
    ls_workspace_free(ws);
    return NULL;
  }
  ls_workspace_set_salt(ws, salt);
  ls_workspace_set_reveal(ws, l->unmask);
  for (int i = 0; i < l->nfiles; i++) {
    if (ls_load_path(ws, l->files[i], &l->o) != LS_OK) {
      fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
      ls_workspace_free(ws);
      return NULL;
    }
  }
  if (l->tz_given) ls_workspace_set_tz(ws, l->tz); /* over a workspace file's zone */
  return ws;
}

int cli_parse_day(const char *s, int64_t *t) {
  return s && strlen(s) == 10 && ls_time_parse(s, 10, t) && *t % LS_MS_PER_DAY == 0;
}

int cli_where_add(cli_where *c, const char *cmd, const char *val) {
  const char *eq = val ? strchr(val, '=') : NULL;
  if (!eq || eq == val) return 0;
  if (c->scope.n == CLI_WHERE_MAX) {
    cli_usage("%s: at most %d --where", cmd, CLI_WHERE_MAX);
    return -1;
  }
  char *column = ls_strndup(val, (size_t)(eq - val));
  if (!column) return -2;
  c->scope.where = c->w;
  c->column[c->scope.n] = column;
  c->w[c->scope.n++] = (ls_where){column, eq + 1};
  return 1;
}

void cli_where_free(cli_where *c) {
  for (size_t i = 0; i < c->scope.n; i++) ls_free(c->column[i]);
  c->scope.n = 0;
}

int cli_usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "lodestar: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n(lodestar help lists the commands and their options)\n");
  va_end(ap);
  return 2;
}

void cli_csv_text(const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"') putchar('"');
    putchar(*s);
  }
  putchar('"');
}

char *cli_read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "lodestar: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t n = 0, cap = 4096;
  char *s = ls_malloc(cap);
  for (size_t k; s && (k = fread(s + n, 1, cap - n - 1, f)) > 0;) {
    n += k;
    if (cap - n - 1 == 0) {
      char *t = ls_realloc(s, cap *= 2);
      if (!t) ls_free(s);
      s = t;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!s || bad) {
    fprintf(stderr, "lodestar: %s: %s\n", path, s ? "read error" : "out of memory");
    ls_free(s);
    return NULL;
  }
  s[n] = 0;
  return s;
}

int64_t cli_day_end(ls_tz tz, int64_t day) { return ls_tz_from_local(tz, day + LS_MS_PER_DAY); }
