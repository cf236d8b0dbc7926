/* cells.h: one column of text cells, as a reader collects it.
 *
 * A reader (CSV, JSONL, SQLite) appends each column's cells as text to an
 * ls_cells store and hands it to inference (infer.h). The store keeps every
 * cell valid UTF-8: an invalid sequence is replaced with U+FFFD, one per
 * maximal invalid subpart (as browsers' TextDecoder does), and counted.
 * The store owns its memory; ls_cells_free releases it. */
#ifndef LS_CELLS_H
#define LS_CELLS_H

#include <stddef.h>

#include "base/status.h"

/* A value type: zero it (or ls_cells_init) before use, ls_cells_free after.
 * Fields are read-only outside cells.c. */
typedef struct {
  char *bytes;          /* the text of every cell, back to back */
  size_t nbytes, cap;
  unsigned char *lens;  /* each cell's length in bytes, as a LEB128 varint */
  size_t nlens, lens_cap;
  size_t n;             /* complete cells */
  size_t start;         /* where the cell being built starts in bytes */
  size_t repaired;      /* invalid UTF-8 sequences replaced since init (a
                           reader sums them for its quality report; clear
                           keeps the count) */
} ls_cells;

void ls_cells_init(ls_cells *c);
/* Frees the memory and leaves an empty store; safe to call twice. */
void ls_cells_free(ls_cells *c);
/* Where a store stands between cells, to go back to (ls_cells_rewind). */
typedef struct {
  size_t n, nbytes, nlens;
} ls_cells_mark;

/* The store's position now (no cell may be open). */
ls_cells_mark ls_cells_here(const ls_cells *c);
/* Forget every cell after mark m (taken earlier on this store). */
void ls_cells_rewind(ls_cells *c, ls_cells_mark m);
/* Forgets every cell but keeps the memory for reuse. */
void ls_cells_clear(ls_cells *c);
/* Append len bytes to the cell being built. LS_ENOMEM on failure (the cell
 * keeps what it had). */
ls_status ls_cells_append(ls_cells *c, const char *s, size_t len);
/* End the cell being built (possibly empty, i.e. null), repairing invalid
 * UTF-8 in it. LS_ENOMEM on failure (then the store must not be used further
 * except to free it). */
ls_status ls_cells_end(ls_cells *c);
/* Append a whole cell: ls_cells_append then ls_cells_end. */
ls_status ls_cells_push(ls_cells *c, const char *s, size_t len);
/* ls_cells_end and ls_cells_push for a cell the caller knows to be ASCII
 * (every byte below 0x80): nothing to check or repair. */
ls_status ls_cells_end_ascii(ls_cells *c);
ls_status ls_cells_push_ascii(ls_cells *c, const char *s, size_t len);

/* Walk the complete cells in order:
 *   ls_cells_cursor k; ls_cells_begin(c, &k);
 *   while (ls_cells_next(&k, &s, &len)) ... */
typedef struct {
  const ls_cells *cells;
  size_t at, lat, i; /* next byte, next length byte, next cell */
} ls_cells_cursor;

void ls_cells_begin(const ls_cells *c, ls_cells_cursor *k);

/* 1 and the next cell's text (not NUL-terminated) in *s, *len; 0 at the end.
 * Inline: inference's scans call it once a cell. */
static inline int ls_cells_next(ls_cells_cursor *k, const char **s, size_t *len) {
  const ls_cells *c = k->cells;
  if (k->i >= c->n) return 0;
  size_t v = 0;
  unsigned shift = 0;
  unsigned char b;
  do {
    b = c->lens[k->lat++];
    v |= (size_t)(b & 0x7F) << shift;
    shift += 7;
  } while (b & 0x80);
  *s = c->bytes ? c->bytes + k->at : ""; /* no bytes yet when every cell is null */
  *len = v;
  k->at += v;
  k->i++;
  return 1;
}

#endif
