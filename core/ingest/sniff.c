/* sniff.c: the CSV dialect and header sniffer.
 *
 * Each candidate reads every sample with a small tokenizer that only counts
 * fields per row (and, for the winner, keeps the cells): a byte-class table
 * per candidate makes the inner loops one lookup a byte. The candidates are
 * scored from those counts; the winner's cells then decide the header. */
#include "ingest/sniff.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/infer.h"

#define SAMPLE_MAX ((size_t)1 << 20)
#define EDGE_MAX 64 /* rows of a preamble or of trailing summary lines, at most */
#define CELL_ROWS 256 /* rows of each sample whose cells decide the header */

/* ---- private: candidates ---- */

typedef struct {
  unsigned char delim, quote, escape; /* quote 0: none; escape == quote: doubled */
} cand;

enum { C_PLAIN, C_DELIM, C_CR, C_LF, C_QUOTE, C_ESCAPE };

/* byte classes outside quotes (delimiter and line ends) and inside them */
typedef struct {
  unsigned char out[256], in[256];
} classes;

static void classes_of(const cand *c, classes *k) {
  memset(k, C_PLAIN, sizeof *k);
  k->out[c->delim] = C_DELIM;
  k->out['\r'] = k->in['\r'] = C_CR;
  k->out['\n'] = k->in['\n'] = C_LF;
  if (c->quote) {
    if (c->escape && c->escape != c->quote) k->in[c->escape] = C_ESCAPE;
    k->in[c->quote] = C_QUOTE;
  }
}

/* ---- private: reading rows ---- */

#define ROW_BAD 0                /* the count of a row dropped at a quote error */
#define ROW_CUT UINT32_MAX       /* the count of a row cut by a sample's end */

typedef struct {
  uint32_t *count, *line; /* fields of each row; its line (1-based) in its sample */
  uint32_t *span;         /* with cells: how many cells each row left in the store */
  size_t n, cap;
  size_t *first;          /* index of each sample's first row; first[nsamples] = n */
  size_t quoted;          /* fields in quotes */
  int start_error;        /* a quote error in the first sample */
  ls_cells *cells;        /* NULL, or every field of every row in order */
} rows;

static ls_status grow(uint32_t **a, size_t cap) {
  uint32_t *b = ls_reallocarray(*a, cap, sizeof *b);
  if (!b) return LS_ENOMEM;
  *a = b;
  return LS_OK;
}

/* A row of count fields starting on line ended; its cells start at cell
 * cells_at of the store. */
static ls_status push_row(rows *rs, uint32_t count, uint32_t line, size_t cells_at) {
  if (rs->n == rs->cap) {
    size_t cap = rs->cap ? rs->cap * 2 : 256;
    if (grow(&rs->count, cap) != LS_OK || grow(&rs->line, cap) != LS_OK || grow(&rs->span, cap) != LS_OK)
      return LS_ENOMEM;
    rs->cap = cap;
  }
  rs->count[rs->n] = count;
  rs->line[rs->n] = line;
  rs->span[rs->n] = rs->cells ? (uint32_t)(rs->cells->n - cells_at) : 0;
  rs->n++;
  return LS_OK;
}

static ls_status piece(rows *rs, const unsigned char *s, size_t len) {
  return rs->cells ? ls_cells_append(rs->cells, (const char *)s, len) : LS_OK;
}

static ls_status field_done(rows *rs) { return rs->cells ? ls_cells_end(rs->cells) : LS_OK; }

/* 1 when the byte at p (in a sample starting at begin) starts a new line:
 * a CR, or an LF not after a CR. */
static int new_line(const unsigned char *begin, const unsigned char *p) {
  return *p == '\r' || (*p == '\n' && (p == begin || p[-1] != '\r'));
}

#define TRY(x)                    \
  do {                            \
    ls_status st_ = (x);          \
    if (st_ != LS_OK) return st_; \
  } while (0)

/* Read the rows of [begin, end) in candidate c. A row cut by the end of a
 * sample that does not reach the file's end is ROW_CUT. A quote error (an
 * unterminated quote at the file's end, a character after a closing quote)
 * makes its row ROW_BAD, and reading goes on after the next line end. When
 * cells are kept, only the first CELL_ROWS rows are read. */
static ls_status read_rows(const cand *c, const classes *k, const unsigned char *begin,
                           const unsigned char *end, int first_sample, int at_end, rows *rs) {
  const unsigned char *p = begin;
  size_t stop = rs->cells ? rs->n + CELL_ROWS : SIZE_MAX;
  uint32_t line = 1, fields = 0, row_line = 0;
  int in_row = 0;
  size_t cells_at = 0;
  while (p < end) {
    if (!in_row) {
      if (rs->n >= stop) return LS_OK;
      if (*p == '\r' || *p == '\n') { /* an empty line, or the LF of a CRLF */
        line += (uint32_t)new_line(begin, p);
        p++;
        continue;
      }
      in_row = 1;
      fields = 0;
      row_line = line;
      cells_at = rs->cells ? rs->cells->n : 0;
    }
    int bad = 0;
    if (c->quote && *p == c->quote) {
      const unsigned char *s = ++p;
      for (;;) {
        while (p < end && !k->in[*p]) p++;
        if (p == end) break;
        if (*p == '\r' || *p == '\n') {
          line += (uint32_t)new_line(begin, p);
          p++;
        } else if (*p == c->quote) {
          if (c->escape == c->quote && p + 1 < end && p[1] == c->quote) {
            TRY(piece(rs, s, (size_t)(p + 1 - s)));
            s = p += 2;
            continue;
          }
          break;
        } else if (p + 1 < end && (p[1] == c->quote || p[1] == c->escape)) {
          TRY(piece(rs, s, (size_t)(p - s))); /* an escape: keep the byte after it */
          s = p + 1;
          p += 2;
        } else {
          p++;
        }
      }
      TRY(piece(rs, s, (size_t)(p - s)));
      if (p == end) { /* unterminated */
        TRY(field_done(rs));
        if (at_end && first_sample) rs->start_error = 1;
        return push_row(rs, at_end ? ROW_BAD : ROW_CUT, row_line, cells_at);
      }
      p++;
      rs->quoted++;
      bad = p < end && k->out[*p] == C_PLAIN;
    } else {
      const unsigned char *s = p;
      while (p < end && !k->out[*p]) p++;
      TRY(piece(rs, s, (size_t)(p - s)));
    }
    TRY(field_done(rs));
    fields++;
    if (bad) { /* a character after a closing quote: drop the row */
      if (first_sample) rs->start_error = 1;
      TRY(push_row(rs, ROW_BAD, row_line, cells_at));
      in_row = 0;
      while (p < end && *p != '\r' && *p != '\n') p++;
      continue;
    }
    if (p == end) break;
    if (*p == c->delim) {
      p++;
      if (p == end) { /* a trailing delimiter: an empty last field */
        TRY(field_done(rs));
        fields++;
      }
      continue;
    }
    TRY(push_row(rs, fields, row_line, cells_at));
    in_row = 0;
    line++;
    p++;
  }
  if (in_row) TRY(push_row(rs, fields, row_line, cells_at));
  return LS_OK;
}

/* ---- private: samples ---- */

/* The part of a sample that is read. */
typedef struct {
  const unsigned char *begin, *end;
  int first, at_end;
} span;

static span span_of(const ls_sample *s) {
  static const unsigned char none[1];
  const unsigned char *p = s->data ? (const unsigned char *)s->data : none;
  const unsigned char *end = s->data ? p + s->len : p;
  int at_end = s->at_end;
  if (s->len > SAMPLE_MAX) {
    end = p + SAMPLE_MAX;
    at_end = 0;
  }
  if (s->at_start) {
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3;
  } else { /* from just after the first line break */
    while (p < end && *p != '\r' && *p != '\n') p++;
    if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n') p++;
    if (p < end) p++;
  }
  if (!at_end) { /* up to the last line break */
    const unsigned char *q = end;
    while (q > p && q[-1] != '\r' && q[-1] != '\n') q--;
    end = q;
  }
  span sp = {p, end, s->at_start != 0, at_end};
  return sp;
}

static ls_status read_all(const cand *c, const span *sp, size_t n, rows *rs) {
  classes k;
  classes_of(c, &k);
  rs->n = 0;
  rs->quoted = 0;
  rs->start_error = 0;
  for (size_t i = 0; i < n; i++) {
    rs->first[i] = rs->n;
    ls_status st = read_rows(c, &k, sp[i].begin, sp[i].end, sp[i].first, sp[i].at_end, rs);
    if (st != LS_OK) return st;
  }
  rs->first[n] = rs->n;
  return LS_OK;
}

/* ---- private: scoring ---- */

typedef struct {
  int valid;             /* no quote error in the first sample */
  uint32_t columns;      /* the dominant field count */
  size_t preamble;       /* rows before the header in the first sample */
  uint32_t skip;         /* lines before the header */
  size_t trailing;       /* rows of another count at the file's end */
  size_t ragged, consistent;
  size_t quoted;
} score;

/* 1 when a is a better dialect than b (on a tie the earlier candidate b stays) */
static int better(const score *a, const score *b) {
  if (a->valid != b->valid) return a->valid > b->valid;
  size_t ta = a->ragged + a->consistent, tb = b->ragged + b->consistent;
  int ga = a->columns > 1 && a->ragged * 10 <= ta, gb = b->columns > 1 && b->ragged * 10 <= tb;
  if (ga != gb) return ga > gb;
  if ((a->ragged == 0) != (b->ragged == 0)) return a->ragged == 0;
  if (a->columns != b->columns) return a->columns > b->columns;
  if (a->ragged != b->ragged) return a->ragged < b->ragged;
  return a->quoted > b->quoted;
}

static score score_of(const rows *rs, size_t n, int last_at_end) {
  score sc = {!rs->start_error, 0, 0, 0, 0, 0, 0, rs->quoted};
  /* the dominant count: that of the longest run of equal rows */
  size_t best = 0;
  for (size_t s = 0; s < n; s++) {
    size_t run = 0;
    for (size_t i = rs->first[s]; i < rs->first[s + 1]; i++) {
      uint32_t c = rs->count[i];
      if (c == ROW_CUT || c == ROW_BAD) {
        run = 0;
        continue;
      }
      run = i > rs->first[s] && rs->count[i - 1] == c ? run + 1 : 1;
      if (run > best || (run == best && c > sc.columns)) {
        best = run;
        sc.columns = c;
      }
    }
  }
  if (!best) return sc;
  /* a preamble: the rows before the first two of that count */
  size_t lo = rs->first[0], hi = rs->first[n];
  for (size_t i = rs->first[0]; i < rs->first[1]; i++) {
    if (rs->count[i] == sc.columns && (i + 1 >= rs->first[1] || rs->count[i + 1] == sc.columns)) {
      if (i - rs->first[0] <= EDGE_MAX) {
        lo = i;
        sc.preamble = i - rs->first[0];
        sc.skip = rs->line[i] - 1;
      }
      break;
    }
  }
  /* trailing rows: after the last of that count in a sample at the file's end */
  if (last_at_end) {
    size_t j = hi;
    while (j > rs->first[n - 1] && j > lo && rs->count[j - 1] != sc.columns) j--;
    if (j > lo && hi - j <= EDGE_MAX) {
      sc.trailing = hi - j;
      hi = j;
    }
  }
  for (size_t i = rs->first[0]; i < rs->first[n]; i++) {
    if (rs->count[i] == ROW_CUT || i < lo || i >= hi) continue;
    if (rs->count[i] == sc.columns)
      sc.consistent++;
    else
      sc.ragged++;
  }
  return sc;
}

/* ---- private: the header ---- */

typedef struct {
  ls_header_reason reason;
  size_t column;
  ls_type type;
} header_call;

static int same_fields(const ls_field *a, const ls_field *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i].len != b[i].len || memcmp(a[i].s, b[i].s, a[i].len) != 0) return 0;
  return 1;
}

/* The type of column j of rest with the cell first added before them. */
static ls_status type_with(const ls_field *first, const ls_cells *rest, ls_type *out) {
  ls_cells all;
  ls_cells_init(&all);
  ls_status st = ls_cells_push(&all, first->s, first->len);
  ls_cells_cursor k;
  const char *s;
  size_t len;
  ls_cells_begin(rest, &k);
  while (st == LS_OK && ls_cells_next(&k, &s, &len)) st = ls_cells_push(&all, s, len);
  if (st == LS_OK) *out = ls_infer_type("", &all);
  ls_cells_free(&all);
  return st;
}

/* Decide the header from the winner's cells (rs->cells, rows of sc's count
 * from lo on, preamble and trailing rows aside). */
static ls_status decide_header(const rows *rs, size_t nsamples, const score *sc, header_call *out) {
  size_t ncols = sc->columns, first_row = rs->first[0] + sc->preamble, hi = rs->first[nsamples] - sc->trailing;
  ls_cells *rest = ls_calloc(ncols, sizeof *rest);
  ls_field *first = ls_calloc(ncols, sizeof *first), *row = ls_calloc(ncols, sizeof *row);
  ls_status st = rest && first && row ? LS_OK : LS_ENOMEM;
  int have_first = 0, repeated = 0;
  size_t others = 0;
  ls_cells_cursor k;
  ls_cells_begin(rs->cells, &k);
  for (size_t i = rs->first[0]; i < rs->first[nsamples] && st == LS_OK; i++) {
    uint32_t nc = rs->span[i];
    int take = rs->count[i] == ncols && i >= first_row && i < hi;
    for (uint32_t j = 0; j < nc; j++) {
      ls_field f = {"", 0};
      ls_cells_next(&k, &f.s, &f.len);
      if (take) row[j] = f;
    }
    if (!take) continue;
    if (!have_first) {
      memcpy(first, row, ncols * sizeof *row);
      have_first = 1;
      continue;
    }
    others++;
    if (!repeated && same_fields(first, row, ncols)) repeated = 1;
    for (size_t j = 0; j < ncols && st == LS_OK; j++) st = ls_cells_push(&rest[j], row[j].s, row[j].len);
  }
  out->reason = LS_HEADER_ONLY_ROW;
  int typed = 0;
  for (size_t j = 0; j < ncols && st == LS_OK && others && out->reason != LS_HEADER_BY_TYPES; j++) {
    ls_type t = ls_infer_type("", &rest[j]), with;
    if (t == LS_TYPE_STRING || rest[j].n == 0) continue;
    typed = 1;
    st = type_with(&first[j], &rest[j], &with);
    if (st == LS_OK && with != t) {
      out->reason = LS_HEADER_BY_TYPES;
      out->column = j;
      out->type = t;
    }
  }
  if (others && out->reason != LS_HEADER_BY_TYPES)
    out->reason = typed ? LS_NO_HEADER_BY_TYPES : repeated ? LS_NO_HEADER_REPEATED : LS_HEADER_ALL_TEXT;
  for (size_t j = 0; rest && j < ncols; j++) ls_cells_free(&rest[j]);
  ls_free(rest);
  ls_free(first);
  ls_free(row);
  return st;
}

/* ---- private: the report ---- */

static const char *delim_name(unsigned char d) {
  switch (d) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    default: return "?";
  }
}

static void describe(ls_sniff_result *out, const score *sc) {
  const ls_dialect *d = &out->dialect;
  char head[96];
  switch (out->header_reason) {
    case LS_HEADER_BY_TYPES:
      snprintf(head, sizeof head, "header (column %zu is %s below it)", out->header_column + 1,
               ls_type_name(out->header_type));
      break;
    case LS_HEADER_ALL_TEXT: snprintf(head, sizeof head, "header assumed (all text)"); break;
    case LS_HEADER_ONLY_ROW: snprintf(head, sizeof head, "header assumed (one row)"); break;
    case LS_HEADER_NO_ROWS: snprintf(head, sizeof head, "no rows"); break;
    case LS_NO_HEADER_BY_TYPES: snprintf(head, sizeof head, "no header (first row fits the types)"); break;
    case LS_NO_HEADER_REPEATED: snprintf(head, sizeof head, "no header (first row repeats later)"); break;
  }
  const char *quote = !d->quote ? "unquoted" : d->quote == '"' ? "double quotes" : "single quotes";
  const char *esc = !d->quote ? "" : d->escape == d->quote ? "" : ", backslash escapes";
  int k = out->columns > 1
              ? snprintf(out->reason, sizeof out->reason, "%s-separated, %s%s, %zu columns in %zu rows; %s",
                         delim_name((unsigned char)d->delim), quote, esc, out->columns, out->rows_sampled, head)
              : snprintf(out->reason, sizeof out->reason, "one column (no delimiter), %s, %zu rows; %s", quote,
                         out->rows_sampled, head);
  size_t at = k > 0 && (size_t)k < sizeof out->reason ? (size_t)k : sizeof out->reason - 1;
  if (sc->skip && at < sizeof out->reason - 1)
    at += (size_t)snprintf(out->reason + at, sizeof out->reason - at, "; %u preamble lines skipped",
                           (unsigned)sc->skip);
  if (at < sizeof out->reason - 1 && out->trailing_rows >= 2)
    at += (size_t)snprintf(out->reason + at, sizeof out->reason - at, "; %zu summary rows after the data dropped",
                           out->trailing_rows);
  if (at < sizeof out->reason - 1 && out->ragged_rows)
    snprintf(out->reason + at, sizeof out->reason - at, "; %zu ragged rows", out->ragged_rows);
}

/* ---- API ---- */

const char *ls_header_reason_name(ls_header_reason r) {
  switch (r) {
    case LS_HEADER_BY_TYPES: return "by_types";
    case LS_HEADER_ALL_TEXT: return "all_text";
    case LS_HEADER_ONLY_ROW: return "only_row";
    case LS_HEADER_NO_ROWS: return "no_rows";
    case LS_NO_HEADER_BY_TYPES: return "no_header_by_types";
    case LS_NO_HEADER_REPEATED: return "no_header_repeated";
  }
  return "?";
}

ls_status ls_sniff_csv(const ls_sample *samples, size_t n, ls_sniff_result *out) {
  if (!out) return LS_EINVAL;
  memset(out, 0, sizeof *out);
  ls_dialect_default(&out->dialect);
  if (!samples || n == 0 || !samples[0].at_start) return LS_EINVAL;
  for (size_t i = 0; i < n; i++)
    if ((!samples[i].data && samples[i].len) || (i > 0 && samples[i].at_start) ||
        (i + 1 < n && samples[i].at_end))
      return LS_EINVAL;
  span *sp = ls_calloc(n, sizeof *sp);
  rows rs = {0};
  rs.first = ls_calloc(n + 1, sizeof *rs.first);
  ls_status st = sp && rs.first ? LS_OK : LS_ENOMEM;
  /* which characters occur decides the candidates */
  static const unsigned char special[] = {',', ';', '\t', '|', '"', '\'', '\\'};
  int seen[256] = {0};
  for (size_t i = 0; i < n && st == LS_OK; i++) {
    sp[i] = span_of(&samples[i]);
    for (size_t j = 0; j < sizeof special; j++)
      if (!seen[special[j]] && memchr(sp[i].begin, special[j], (size_t)(sp[i].end - sp[i].begin)))
        seen[special[j]] = 1;
  }
  static const unsigned char delims[] = {',', ';', '\t', '|'};
  static const cand quotes[] = {{0, '"', '"'}, {0, '"', '\\'}, {0, '\'', '\''}, {0, '\'', '\\'}};
  cand best = {',', '"', '"'};
  score best_score = {0};
  int have = 0;
  for (size_t di = 0; di < sizeof delims && st == LS_OK; di++) {
    if (!seen[delims[di]] && !(di == 0 && !seen[';'] && !seen['\t'] && !seen['|'])) continue;
    for (size_t qi = 0; qi < sizeof quotes / sizeof *quotes && st == LS_OK; qi++) {
      cand c = quotes[qi];
      c.delim = delims[di];
      if (c.quote && !seen[c.quote] && qi > 0) continue; /* the first stands for all without quotes */
      if (c.escape == '\\' && !seen['\\']) continue;
      st = read_all(&c, sp, n, &rs);
      if (st != LS_OK) break;
      if (c.quote == '\'' && !rs.quoted) continue; /* no quoted field: nothing to choose it for */
      score sc = score_of(&rs, n, sp[n - 1].at_end);
      if (!have || better(&sc, &best_score)) {
        best = c;
        best_score = sc;
        have = 1;
      }
    }
  }
  ls_cells cells;
  ls_cells_init(&cells);
  header_call hc = {LS_HEADER_NO_ROWS, 0, LS_TYPE_STRING};
  if (st == LS_OK && best_score.columns) {
    rs.cells = &cells;
    st = read_all(&best, sp, n, &rs);
    if (st == LS_OK) st = decide_header(&rs, n, &best_score, &hc);
  }
  if (st == LS_OK) {
    ls_dialect *d = &out->dialect;
    d->delim = (char)best.delim;
    d->quote = (char)best.quote;
    d->escape = (char)best.escape;
    d->skip = best_score.skip;
    d->header = hc.reason <= LS_HEADER_NO_ROWS;
    /* a summary is two lines or more; one short last line is more likely a
     * cut-off row, which must stay an error naming its line */
    int summary = best_score.trailing >= 2;
    d->ragged = summary ? LS_RAGGED_FIX : LS_RAGGED_ERROR;
    d->trailer = summary ? LS_SNIFF_TRAILER : 0;
    out->columns = best_score.columns;
    out->rows_sampled = best_score.consistent;
    out->ragged_rows = best_score.ragged;
    out->trailing_rows = best_score.trailing;
    out->header_reason = hc.reason;
    out->header_column = hc.column;
    out->header_type = hc.type;
    describe(out, &best_score);
  } else {
    ls_dialect_default(&out->dialect);
  }
  ls_cells_free(&cells);
  ls_free(rs.count);
  ls_free(rs.line);
  ls_free(rs.span);
  ls_free(rs.first);
  ls_free(sp);
  return st;
}
