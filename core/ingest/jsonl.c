/* jsonl.c: the streaming JSON Lines reader.
 *
 * Input is cut into lines; a line whole inside a chunk is parsed where it
 * lies, one split across chunks is gathered in a buffer first. A line is
 * parsed in one pass (ingest/jsonscan.h) into entries (column, text): text
 * points into the line, or into a scratch buffer for unescaped strings and
 * compact JSON. Both buffers are sized to the line before it is parsed
 * (nothing a line produces is longer than the line), so a value costs no
 * allocation. Flattened names are found by guessing that a row repeats the
 * previous row's keys in order, else by a dictionary. A finished row goes to
 * each column's cell store (ingest/infer.h), which is first filled with nulls
 * up to that row: a column pays only for the rows since its last value. At
 * finish every column is padded, typed and built, its text freed as it goes. */
#include "ingest/jsonl.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "ingest/infer.h"
#include "ingest/jsonscan.h"

#define EMPTY_NAME "(empty)"

typedef struct {
  ls_cells cells;
  char *name; /* valid UTF-8 without NUL */
  size_t len;
  uint64_t last_row; /* row of its latest entry; UINT64_MAX before any */
  size_t last_entry; /* that entry's index in the row */
} column;

typedef struct {
  const char *s; /* the cell text (len 0: null) */
  size_t len;
  uint32_t col;
  int dead; /* a later entry of the same row has the same column */
} entry;

struct ls_jsonl {
  ls_reader b; /* name, first error, typing, reports, repairs, row lines */
  int fed, finished;
  ls_record_fn fn;
  void *ctx;
  /* lines */
  uint64_t line; /* the line being read, 1-based */
  char *lbuf;    /* a line begun in an earlier chunk */
  size_t llen, lcap;
  int seen_object; /* a non-blank line was read */
  uint64_t blank;  /* blank lines skipped */
  /* the line being parsed */
  const unsigned char *lstart; /* its first byte, past a BOM */
  int at_eof;                  /* it is the last line, without a LF */
  char *scratch;               /* unescaped strings and compact JSON of the line */
  size_t used, scap;
  char *path; /* the flattened name being built */
  size_t pcap;
  entry *ents;
  size_t nents, ecap;
  /* columns */
  column *cols;
  size_t ncols, ccap;
  ls_dict *keys;     /* every flattened name met, as read */
  uint32_t *key_col; /* the column of each key id */
  size_t kcap;
  uint32_t *pred; /* the column of each entry of the previous row */
  size_t npred, prcap;
  /* rows */
  uint64_t rows;
  /* record mode */
  ls_cells rec;
  ls_field *fnames, *fvalues;
  size_t fncap, fvcap;
};

/* ---- private: errors ---- */

static ls_status oom(ls_jsonl *r) { return ls_reader_fail(&r->b, LS_ENOMEM, "out of memory"); }

/* The 1-based column, in characters, of the byte at on the current line. */
static unsigned long long col_at(const ls_jsonl *r, const unsigned char *at) {
  unsigned long long col = 1;
  for (const unsigned char *p = r->lstart; p < at; p++) col += (*p & 0xC0) != 0x80;
  return col;
}

/* A parse error at byte at of the current line. */
static ls_status fail_at(ls_jsonl *r, const unsigned char *at, const char *what) {
  return ls_reader_fail(&r->b, LS_EPARSE, "line %llu, column %llu: %s",
                        (unsigned long long)r->line, col_at(r, at), what);
}

/* The scanner's error, said as "unexpected end of line" where the line ran out. */
static ls_status fail_scan(ls_jsonl *r, const ls_jscan *s) {
  const char *cut = s->at < s->end ? ""
                    : r->at_eof    ? "unexpected end of input: "
                                   : "unexpected end of line: ";
  return ls_reader_fail(&r->b, LS_EPARSE, "line %llu, column %llu: %s%s",
                        (unsigned long long)r->line, col_at(r, s->at), cut,
                        ls_jscan_message(s->err));
}

static ls_status fail_scan_at(ls_jsonl *r, ls_jscan *s, ls_jscan_err e, const unsigned char *at) {
  s->err = e;
  s->at = at;
  return fail_scan(r, s);
}

/* ---- private: buffers ---- */

/* Make *buf hold at least need bytes. */
static int reserve(char **buf, size_t *cap, size_t need) {
  if (need <= *cap) return 1;
  size_t n = *cap ? *cap : 256;
  while (n < need) n = n > SIZE_MAX / 2 ? need : n * 2;
  char *b = ls_realloc(*buf, n);
  if (!b) return 0;
  *buf = b;
  *cap = n;
  return 1;
}

/* Make an array *arr of elements of size size hold at least need of them. */
static int reserve_array(void *arr, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 1;
  size_t n = *cap ? *cap * 2 : 16;
  if (n < need) n = need;
  void *a = ls_reallocarray(*(void **)arr, n, size);
  if (!a) return 0;
  *(void **)arr = a;
  *cap = n;
  return 1;
}

/* ---- private: columns ---- */

/* The column name for a key path: valid UTF-8, NUL bytes as U+FFFD, an
 * empty path as EMPTY_NAME. NULL on out of memory. */
static char *column_name(const char *s, size_t len, size_t *out_len) {
  ls_cells tmp;
  ls_cells_init(&tmp);
  ls_status st = LS_OK;
  if (len == 0) st = ls_cells_append(&tmp, EMPTY_NAME, strlen(EMPTY_NAME));
  for (size_t i = 0; i < len && st == LS_OK;) {
    const char *nul = memchr(s + i, '\0', len - i);
    size_t run = nul ? (size_t)(nul - s) - i : len - i;
    st = ls_cells_append(&tmp, s + i, run);
    if (st == LS_OK && nul) st = ls_cells_append(&tmp, "\xEF\xBF\xBD", 3);
    i += run + (nul != NULL);
  }
  if (st == LS_OK) st = ls_cells_end(&tmp);
  char *name = NULL;
  if (st == LS_OK) {
    ls_cells_cursor k;
    const char *t;
    ls_cells_begin(&tmp, &k);
    if (ls_cells_next(&k, &t, out_len)) name = ls_strndup(t, *out_len); /* the cell just ended */
  }
  ls_cells_free(&tmp);
  return name;
}

/* Remember that key name[0..len) feeds column col. */
static ls_status map_key(ls_jsonl *r, const char *name, size_t len, uint32_t col) {
  int32_t id = ls_dict_intern(r->keys, name, len);
  if (id < 0 || !reserve_array(&r->key_col, &r->kcap, (size_t)id + 1, sizeof *r->key_col))
    return oom(r);
  r->key_col[id] = col;
  return LS_OK;
}

/* The column for a key path met for the first time; key_at is where its
 * last key starts, for the error about too many columns. */
static ls_status new_key(ls_jsonl *r, size_t len, const unsigned char *key_at, uint32_t *col) {
  size_t nlen;
  char *name = column_name(r->path, len, &nlen);
  if (!name) return oom(r);
  int same = nlen == len && memcmp(name, r->path, len) == 0;
  int32_t id = same ? -1 : ls_dict_find(r->keys, name, nlen);
  if (id >= 0) { /* another spelling of a column's name, e.g. with other invalid bytes */
    ls_free(name);
    *col = r->key_col[id];
    return map_key(r, r->path, len, *col);
  }
  if (r->ncols == LS_JSONL_MAX_COLUMNS) {
    ls_free(name);
    char what[64];
    snprintf(what, sizeof what, "more than %d columns", LS_JSONL_MAX_COLUMNS);
    return fail_at(r, key_at, what);
  }
  if (!reserve_array(&r->cols, &r->ccap, r->ncols + 1, sizeof *r->cols)) {
    ls_free(name);
    return oom(r);
  }
  column *c = &r->cols[r->ncols];
  ls_cells_init(&c->cells);
  c->name = name;
  c->len = nlen;
  c->last_row = UINT64_MAX;
  c->last_entry = 0;
  *col = (uint32_t)r->ncols++;
  if (!same && map_key(r, name, nlen, *col) != LS_OK) return r->b.status;
  return map_key(r, r->path, len, *col);
}

/* The column of the key path r->path[0..len). */
static ls_status find_column(ls_jsonl *r, size_t len, const unsigned char *key_at, uint32_t *col) {
  size_t k = r->nents;
  if (k < r->npred) { /* most rows repeat the keys of the row before */
    const column *c = &r->cols[r->pred[k]];
    if (c->len == len && memcmp(c->name, r->path, len) == 0) {
      *col = r->pred[k];
      return LS_OK;
    }
  }
  int32_t id = ls_dict_find(r->keys, r->path, len);
  if (id >= 0) {
    *col = r->key_col[id];
  } else if (new_key(r, len, key_at, col) != LS_OK) {
    return r->b.status;
  }
  if (!reserve_array(&r->pred, &r->prcap, k + 1, sizeof *r->pred)) return oom(r);
  r->pred[k] = *col;
  if (r->npred <= k) r->npred = k + 1;
  return LS_OK;
}

/* One value of the row, for the key path r->path[0..len). */
static ls_status add_entry(ls_jsonl *r, size_t len, const unsigned char *key_at, const char *s,
                           size_t n) {
  uint32_t col = 0;
  if (find_column(r, len, key_at, &col) != LS_OK) return r->b.status;
  if (!reserve_array(&r->ents, &r->ecap, r->nents + 1, sizeof *r->ents)) return oom(r);
  column *c = &r->cols[col];
  if (c->last_row == r->rows) r->ents[c->last_entry].dead = 1; /* the last value wins */
  c->last_row = r->rows;
  c->last_entry = r->nents;
  r->ents[r->nents++] = (entry){s, n, col, 0};
  return LS_OK;
}

/* ---- private: one line ---- */

static ls_status object(ls_jsonl *r, ls_jscan *s, int depth, size_t plen, int keys);

/* The value at s->p of key path r->path[0..len) in an object nested depth
 * deep whose name has keys keys. */
static ls_status value(ls_jsonl *r, ls_jscan *s, int depth, size_t len, int keys,
                       const unsigned char *key_at) {
  unsigned char ch = s->p < s->end ? *s->p : 0;
  char *out = r->scratch + r->used;
  const char *text = out;
  size_t n = 0;
  int which, ok = 1;
  if (ch == '{' && keys < LS_JSONL_FLATTEN_DEPTH) {
    r->path[len] = '.';
    return object(r, s, depth + 1, len + 1, keys);
  }
  if (ch == '"') {
    ok = ls_jscan_string(s, out, &text, &n);
  } else if (ch == '{' || ch == '[') {
    ok = ls_jscan_compact(s, depth + 1, out, &n);
  } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
    ok = ls_jscan_number(s, &text, &n);
  } else if ((ok = ls_jscan_literal(s, &which)) != 0) {
    text = which > 0 ? "true" : "false";
    n = which < 0 ? 0 : strlen(text);
  }
  if (!ok) return fail_scan(r, s);
  if (text == out) r->used += n;
  assert(r->used <= r->scap);
  return add_entry(r, len, key_at, text, n);
}

/* The object at s->p, nested depth deep; its fields' names start with
 * r->path[0..plen), which holds keys keys. */
static ls_status object(ls_jsonl *r, ls_jscan *s, int depth, size_t plen, int keys) {
  if (depth > LS_JSCAN_MAX_DEPTH) return fail_scan_at(r, s, LS_JSCAN_DEEP, s->p);
  s->p++;
  ls_jscan_ws(s);
  if (s->p < s->end && *s->p == '}') {
    s->p++;
    return LS_OK;
  }
  for (int first = 1;; first = 0) {
    const unsigned char *key_at = s->p;
    if (s->p == s->end || *s->p != '"')
      return fail_scan_at(r, s, first ? LS_JSCAN_KEY_OR_END : LS_JSCAN_KEY, s->p);
    char *kout = r->path + plen;
    const char *key;
    size_t klen;
    if (!ls_jscan_string(s, kout, &key, &klen)) return fail_scan(r, s);
    if (key != kout) memcpy(kout, key, klen);
    ls_jscan_ws(s);
    if (s->p == s->end || *s->p != ':') return fail_scan_at(r, s, LS_JSCAN_COLON, s->p);
    s->p++;
    ls_jscan_ws(s);
    if (value(r, s, depth, plen + klen, keys + 1, key_at) != LS_OK) return r->b.status;
    ls_jscan_ws(s);
    if (s->p < s->end && *s->p == ',') {
      s->p++;
      ls_jscan_ws(s);
    } else if (s->p < s->end && *s->p == '}') {
      s->p++;
      return LS_OK;
    } else {
      return fail_scan_at(r, s, LS_JSCAN_OBJECT_NEXT, s->p);
    }
  }
}

/* Hand the row's entries to the record callback. */
static ls_status emit_record(ls_jsonl *r) {
  if (!reserve_array(&r->fnames, &r->fncap, r->nents, sizeof *r->fnames) ||
      !reserve_array(&r->fvalues, &r->fvcap, r->nents, sizeof *r->fvalues))
    return oom(r);
  ls_cells_clear(&r->rec);
  size_t n = 0;
  for (size_t i = 0; i < r->nents; i++) {
    const entry *e = &r->ents[i];
    if (e->dead) continue;
    if (ls_cells_push(&r->rec, e->s, e->len) != LS_OK) return oom(r);
    r->fnames[n++] = (ls_field){r->cols[e->col].name, r->cols[e->col].len};
  }
  ls_cells_cursor k;
  ls_cells_begin(&r->rec, &k);
  for (size_t i = 0; i < n; i++) ls_cells_next(&k, &r->fvalues[i].s, &r->fvalues[i].len);
  ls_status st = r->fn(r->ctx, r->line, r->fnames, r->fvalues, n);
  if (st != LS_OK)
    return ls_reader_fail(&r->b, st, "line %llu: stopped by the record callback",
                          (unsigned long long)r->line);
  return LS_OK;
}

/* Add the row's entries to the columns' cells. */
static ls_status store_row(ls_jsonl *r) {
  if (ls_rowlines_mark(&r->b.lines, r->line) != LS_OK) return oom(r);
  for (size_t i = 0; i < r->nents; i++) {
    const entry *e = &r->ents[i];
    if (e->dead) continue;
    ls_cells *c = &r->cols[e->col].cells;
    while (c->n < r->rows)
      if (ls_cells_end(c) != LS_OK) return oom(r);
    if (ls_cells_push(c, e->s, e->len) != LS_OK) return oom(r);
  }
  return LS_OK;
}

/* Parse the line p[0..n), its LF excluded. */
static ls_status read_line(ls_jsonl *r, const unsigned char *p, size_t n) {
  if (r->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    p += 3;
    n -= 3;
  }
  ls_jscan s = {p, p + n, LS_JSCAN_OK, NULL};
  ls_jscan_ws(&s);
  if (s.p == s.end) { /* a blank line */
    r->blank++;
    return LS_OK;
  }
  r->lstart = p;
  int first = !r->seen_object;
  r->seen_object = 1;
  if (*s.p != '{') {
    if (*s.p == '[' && first)
      return fail_at(r, s.p, "a JSON array, not JSON Lines (one object per line)");
    return fail_at(r, s.p, "expected '{': each line must hold one JSON object");
  }
  if (!reserve(&r->scratch, &r->scap, n) ||
      !reserve(&r->path, &r->pcap, n + LS_JSONL_FLATTEN_DEPTH + 1))
    return oom(r);
  r->used = 0;
  r->nents = 0;
  if (object(r, &s, 1, 0, 0) != LS_OK) return r->b.status;
  ls_jscan_ws(&s);
  if (s.p != s.end) return fail_at(r, s.p, "expected the end of the line after the object");
  if ((r->fn ? emit_record(r) : store_row(r)) != LS_OK) return r->b.status;
  r->rows++;
  return LS_OK;
}

static ls_status too_long(ls_jsonl *r) {
  return ls_reader_fail(&r->b, LS_EPARSE, "line %llu: longer than %zu MB",
                        (unsigned long long)r->line, LS_JSONL_MAX_LINE >> 20);
}

/* ---- private: the table ---- */

/* Column i for ls_reader_build, padded with nulls to the last row. */
static ls_status column_at(void *ctx, size_t i, const char **name, ls_cells **cells,
                           ls_infer_stream **stream) {
  ls_jsonl *r = ctx;
  *stream = NULL;
  column *c = &r->cols[i];
  while (c->cells.n < r->rows)
    if (ls_cells_end(&c->cells) != LS_OK) return LS_ENOMEM;
  *name = c->name;
  *cells = &c->cells;
  return LS_OK;
}

/* ---- API ---- */

ls_jsonl *ls_jsonl_new(const char *name) {
  ls_jsonl *r = ls_calloc(1, sizeof *r);
  if (!r) return NULL;
  ls_status st = ls_reader_init(&r->b, name);
  r->keys = ls_dict_new();
  if (st != LS_OK || !r->keys) {
    ls_jsonl_free(r);
    return NULL;
  }
  r->line = 1;
  ls_cells_init(&r->rec);
  return r;
}

void ls_jsonl_free(ls_jsonl *r) {
  if (!r) return;
  for (size_t i = 0; i < r->ncols; i++) {
    ls_cells_free(&r->cols[i].cells);
    ls_free(r->cols[i].name);
  }
  ls_free(r->cols);
  ls_dict_free(r->keys);
  ls_free(r->key_col);
  ls_free(r->pred);
  ls_free(r->ents);
  ls_free(r->scratch);
  ls_free(r->path);
  ls_free(r->lbuf);
  ls_cells_free(&r->rec);
  ls_free(r->fnames);
  ls_free(r->fvalues);
  ls_reader_free(&r->b);
  ls_free(r);
}

ls_status ls_jsonl_on_record(ls_jsonl *r, ls_record_fn fn, void *ctx) {
  if (!r) return LS_EINVAL;
  if (r->b.status != LS_OK) return r->b.status;
  if (!fn || r->fed || r->finished)
    return ls_reader_fail(&r->b, LS_EINVAL, "record callback set too late or NULL");
  r->fn = fn;
  r->ctx = ctx;
  return LS_OK;
}

ls_status ls_jsonl_feed(ls_jsonl *r, const char *buf, size_t n) {
  if (!r) return LS_EINVAL;
  if (r->b.status != LS_OK) return r->b.status;
  if (r->finished) return ls_reader_fail(&r->b, LS_EINVAL, "input after the end of input");
  if (!buf && n) return ls_reader_fail(&r->b, LS_EINVAL, "no buffer to read");
  r->fed = 1;
  const unsigned char *p = (const unsigned char *)buf, *end = p + n;
  while (p < end) {
    const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t take = (size_t)((nl ? nl : end) - p);
    if (take > LS_JSONL_MAX_LINE - r->llen) return too_long(r);
    if (r->llen == 0 && nl) { /* a whole line in this chunk: read it in place */
      if (read_line(r, p, take) != LS_OK) return r->b.status;
    } else {
      if (!reserve(&r->lbuf, &r->lcap, r->llen + take)) return oom(r);
      memcpy(r->lbuf + r->llen, p, take);
      r->llen += take;
      if (!nl) break;
      if (read_line(r, (const unsigned char *)r->lbuf, r->llen) != LS_OK) return r->b.status;
      r->llen = 0;
    }
    r->line++;
    p = nl + 1;
  }
  return LS_OK;
}

ls_status ls_jsonl_finish(ls_jsonl *r, ls_table **out) {
  if (out) *out = NULL;
  if (!r) return LS_EINVAL;
  if (r->b.status != LS_OK) return r->b.status;
  if (!out) return ls_reader_fail(&r->b, LS_EINVAL, "no place for the table");
  if (r->finished) return ls_reader_fail(&r->b, LS_EINVAL, "finished twice");
  if (r->llen) { /* the last line, without a LF */
    r->at_eof = 1;
    if (read_line(r, (const unsigned char *)r->lbuf, r->llen) != LS_OK) return r->b.status;
    r->llen = 0;
  }
  if (!r->seen_object) return ls_reader_fail(&r->b, LS_EPARSE, "empty file: no JSON objects");
  if (!r->fn && r->ncols == 0) return ls_reader_fail(&r->b, LS_EPARSE, "no keys in any object");
  if (!r->fn) {
    if (ls_reader_build(&r->b, r->ncols, column_at, r, out) != LS_OK) return r->b.status;
    assert(ls_table_rows(*out) == r->rows);
  }
  r->finished = 1;
  return LS_OK;
}

const char *ls_jsonl_errmsg(const ls_jsonl *r) { return r ? r->b.msg : ""; }

uint64_t ls_jsonl_rows(const ls_jsonl *r) { return r ? r->rows : 0; }

uint64_t ls_jsonl_blank_lines(const ls_jsonl *r) { return r ? r->blank : 0; }

ls_reader *ls_jsonl_reader(ls_jsonl *r) { return r ? &r->b : NULL; }

uint64_t ls_jsonl_row_line(const ls_jsonl *r, uint64_t row) {
  if (!r || r->fn || row >= r->rows) return 0;
  return ls_rowlines_line(&r->b.lines, row);
}
