/* sqlpos.c: where in a query an SQL error points (sql/sql.h ls_sql_position;
 * the guesses sql.c falls back on, sql/sql_internal.h). */
#include <string.h>

#include "base/ascii.h"
#include "sql/sql.h"
#include "sql/sql_internal.h"

/* ---- private ---- */

static int word_byte(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

/* The first occurrence of name[0..n) in q as a whole word, ASCII case
 * ignored; -1 when none. */
static long find_word(const char *q, const char *name, size_t n) {
  if (!n) return -1;
  for (const char *p = q; *p; p++) {
    if (p > q && word_byte((unsigned char)p[-1])) continue;
    size_t k = 0;
    while (k < n && p[k]) k++;
    if (k < n) break; /* the rest is shorter than name */
    if (!ls_ascii_ieqn(p, n, name, n) || word_byte((unsigned char)p[n])) continue;
    return (long)(p - q);
  }
  return -1;
}

/* The text after prefix in msg up to the first byte of stop (or the end)
 * into *name, *n; 0 when msg does not start with prefix. */
static int after(const char *msg, const char *prefix, const char *stop, const char **name, size_t *n) {
  size_t k = strlen(prefix);
  if (strncmp(msg, prefix, k) != 0) return 0;
  *name = msg + k;
  *n = strcspn(*name, stop);
  return 1;
}

/* ---- internal ---- */

long ls_sql_skip_blank(const char *query, const char *p) {
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == ';') p++;
    if (p[0] == '-' && p[1] == '-') {
      while (*p && *p != '\n') p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *end = strstr(p + 2, "*/");
      p = end ? end + 2 : p + strlen(p);
    } else {
      return (long)(p - query);
    }
  }
}

long ls_sql_guess_offset(const char *query, const char *msg) {
  if (!query || !msg) return -1;
  const char *name;
  size_t n;
  if (after(msg, "SQL: no such table: ", "", &name, &n) ||
      after(msg, "SQL: no table \"", "\"", &name, &n)) {
    const char *dot = memchr(name, '.', n); /* main.x: the x */
    if (dot) n -= (size_t)(dot + 1 - name), name = dot + 1;
    long at = find_word(query, name, n);
    if (at < 0 && n == 13 && strncmp(name, "sqlite_master", n) == 0) at = find_word(query, "sqlite_schema", 13);
    return at;
  }
  if (strcmp(msg, "SQL: incomplete input") == 0) {
    size_t end = strlen(query);
    while (end && (query[end - 1] == ' ' || query[end - 1] == '\t' || query[end - 1] == '\n' || query[end - 1] == '\r'))
      end--;
    return (long)end;
  }
  return -1;
}

/* ---- API ---- */

void ls_sql_position(const char *query, long offset, ls_sql_pos *pos) {
  pos->offset = -1;
  pos->line = pos->column = 0;
  if (!query || offset < 0 || (size_t)offset > strlen(query)) return;
  int line = 1, column = 1;
  for (long i = 0; i < offset; i++) {
    unsigned char ch = (unsigned char)query[i];
    if (ch == '\n') line++, column = 1;
    else if ((ch & 0xC0) != 0x80) column++; /* a continuation byte is the same character */
  }
  pos->offset = offset;
  pos->line = line;
  pos->column = column;
}
