/* jsonl_parse.h: what both JSON Lines reader tests share: a parse in pieces
 * or in record mode, its dump as text, and the cells of its table. */
#ifndef LS_JSONL_PARSE_H
#define LS_JSONL_PARSE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ingest/jsonl.h"
#include "strbuf.h"

/* Records as text, "line: name=value; name=value\n" each (a null as ~). */
static inline ls_status collect(void *ctx, uint64_t line, const ls_field *names, const ls_field *values,
                         size_t n) {
  strbuf *b = ctx;
  putf(b, "%llu:", (unsigned long long)line);
  for (size_t i = 0; i < n; i++) {
    put(b, " ", 1);
    put(b, names[i].s, names[i].len);
    put(b, "=", 1);
    if (values[i].len)
      put(b, values[i].s, values[i].len);
    else
      put(b, "~", 1);
    if (i + 1 < n) put(b, ";", 1);
  }
  put(b, "\n", 1);
  return LS_OK;
}

typedef struct {
  ls_status st;
  ls_table *t;
  char msg[1024];
  char *records;     /* record mode: what collect wrote (caller frees) */
  uint64_t lines[8]; /* ls_jsonl_row_line of rows 0..7 */
} parsed;

/* Parse n bytes of text as the file t.jsonl, split at each offset of cuts
 * (ascending), then every piece in chunks of at most chunk bytes (0: no
 * limit); in record mode when records is set. */
static inline parsed parse_cut(const char *text, size_t n, const size_t *cuts, size_t ncuts, size_t chunk,
                        int records) {
  parsed p = {LS_OK, NULL, "", NULL, {0}};
  strbuf b = {0};
  ls_jsonl *r = ls_jsonl_new("t.jsonl");
  if (!r) {
    p.st = LS_ENOMEM;
    return p;
  }
  if (records) {
    put(&b, "", 0);
    p.st = ls_jsonl_on_record(r, collect, &b);
  }
  size_t at = 0;
  for (size_t c = 0; c <= ncuts && p.st == LS_OK; c++) {
    size_t stop = c < ncuts ? cuts[c] : n;
    while (at < stop && p.st == LS_OK) {
      size_t k = stop - at;
      if (chunk && k > chunk) k = chunk;
      p.st = ls_jsonl_feed(r, text + at, k);
      at += k;
    }
  }
  if (p.st == LS_OK) p.st = ls_jsonl_finish(r, &p.t);
  snprintf(p.msg, sizeof p.msg, "%s", ls_jsonl_errmsg(r));
  for (uint64_t i = 0; i < 8; i++) p.lines[i] = ls_jsonl_row_line(r, i);
  ls_jsonl_free(r);
  p.records = b.s;
  return p;
}

static inline parsed parse_chunks(const char *text, size_t n, size_t chunk) {
  return parse_cut(text, n, NULL, 0, chunk, 0);
}

static inline parsed parse_text(const char *text) { return parse_chunks(text, strlen(text), 0); }

/* The table of a text that must parse. */
static inline ls_table *table_of(const char *text) {
  parsed p = parse_text(text);
  if (p.st != LS_OK) CHECK_FAIL_("parse failed: %s", p.msg);
  return p.t;
}

/* The records of a text read in record mode; the caller frees. */
static inline char *records_of(const char *text, size_t chunk) {
  parsed p = parse_cut(text, strlen(text), NULL, 0, chunk, 1);
  if (p.st != LS_OK) CHECK_FAIL_("parse failed: %s", p.msg);
  CHECK(p.t == NULL);
  return p.records;
}

static inline const ls_column *col_named(const ls_table *t, const char *name) {
  const ls_column *c = t ? ls_table_find(t, name) : NULL;
  if (!c) CHECK_FAIL_("no column %s", name);
  return c;
}

/* The text of a string cell, "~" for null (NUL-terminated copy). */
static inline const char *cell(const ls_table *t, const char *name, size_t row) {
  static char buf[4][256];
  static int k;
  const ls_column *c = col_named(t, name);
  if (!c || row >= ls_column_len(c) || ls_column_type(c) != LS_TYPE_STRING) return NULL;
  size_t len;
  const char *s = ls_column_str(c, row, &len);
  if (!s) return "~";
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%.*s", (int)len, s);
  return buf[k];
}

/* Every name, type and value of a parse, as text; the caller frees. */
static inline char *dump(const parsed *p) {
  strbuf b = {0};
  putf(&b, "%s|%s\n", ls_status_name(p->st), p->msg);
  if (p->records) putf(&b, "%s", p->records);
  for (int i = 0; i < 8; i++) putf(&b, "%llu ", (unsigned long long)p->lines[i]);
  if (!p->t) return b.s;
  const ls_table *t = p->t;
  put(&b, ls_table_name(t), strlen(ls_table_name(t)));
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const ls_column *col = ls_table_col(t, c);
    putf(&b, "\n[%s:%s]", ls_column_name(col), ls_type_name(ls_column_type(col)));
    for (size_t i = 0; i < ls_column_len(col); i++) {
      if (!ls_column_valid(col, i)) {
        put(&b, " null", 5);
      } else if (ls_column_type(col) == LS_TYPE_STRING) {
        size_t len;
        const char *s = ls_column_str(col, i, &len);
        put(&b, " <", 2);
        put(&b, s, len);
        put(&b, ">", 1);
      } else {
        putf(&b, " %.17g", ls_column_num(col, i));
      }
    }
  }
  return b.s;
}

static inline void drop(parsed *p) {
  ls_table_free(p->t);
  free(p->records);
}

#endif
