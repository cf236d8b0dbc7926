/* csv.c: the streaming CSV reader.
 *
 * A state machine over bytes: runs of ordinary bytes are skipped eight at a
 * time and copied into the current column's cell store (ingest/infer.h) in
 * one piece, so a cell costs no allocation of its own.
 * Every state lives on the reader, so a chunk may end anywhere. In record
 * mode each record's cells are handed out and forgotten.
 *
 * Typing as read. A column's first cells (LS_CSV_STREAM_AFTER unless set
 * otherwise) are kept as text;
 * then inference over them starts an ls_infer_stream and every later cell
 * goes straight into the typed column (a column without a value yet, or of
 * epoch numbers, tries again each time the rows double). The input is kept
 * (ingest/spool.h) while any column streams or may: when a cell does not fit
 * its column's stream, the kept input is read again for that column's text
 * up to that row, and the column goes on as text, typed at finish like the
 * columns that never streamed. Once the kept input passes its limit
 * (ls_csv_set_keep_limit), every column is read again as text in one pass and
 * the rest of the file is typed at finish. Either way a column ends as
 * inference over all its cells would make it. */
#include "ingest/csv.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "ingest/infer.h"
#include "ingest/csvbytes.h"
#include "ingest/csvread.h"

#define CSV_CHUNK ((size_t)1 << 20)

static const unsigned char bom_bytes[3] = {0xEF, 0xBB, 0xBF};

/* ---- private: errors and positions ---- */

ls_status ls_csv_oom(ls_csv *r) { return ls_reader_fail(&r->b, LS_ENOMEM, "out of memory"); }

/* 1-based column of the byte at offset at on the current line, in characters:
 * bytes that are not UTF-8 continuation bytes */
static uint64_t col_at(const ls_csv *r, uint64_t at) {
  return at - r->line_start - r->cont + 1;
}

/* A CR or LF at offset at; CR LF is one line end. */
static void newline(ls_csv *r, uint64_t at, unsigned char ch) {
  if (ch == '\r') {
    r->line++;
    r->after_cr = at + 1;
  } else if (r->after_cr != at) {
    r->line++;
  }
  r->line_start = at + 1;
  r->cont = 0;
}

/* ---- private: fields and records ---- */

static ls_status add_column(ls_csv *r) {
  if (r->ncols == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    ls_cells *cols = ls_reallocarray(r->cols, cap, sizeof *cols);
    if (!cols) return ls_csv_oom(r);
    r->cols = cols;
    r->cap = cap;
  }
  ls_cells_init(&r->cols[r->ncols++]);
  return LS_OK;
}

/* A field starts at offset at. */
static ls_status field_begin(ls_csv *r, uint64_t at) {
  size_t i = r->nfields;
  if (i == 0) r->rline = r->line;
  r->field_ascii = 1;
  if (!r->names) {
    assert(i == r->ncols);
    if (add_column(r) != LS_OK) return r->b.status;
    r->cur = &r->cols[i];
  } else if (i < r->ncols) {
    r->cur = r->how && r->how[i].s ? &r->part : &r->cols[i];
    r->curi = i;
  } else {
    if (i == r->ncols) {
      r->xline = r->line;
      r->xcol = col_at(r, at);
    }
    r->cur = NULL;
  }
  return LS_OK;
}

static ls_status append(ls_csv *r, const unsigned char *s, size_t n) {
  r->field_ascii &= r->chunk_ascii;
  if (!r->cur || ls_cells_append(r->cur, (const char *)s, n) == LS_OK) return LS_OK;
  return ls_csv_oom(r);
}

/* The text of the first cell of a store ("" when none). */
ls_field ls_csv_first_cell(const ls_cells *cells) {
  ls_cells_cursor k;
  ls_field f = {"", 0};
  ls_cells_begin(cells, &k);
  ls_cells_next(&k, &f.s, &f.len);
  return f;
}

static ls_status field_end(ls_csv *r) {
  uint64_t before = r->part.repaired;
  ls_status st = !r->cur ? LS_OK : r->field_ascii ? ls_cells_end_ascii(r->cur) : ls_cells_end(r->cur);
  if (st != LS_OK) return ls_csv_oom(r);
  if (r->cur == &r->part && ls_csv_part_done(r, before) != LS_OK) return r->b.status;
  r->nfields++;
  return LS_OK;
}

/* append and field_end at once, for a field read in one piece */
static ls_status field_whole(ls_csv *r, const unsigned char *s, size_t n) {
  ls_status st = LS_OK;
  if (r->cur == &r->part) {
    if (r->chunk_ascii) {
      st = ls_csv_stream_cell(r, r->curi, (const char *)s, n, 0);
    } else {
      uint64_t before = r->part.repaired;
      if (ls_cells_push(&r->part, (const char *)s, n) != LS_OK) return ls_csv_oom(r);
      st = ls_csv_part_done(r, before);
    }
    if (st != LS_OK) return r->b.status;
  } else if (r->cur) {
    st = r->chunk_ascii ? ls_cells_push_ascii(r->cur, (const char *)s, n)
                        : ls_cells_push(r->cur, (const char *)s, n);
    if (st != LS_OK) return ls_csv_oom(r);
  }
  r->nfields++;
  return LS_OK;
}

/* column_N for the 0-based column i */
static char *numbered_name(size_t i) {
  char buf[32];
  snprintf(buf, sizeof buf, "column_%zu", i + 1);
  return ls_strdup(buf);
}

/* The name a header cell asks for: its text up to any NUL, or column_N. */
static char *base_name(const ls_cells *cells, size_t i) {
  ls_field f = ls_csv_first_cell(cells);
  const char *nul = memchr(f.s, '\0', f.len);
  if (nul) f.len = (size_t)(nul - f.s);
  return f.len ? ls_strndup(f.s, f.len) : numbered_name(i);
}

/* Give duplicates the first free suffix _2, _3, ... that is neither a name
 * of the header nor given already. */
static ls_status dedupe(char **names, size_t n) {
  ls_dict *asked = ls_dict_new(), *given = ls_dict_new();
  size_t *next = ls_calloc(n, sizeof *next); /* next suffix to try, by id in asked */
  ls_status st = asked && given && next ? LS_OK : LS_ENOMEM;
  for (size_t i = 0; i < n && st == LS_OK; i++)
    if (ls_dict_intern(asked, names[i], strlen(names[i])) < 0) st = LS_ENOMEM;
  for (size_t i = 0; i < n && st == LS_OK; i++) {
    size_t len = strlen(names[i]);
    if (ls_dict_find(given, names[i], len) >= 0) {
      int32_t id = ls_dict_find(asked, names[i], len);
      char *cand = ls_malloc(len + 24);
      if (!cand) {
        st = LS_ENOMEM;
        break;
      }
      size_t k = next[id] ? next[id] : 2;
      for (;; k++) {
        int m = snprintf(cand, len + 24, "%s_%zu", names[i], k);
        if (ls_dict_find(asked, cand, (size_t)m) < 0 && ls_dict_find(given, cand, (size_t)m) < 0)
          break;
      }
      next[id] = k + 1;
      ls_free(names[i]);
      names[i] = cand;
      len = strlen(cand);
    }
    if (ls_dict_intern(given, names[i], len) < 0) st = LS_ENOMEM;
  }
  ls_free(next);
  ls_dict_free(asked);
  ls_dict_free(given);
  return st;
}

/* The first record has ended: name the columns after it (a header, whose
 * cells are then forgotten) or column_1.. (its cells stay: they are data). */
static ls_status names_end(ls_csv *r) {
  char **names = ls_calloc(r->ncols, sizeof *names);
  ls_status st = names ? LS_OK : LS_ENOMEM;
  for (size_t i = 0; i < r->ncols && st == LS_OK; i++)
    if (!(names[i] = r->d.header ? base_name(&r->cols[i], i) : numbered_name(i))) st = LS_ENOMEM;
  if (st == LS_OK && r->d.header) st = dedupe(names, r->ncols);
  if (st == LS_OK && r->fn) {
    r->fnames = ls_calloc(r->ncols, sizeof *r->fnames);
    r->fvals = ls_calloc(r->ncols, sizeof *r->fvals);
    if (!r->fnames || !r->fvals) st = LS_ENOMEM;
    for (size_t i = 0; i < r->ncols && st == LS_OK; i++) {
      r->fnames[i].s = names[i];
      r->fnames[i].len = strlen(names[i]);
    }
  }
  if (st != LS_OK) {
    for (size_t i = 0; names && i < r->ncols; i++) ls_free(names[i]);
    ls_free(names);
    return ls_csv_oom(r);
  }
  r->names = names;
  if (r->d.header) {
    r->stats.header_line = r->rline;
    for (size_t i = 0; i < r->ncols; i++) ls_cells_clear(&r->cols[i]);
  }
  return LS_OK;
}

/* Remember line in the first free slot of lines (LS_CSV_FIRST_LINES). */
static void note_line(uint64_t *lines, uint64_t count, uint64_t line) {
  if (count < LS_CSV_FIRST_LINES) lines[count] = line;
}

/* Remember where the data record just ended started. */
static ls_status note_row_line(ls_csv *r) {
  return ls_rowlines_mark(&r->b.lines, r->rline) == LS_OK ? LS_OK : ls_csv_oom(r);
}

/* Record mode: hand the record to the callback, then forget its cells. */
static ls_status deliver(ls_csv *r) {
  for (size_t i = 0; i < r->ncols; i++) r->fvals[i] = ls_csv_first_cell(&r->cols[i]);
  ls_status st = r->fn(r->fn_ctx, r->rline, r->fnames, r->fvals, r->ncols);
  for (size_t i = 0; i < r->ncols; i++) ls_cells_clear(&r->cols[i]);
  if (st == LS_OK) return LS_OK;
  if (st < 0 || st >= LS_STATUS_COUNT) st = LS_EINVAL;
  return ls_reader_fail(&r->b, st, "line %llu: the record handler stopped reading: %s",
                        (unsigned long long)r->rline, ls_status_message(st));
}

/* The record ends at offset at (its line end, or the end of input). */
static ls_status record_end(ls_csv *r, uint64_t at) {
  int ragged = 0;
  if (!r->names) {
    if (names_end(r) != LS_OK) return r->b.status;
    if (r->d.trailer && r->d.ragged == LS_RAGGED_FIX && !r->fn && r->ncols &&
        !(r->good = ls_calloc(r->ncols, sizeof *r->good)))
      return ls_csv_oom(r);
    /* streaming needs a table and rows that stay: no record mode, no trailer */
    if (r->streaming && !r->fn && !r->good && r->ncols) {
      if (!(r->how = ls_calloc(r->ncols, sizeof *r->how)) ||
          !(r->fields = ls_reallocarray(NULL, r->ncols * LS_CSV_BATCH, sizeof *r->fields)) ||
          !(r->ends = ls_reallocarray(NULL, LS_CSV_BATCH, sizeof *r->ends)))
        return ls_csv_oom(r);
      r->next_try = r->stream_after;
    } else {
      r->streaming = 0;
      ls_spool_free(&r->kept);
    }
    if (r->d.header) {
      r->nfields = 0;
      return LS_OK;
    }
  } else if (r->nfields != r->ncols) {
    int extra = r->nfields > r->ncols;
    if (r->d.ragged == LS_RAGGED_ERROR)
      return ls_reader_fail(&r->b, LS_EPARSE,
                            "line %llu, column %llu: expected %zu fields, found %zu",
                            (unsigned long long)(extra ? r->xline : r->line),
                            (unsigned long long)(extra ? r->xcol : col_at(r, at)), r->ncols,
                            r->nfields);
    ragged = 1;
    if (r->good && !r->tail_padded && !r->tail_truncated) r->tail_line = r->rline;
    if (extra) {
      r->tail_truncated++;
      note_line(r->stats.truncated_lines, r->stats.truncated++, r->rline);
    } else {
      r->tail_padded++;
      note_line(r->stats.padded_lines, r->stats.padded++, r->rline);
      for (size_t i = r->nfields; i < r->ncols; i++)
        if (ls_csv_pad_cell(r, i) != LS_OK) return r->b.status;
    }
  }
  if (r->good && !ragged) { /* a consistent record: the trailer, if any, starts after it */
    r->tail_padded = r->tail_truncated = 0;
    r->good_rows = r->stats.rows + 1;
    for (size_t i = 0; i < r->ncols; i++) r->good[i] = ls_cells_here(&r->cols[i]);
  }
  r->nfields = 0;
  if (r->fn) {
    if (deliver(r) != LS_OK) return r->b.status;
  } else if (note_row_line(r) != LS_OK) {
    return r->b.status;
  }
  r->stats.rows++;
  if (r->streaming && r->stats.rows == r->next_try && ls_csv_try_streams(r) != LS_OK) return r->b.status;
  return LS_OK;
}

/* ---- private: the scanner ---- */

/* NULL when d follows the rules of csv.h, else what is wrong with it. */
static const char *dialect_problem(const ls_dialect *d) {
  unsigned char dl = (unsigned char)d->delim, q = (unsigned char)d->quote, e = (unsigned char)d->escape;
  if (dl == 0 || dl == '\r' || dl == '\n' || dl >= 0x80 || dl == q) return "unusable delimiter";
  if (q == '\r' || q == '\n' || q >= 0x80) return "unusable quote character";
  if (q && (e == '\r' || e == '\n' || e >= 0x80)) return "unusable escape character";
  if (d->ragged != LS_RAGGED_ERROR && d->ragged != LS_RAGGED_FIX) return "unknown way to treat ragged rows";
  return NULL;
}

/* Input begins: the dialect is fixed from now on. */
static void prepare(ls_csv *r) {
  r->ready = 1;
  r->skip_left = r->d.skip;
  r->state = r->skip_left ? ST_SKIP : ST_START;
  if (!r->d.quote) r->d.escape = 0;
}

/* A line end ch at offset at that may end a record (state ST_START or after
 * a field): ends the record first when one is open. */
static ls_status line_end(ls_csv *r, uint64_t at, unsigned char ch) {
  if (r->nfields) {
    if (record_end(r, at) != LS_OK) return r->b.status;
  } else if (ch == '\r' || r->after_cr != at) {
    r->stats.empty_lines++;
  }
  newline(r, at, ch);
  return LS_OK;
}

/* The fast lane: whole records of an ASCII chunk while every column streams.
 * From p (a record's start), each record that is complete in the chunk,
 * unquoted, of exactly ncols fields and ended by LF or CR LF (a CR last in
 * the chunk may be half of one: left) goes to the streams, ended as the
 * state machine would end it. Up to LS_CSV_BATCH records are split first,
 * then each column's cells go to its stream together (its state stays hot),
 * then the records end in order; a batch stops before a record at which the
 * columns may change how they are typed (next_try), so that change comes
 * where it would. Returns where the first record it leaves to the state
 * machine starts (p when none was read), or NULL on error. */
static const unsigned char *fast_records(ls_csv *r, const unsigned char *buf, const unsigned char *p,
                                         const unsigned char *end) {
  const unsigned char delim = (unsigned char)r->d.delim, quote = (unsigned char)r->d.quote;
  const size_t n = r->ncols;
  while (r->all_stream) {
    size_t most = LS_CSV_BATCH, k = 0;
    if (r->streaming && r->next_try > r->stats.rows && r->next_try - r->stats.rows < most)
      most = (size_t)(r->next_try - r->stats.rows);
    const unsigned char *q = p;
    csv_window w = {NULL, 0};
    for (; k < most; k++) { /* split record k */
      ls_field *f = r->fields + k * n;
      const unsigned char *s = q, *e = q;
      int whole = 0;
      for (size_t j = 0;; j++) {
        if (s == end || (quote && *s == quote)) break;
        e = find_special_w(&w, s, end, delim);
        if (e == end) break;
        f[j].s = (const char *)s;
        f[j].len = (size_t)(e - s);
        s = e + 1;
        if (*e != delim) { /* not short, nor an empty line */
          whole = j + 1 == n && !(n == 1 && e == q);
          break;
        }
        if (j + 1 == n) break; /* long */
      }
      if (!whole) break;
      if (*e == '\r' && (s == end || *s != '\n')) break; /* a lone CR, or one the next chunk may end */
      r->ends[k] = e;
      q = s + (*e == '\r');
    }
    if (k == 0) return p;
    for (size_t j = 0; j < n; j++)
      if (ls_csv_stream_cells(r, j, r->fields + j, n, k) != LS_OK) return NULL;
    for (size_t m = 0; m < k; m++) {
      const unsigned char *e = r->ends[m];
      uint64_t at = r->pos + (uint64_t)(e - buf);
      r->rline = r->line;
      r->nfields = n;
      if (line_end(r, at, *e) != LS_OK || (*e == '\r' && line_end(r, at + 1, '\n') != LS_OK)) return NULL;
    }
    p = q;
    if (k < most) return p;
  }
  return p;
}

/* Parse buf[0..n), which starts at offset r->pos; ascii (a constant in each
 * caller) says every byte is below 0x80: no continuation bytes to count, no
 * cell to check for UTF-8. */
static inline ls_status scan_as(ls_csv *r, const unsigned char *buf, size_t n, const int ascii) {
  uint64_t *const cont = ascii ? NULL : &r->cont;
  r->chunk_ascii = ascii;
  const unsigned char *p = buf, *end = buf + n;
  const unsigned char delim = (unsigned char)r->d.delim, quote = (unsigned char)r->d.quote,
                      escape = (unsigned char)r->d.escape;
  const int quoting = quote != 0, doubled = quoting && escape == quote,
            escaping = quoting && escape && escape != quote;
#define AT(q) (r->pos + (uint64_t)((q) - buf))
#define TRY(x)                            \
  do {                                    \
    if ((x) != LS_OK) return r->b.status; \
  } while (0)
  while (p < end) {
    switch (r->state) {
      case ST_SKIP: { /* raw preamble lines */
        p = find_special(p, end, '\n', 0, 0, cont);
        if (p == end) break;
        uint64_t line = r->line;
        newline(r, AT(p), *p);
        if (r->line != line) {
          r->stats.skipped_lines++;
          if (--r->skip_left == 0) r->state = ST_START;
        }
        p++;
        break;
      }
      case ST_START: {
        if (ascii && r->all_stream && r->nfields == 0) {
          const unsigned char *q = fast_records(r, buf, p, end);
          if (!q) return r->b.status;
          if (q != p) {
            p = q;
            break;
          }
        }
        unsigned char ch = *p;
        if (r->nfields == 0 && (ch == '\r' || ch == '\n')) { /* an empty line, or the LF of a CRLF */
          TRY(line_end(r, AT(p), ch));
          p++;
          break;
        }
        TRY(field_begin(r, AT(p)));
        if (quoting && ch == quote) {
          r->qline = r->line;
          r->qcol = col_at(r, AT(p));
          r->state = ST_QUOTED;
          p++;
          break;
        }
        if (ch == delim || ch == '\r' || ch == '\n') { /* an empty field */
          TRY(field_whole(r, p, 0));
          if (ch != delim) TRY(line_end(r, AT(p), ch));
          p++;
          break;
        }
        /* the common case: the whole field in this chunk */
        const unsigned char *s = p;
        p = find_special(p, end, delim, 0, 0, cont);
        if (p == end) {
          TRY(append(r, s, (size_t)(p - s)));
          r->state = ST_UNQUOTED;
          break;
        }
        TRY(field_whole(r, s, (size_t)(p - s)));
        if (*p != delim) TRY(line_end(r, AT(p), *p));
        p++;
        break;
      }
      case ST_UNQUOTED: { /* the rest of a field begun in an earlier chunk */
        const unsigned char *s = p;
        p = find_special(p, end, delim, 0, 0, cont);
        TRY(append(r, s, (size_t)(p - s)));
        if (p == end) break;
        TRY(field_end(r));
        r->state = ST_START;
        if (*p != delim) TRY(line_end(r, AT(p), *p));
        p++;
        break;
      }
      case ST_QUOTED: {
        const unsigned char *s = p;
        for (;;) {
          p = escaping ? find_special(p, end, quote, 1, escape, cont)
                       : find_special(p, end, quote, 0, 0, cont);
          if (p == end) break;
          if (*p == quote) {
            if (!doubled || end - p < 2 || p[1] != quote) break;
            TRY(append(r, s, (size_t)(p + 1 - s))); /* a doubled quote stands for one */
            p += 2;
            s = p;
            continue;
          }
          if (escaping && *p == escape) {
            if (end - p < 2) break;
            if (p[1] == quote || p[1] == escape) { /* keep the byte after the escape */
              TRY(append(r, s, (size_t)(p - s)));
              s = p + 1;
              p += 2;
            } else {
              p++; /* an escape before anything else is literal */
            }
            continue;
          }
          newline(r, AT(p), *p);
          p++;
        }
        TRY(append(r, s, (size_t)(p - s)));
        if (p == end) break;
        r->state = *p == quote ? ST_QUOTE_SEEN : ST_ESCAPE_SEEN;
        p++;
        break;
      }
      case ST_ESCAPE_SEEN: { /* the byte after an escape, in the next chunk */
        unsigned char ch = *p;
        r->state = ST_QUOTED;
        if (ch == quote || ch == escape) {
          TRY(append(r, &ch, 1));
          p++;
        } else {
          TRY(append(r, &escape, 1)); /* literal; ch is read as usual */
        }
        break;
      }
      case ST_QUOTE_SEEN: {
        unsigned char ch = *p;
        if (doubled && ch == quote) { /* the second of a doubled quote, in the next chunk */
          TRY(append(r, &quote, 1));
          r->state = ST_QUOTED;
        } else if (ch == delim || ch == '\r' || ch == '\n') {
          TRY(field_end(r));
          r->state = ST_START;
          if (ch != delim) TRY(line_end(r, AT(p), ch));
        } else {
          return ls_reader_fail(&r->b, LS_EPARSE,
                                "line %llu, column %llu: unexpected character after closing quote",
                                (unsigned long long)r->line, (unsigned long long)col_at(r, AT(p)));
        }
        p++;
        break;
      }
    }
  }
#undef TRY
#undef AT
  r->pos += n;
  return LS_OK;
}

static ls_status scan(ls_csv *r, const unsigned char *buf, size_t n) {
  return all_ascii(buf, n) ? scan_as(r, buf, n, 1) : scan_as(r, buf, n, 0);
}

/* Feed the BOM bytes matched so far as data: the input diverged from a BOM. */
static ls_status bom_replay(ls_csv *r) {
  size_t k = r->bom > 0 ? (size_t)r->bom : 0;
  r->bom = -1;
  return k ? scan_as(r, bom_bytes, k, 0) : LS_OK; /* the BOM bytes are not ASCII */
}

/* Forget ragged records at the very end (a summary after the data) when the
 * dialect allows that many, counting them as dropped instead. */
static void drop_trailer(ls_csv *r) {
  uint64_t n = r->tail_padded + r->tail_truncated;
  if (!r->good || !n || n > r->d.trailer) return;
  for (size_t i = 0; i < r->ncols; i++) ls_cells_rewind(&r->cols[i], r->good[i]);
  r->stats.padded -= r->tail_padded;
  r->stats.truncated -= r->tail_truncated;
  for (size_t k = r->stats.padded; k < LS_CSV_FIRST_LINES; k++) r->stats.padded_lines[k] = 0;
  for (size_t k = r->stats.truncated; k < LS_CSV_FIRST_LINES; k++) r->stats.truncated_lines[k] = 0;
  r->stats.dropped = n;
  r->stats.dropped_line = r->tail_line;
  r->stats.rows = r->good_rows;
  while (r->b.lines.n && r->b.lines.at[r->b.lines.n - 1][0] >= r->good_rows) r->b.lines.n--;
  r->b.lines.rows = r->good_rows;
}

/* Column i for ls_reader_build. */
static ls_status column_at(void *ctx, size_t i, const char **name, ls_cells **cells,
                           ls_infer_stream **stream) {
  ls_csv *r = ctx;
  *name = r->names[i];
  *cells = &r->cols[i];
  *stream = NULL;
  if (r->how) {
    *stream = r->how[i].s;
    r->how[i].s = NULL;
    r->b.repaired += r->how[i].repaired;
  }
  return LS_OK;
}

/* ---- API ---- */

void ls_dialect_default(ls_dialect *d) {
  if (!d) return;
  d->delim = ',';
  d->quote = '"';
  d->escape = '"';
  d->header = 1;
  d->skip = 0;
  d->ragged = LS_RAGGED_ERROR;
}

/* LS_OK when the reader can still take settings. */
static ls_status not_begun(ls_csv *r) {
  if (r->b.status != LS_OK) return r->b.status;
  if (r->ready || r->finished)
    return ls_reader_fail(&r->b, LS_EINVAL, "settings come before the first input");
  return LS_OK;
}

ls_status ls_csv_set_dialect(ls_csv *r, const ls_dialect *d) {
  if (!r) return LS_EINVAL;
  if (!d) return ls_reader_fail(&r->b, LS_EINVAL, "no dialect");
  if (not_begun(r) != LS_OK) return r->b.status;
  const char *problem = dialect_problem(d);
  if (problem) return ls_reader_fail(&r->b, LS_EINVAL, "%s", problem);
  r->d = *d;
  r->d.header = d->header != 0;
  return LS_OK;
}

ls_status ls_csv_set_streaming(ls_csv *r, uint64_t after) {
  if (!r) return LS_EINVAL;
  if (not_begun(r) != LS_OK) return r->b.status;
  r->streaming = after != 0;
  r->stream_after = after;
  return LS_OK;
}

ls_status ls_csv_set_keep_limit(ls_csv *r, uint64_t bytes) {
  if (!r) return LS_EINVAL;
  if (not_begun(r) != LS_OK) return r->b.status;
  r->keep_max = bytes;
  return LS_OK;
}

uint64_t ls_csv_kept_bytes(const ls_csv *r) { return r ? r->kept.total : 0; }

ls_status ls_csv_on_record(ls_csv *r, ls_record_fn fn, void *ctx) {
  if (!r) return LS_EINVAL;
  if (not_begun(r) != LS_OK) return r->b.status;
  r->fn = fn;
  r->fn_ctx = ctx;
  return LS_OK;
}

void ls_csv_get_stats(const ls_csv *r, ls_csv_stats *out) {
  if (!out) return;
  if (!r) {
    memset(out, 0, sizeof *out);
    return;
  }
  *out = r->stats;
}

uint64_t ls_csv_row_line(const ls_csv *r, uint64_t row) {
  if (!r || r->fn || row >= r->stats.rows) return 0;
  return ls_rowlines_line(&r->b.lines, row);
}

ls_reader *ls_csv_reader(ls_csv *r) { return r ? &r->b : NULL; }

ls_csv *ls_csv_new(const char *name) {
  ls_csv *r = ls_calloc(1, sizeof *r);
  if (!r) return NULL;
  if (ls_reader_init(&r->b, name) != LS_OK) {
    ls_csv_free(r);
    return NULL;
  }
  ls_dialect_default(&r->d);
  r->streaming = 1;
  r->stream_after = LS_CSV_STREAM_AFTER;
  r->keep_max = LS_CSV_KEEP_MAX;
  ls_cells_init(&r->part);
  r->state = ST_START;
  r->line = 1;
  r->after_cr = UINT64_MAX;
  return r;
}

void ls_csv_free(ls_csv *r) {
  if (!r) return;
  for (size_t i = 0; i < r->ncols; i++) {
    ls_cells_free(&r->cols[i]);
    if (r->names) ls_free(r->names[i]);
  }
  ls_free(r->cols);
  ls_free(r->names);
  ls_free(r->fnames);
  ls_free(r->fvals);
  ls_free(r->good);
  for (size_t i = 0; r->how && i < r->ncols; i++) ls_infer_stream_free(r->how[i].s);
  ls_free(r->how);
  ls_free(r->fields);
  ls_free(r->ends);
  ls_spool_free(&r->kept);
  ls_cells_free(&r->part);
  ls_reader_free(&r->b);
  ls_free(r);
}

ls_status ls_csv_feed(ls_csv *r, const char *buf, size_t n) {
  if (!r) return LS_EINVAL;
  if (r->b.status != LS_OK) return r->b.status;
  if (r->finished) return ls_reader_fail(&r->b, LS_EINVAL, "input after the end of input");
  if (!buf && n) return ls_reader_fail(&r->b, LS_EINVAL, "no buffer to read");
  if (!r->ready) prepare(r);
  if (n == 0) return LS_OK;
  if (r->streaming) {
    if (ls_spool_add(&r->kept, buf, n) != LS_OK) return ls_csv_oom(r);
    if (r->kept.total > r->keep_max && r->how) r->next_try = r->stats.rows + 1; /* stop at the next record */
  }
  const unsigned char *p = (const unsigned char *)buf;
  if (r->bom >= 0) {
    while (n && r->bom < 3 && *p == bom_bytes[r->bom]) {
      r->bom++;
      p++;
      n--;
    }
    if (r->bom == 3) {
      r->bom = -1;
      r->pos = r->line_start = 3;
    } else if (n == 0) {
      return LS_OK; /* a BOM so far: wait for more */
    } else if (bom_replay(r) != LS_OK) {
      return r->b.status;
    }
    if (n == 0) return LS_OK;
  }
  return scan(r, p, n);
}

ls_status ls_csv_finish(ls_csv *r, ls_table **out) {
  if (out) *out = NULL;
  if (!r) return LS_EINVAL;
  if (r->b.status != LS_OK) return r->b.status;
  if (!out && !r->fn) return ls_reader_fail(&r->b, LS_EINVAL, "no place for the table");
  if (r->finished) return ls_reader_fail(&r->b, LS_EINVAL, "finished twice");
  if (!r->ready) prepare(r);
  if (bom_replay(r) != LS_OK) return r->b.status;
  uint64_t at = r->pos;
  r->stats.lines = r->line - (at == r->line_start);
  switch (r->state) {
    case ST_SKIP:
      break;
    case ST_QUOTED:
    case ST_ESCAPE_SEEN:
      return ls_reader_fail(&r->b, LS_EPARSE, "line %llu, column %llu: unterminated quoted field",
                            (unsigned long long)r->qline, (unsigned long long)r->qcol);
    case ST_START:
      if (r->nfields == 0) break;
      /* after a delimiter: an empty last field */
      if (field_begin(r, at) != LS_OK) return r->b.status;
      /* fall through */
    case ST_UNQUOTED:
    case ST_QUOTE_SEEN:
      if (field_end(r) != LS_OK || record_end(r, at) != LS_OK) return r->b.status;
      r->state = ST_START;
      break;
  }
  if (!r->names)
    return ls_reader_fail(&r->b, LS_EPARSE, "%s",
                          r->d.header ? "empty file: no header row" : "empty file: no records");
  drop_trailer(r);
  ls_spool_free(&r->kept);
  if (!r->fn) {
    if (ls_reader_build(&r->b, r->ncols, column_at, r, out) != LS_OK) return r->b.status;
    assert(ls_table_rows(*out) == r->stats.rows);
  }
  r->finished = 1;
  return LS_OK;
}

const char *ls_csv_errmsg(const ls_csv *r) { return r ? r->b.msg : ""; }

static void set_err(char *err, size_t errlen, const char *fmt, ...) {
  if (!err || !errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

ls_status ls_csv_read_path(const char *path, ls_table **out, char *err, size_t errlen) {
  return ls_csv_read_path_dialect(path, NULL, out, err, errlen);
}

ls_status ls_csv_read_path_dialect(const char *path, const ls_dialect *d, ls_table **out, char *err,
                                   size_t errlen) {
  set_err(err, errlen, "%s", "");
  if (out) *out = NULL;
  if (!path || !out) {
    set_err(err, errlen, "%s", ls_status_message(LS_EINVAL));
    return LS_EINVAL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    set_err(err, errlen, "%s: %s", path, strerror(errno));
    return LS_EIO;
  }
  const char *slash = strrchr(path, '/');
  ls_csv *r = ls_csv_new(slash ? slash + 1 : path);
  char *buf = ls_malloc(CSV_CHUNK);
  ls_status st = LS_OK;
  if (!r || !buf) {
    st = LS_ENOMEM;
    set_err(err, errlen, "%s: %s", path, ls_status_message(st));
  } else if (d && (st = ls_csv_set_dialect(r, d)) != LS_OK) {
    set_err(err, errlen, "%s", ls_csv_errmsg(r));
  }
  while (st == LS_OK) {
    size_t n = fread(buf, 1, CSV_CHUNK, f);
    int e = errno;
    if (n && (st = ls_csv_feed(r, buf, n)) != LS_OK) {
      set_err(err, errlen, "%s", ls_csv_errmsg(r));
    } else if (n < CSV_CHUNK && ferror(f)) {
      st = LS_EIO;
      set_err(err, errlen, "%s: %s", path, strerror(e));
    } else if (n < CSV_CHUNK) {
      if ((st = ls_csv_finish(r, out)) != LS_OK) set_err(err, errlen, "%s", ls_csv_errmsg(r));
      break;
    }
  }
  ls_free(buf);
  ls_csv_free(r);
  fclose(f);
  return st;
}
