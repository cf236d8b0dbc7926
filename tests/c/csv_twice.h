/* csv_twice.h: read one CSV text typing as read and typing at finish, and
 * compare all the two readings give (the CSV tests and the CSV fuzz target
 * share it). */
#ifndef LS_CSV_TWICE_H
#define LS_CSV_TWICE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/csv.h"
#include "table_check.h"

typedef struct {
  ls_status st;
  char msg[1024];
  ls_table *t;
  ls_infer_report *reps; /* one per column of t */
  uint64_t repaired;
  ls_csv_stats stats;
  uint64_t kept; /* input bytes the reader kept just before finish */
} reading;

/* Read s[0..n) in chunks of chunk bytes (0: one piece) in dialect d (NULL:
 * the default) with typing plan p (NULL: automatic), columns streaming after
 * `after` records (0: typed at finish) while at most keep bytes are kept. */
static inline reading read_csv_keep(const char *s, size_t n, const ls_dialect *d, const ls_typing *p,
                                    uint64_t after, size_t chunk, uint64_t keep) {
  reading o;
  memset(&o, 0, sizeof o);
  ls_csv *r = ls_csv_new("t.csv");
  if (!r) {
    o.st = LS_ENOMEM;
    return o;
  }
  o.st = d ? ls_csv_set_dialect(r, d) : LS_OK;
  if (o.st == LS_OK) o.st = ls_csv_set_streaming(r, after);
  if (o.st == LS_OK) o.st = ls_csv_set_keep_limit(r, keep);
  ls_csv_reader(r)->typing = p;
  for (size_t at = 0; at < n && o.st == LS_OK;) {
    size_t k = chunk && n - at > chunk ? chunk : n - at;
    o.st = ls_csv_feed(r, s + at, k);
    at += k;
  }
  o.kept = ls_csv_kept_bytes(r);
  if (o.st == LS_OK) o.st = ls_csv_finish(r, &o.t);
  strncpy(o.msg, ls_csv_errmsg(r), sizeof o.msg - 1);
  if (o.t) {
    size_t nc = ls_table_ncols(o.t);
    o.reps = calloc(nc ? nc : 1, sizeof *o.reps);
    if (o.reps) memcpy(o.reps, ls_csv_reader(r)->reports, nc * sizeof *o.reps);
    o.repaired = ls_csv_reader(r)->repaired;
  }
  ls_csv_get_stats(r, &o.stats);
  ls_csv_free(r);
  return o;
}

/* read_csv_keep with the default limit. */
static inline reading read_csv(const char *s, size_t n, const ls_dialect *d, const ls_typing *p,
                               uint64_t after, size_t chunk) {
  return read_csv_keep(s, n, d, p, after, chunk, LS_CSV_KEEP_MAX);
}

static inline void reading_free(reading *o) {
  ls_table_free(o->t);
  free(o->reps);
  o->t = NULL;
  o->reps = NULL;
}

static inline int same_report(const ls_infer_report *a, const ls_infer_report *b) {
  return a->type == b->type && a->flags == b->flags && strcmp(a->currency, b->currency) == 0 &&
         a->mixed_currency == b->mixed_currency && a->ambiguous_dates == b->ambiguous_dates &&
         a->decimal == b->decimal && a->date_order == b->date_order && a->nulls == b->nulls &&
         a->near_type == b->near_type && a->near_flags == b->near_flags && a->bad == b->bad &&
         memcmp(a->bad_at, b->bad_at, sizeof a->bad_at) == 0;
}

/* 1 when two readings agree on status, message, table (with each column's
 * flags and currency), reports, repaired count and counts. */
static inline int same_reading(const reading *a, const reading *b) {
  if (a->st != b->st || strcmp(a->msg, b->msg) != 0 || !a->t != !b->t) return 0;
  if (memcmp(&a->stats, &b->stats, sizeof a->stats) != 0) return 0;
  if (!a->t) return 1;
  if (!same_table(a->t, b->t) || a->repaired != b->repaired) return 0;
  for (size_t c = 0; c < ls_table_ncols(a->t); c++) {
    const ls_column *x = ls_table_col(a->t, c), *y = ls_table_col(b->t, c);
    if (ls_column_flags(x) != ls_column_flags(y) ||
        strcmp(ls_column_currency(x), ls_column_currency(y)) != 0 ||
        !same_report(&a->reps[c], &b->reps[c]))
      return 0;
  }
  return 1;
}

#endif
