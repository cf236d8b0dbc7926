/* csvout.c: RFC 4180 CSV out of a table, through one write buffer.
 *
 * Each timestamp column is scanned once for its shortest exact form; then rows
 * are formatted into a buffer that is handed to fwrite when nearly full. */
#include "table/csvout.h"

#include <inttypes.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"

/* ---- private ---- */

enum { FORM_DATE, FORM_MINUTE, FORM_ISO };

#define BUF_SIZE 65536
#define ROOM 512 /* a formatted value other than a string never needs more */

typedef struct {
  FILE *f;
  char *buf;
  size_t len;
  int failed;
} writer;

static void flush(writer *w) {
  if (w->len && !w->failed && fwrite(w->buf, 1, w->len, w->f) != w->len) w->failed = 1;
  w->len = 0;
}

/* room for n more bytes, flushing first when needed; n <= BUF_SIZE */
static char *reserve(writer *w, size_t n) {
  if (w->len + n > BUF_SIZE) flush(w);
  return w->buf + w->len;
}

static void put(writer *w, const char *s, size_t n) {
  while (n > 0) {
    size_t room = BUF_SIZE - w->len;
    if (room == 0) {
      flush(w);
      room = BUF_SIZE;
    }
    size_t k = n < room ? n : room;
    memcpy(w->buf + w->len, s, k);
    w->len += k;
    s += k;
    n -= k;
  }
}

static void put_char(writer *w, char ch) {
  if (w->len == BUF_SIZE) flush(w);
  w->buf[w->len++] = ch;
}

static int needs_quotes(const char *s, size_t n) {
  if (n == 0) return 1; /* "" keeps an empty string apart from a null */
  if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return 1;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') return 1;
  return 0;
}

static void put_field(writer *w, const char *s, size_t n) {
  if (!needs_quotes(s, n)) {
    put(w, s, n);
    return;
  }
  put_char(w, '"');
  for (size_t i = 0; i < n; i++) {
    const char *q = memchr(s + i, '"', n - i);
    size_t run = q ? (size_t)(q - (s + i)) + 1 : n - i; /* up to and including a quote */
    put(w, s + i, run);
    if (q) put_char(w, '"');
    i += run - 1;
  }
  put_char(w, '"');
}

static int time_form(const ls_column *c) {
  const int64_t *v = ls_column_i64(c);
  int form = FORM_DATE;
  for (size_t i = 0, n = ls_column_len(c); i < n; i++) {
    if (!ls_column_valid(c, i)) continue;
    if (v[i] % LS_MS_PER_DAY == 0) continue;
    if (v[i] % 60000 != 0) return FORM_ISO;
    form = FORM_MINUTE;
  }
  return form;
}

static void put_time(writer *w, int64_t t, int form) {
  char *p = reserve(w, LS_TIME_TEXT_MAX);
  if (form == FORM_MINUTE) {
    ls_time_format_minute(t, p);
  } else {
    ls_time_format_iso(t, p);
    if (form == FORM_DATE) *strchr(p, 'T') = '\0';
  }
  w->len += strlen(p);
}

static void put_cell(writer *w, const ls_column *c, size_t i, int form) {
  if (!ls_column_valid(c, i)) return;
  switch (ls_column_type(c)) {
    case LS_TYPE_INT64: {
      char *p = reserve(w, LS_TIME_TEXT_MAX);
      w->len += (size_t)snprintf(p, 32, "%" PRId64, ls_column_i64(c)[i]);
      break;
    }
    case LS_TYPE_DOUBLE: {
      char *p = reserve(w, LS_NUMFMT_MAX);
      w->len += strlen(ls_fmt_double(ls_column_f64(c)[i], p));
      break;
    }
    case LS_TYPE_TIME: put_time(w, ls_column_i64(c)[i], form); break;
    case LS_TYPE_BOOL:
      if (ls_column_bool(c)[i])
        put(w, "true", 4);
      else
        put(w, "false", 5);
      break;
    case LS_TYPE_STRING: {
      size_t n;
      const char *s = ls_column_str(c, i, &n);
      put_field(w, s, n);
      break;
    }
    default: break;
  }
}

/* ---- API ---- */

ls_status ls_csv_write(const ls_table *t, FILE *f) {
  if (!t || !f || ls_table_check(t) != LS_OK) return LS_EINVAL;
  size_t ncols = ls_table_ncols(t), rows = ls_table_rows(t);
  writer w = {f, ls_malloc(BUF_SIZE), 0, 0};
  int *forms = ls_malloc((ncols ? ncols : 1) * sizeof *forms);
  if (!w.buf || !forms) {
    ls_free(w.buf);
    ls_free(forms);
    return LS_ENOMEM;
  }
  for (size_t j = 0; j < ncols; j++) {
    const ls_column *c = ls_table_col(t, j);
    forms[j] = ls_column_type(c) == LS_TYPE_TIME ? time_form(c) : 0;
    const char *name = ls_column_name(c);
    if (j) put_char(&w, ',');
    put_field(&w, name, strlen(name));
  }
  if (ncols) put_char(&w, '\n');
  for (size_t i = 0; i < rows && !w.failed; i++) {
    for (size_t j = 0; j < ncols; j++) {
      if (j) put_char(&w, ',');
      put_cell(&w, ls_table_col(t, j), i, forms[j]);
    }
    put_char(&w, '\n');
  }
  flush(&w);
  if (fflush(f) != 0 || ferror(f)) w.failed = 1;
  ls_free(w.buf);
  ls_free(forms);
  return w.failed ? LS_EIO : LS_OK;
}
