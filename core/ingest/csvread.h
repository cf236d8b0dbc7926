/* csvread.h: the CSV reader's state, shared by csv.c (the scanner, records
 * and the API) and csvstream.c (typing columns as they are read). Private to
 * ingest: everyone else uses csv.h. */
#ifndef LS_CSVREAD_H
#define LS_CSVREAD_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/csv.h"
#include "ingest/infer.h"
#include "ingest/spool.h"

enum { ST_SKIP, ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_SEEN, ST_ESCAPE_SEEN };


/* How a column is being typed. */
enum { COL_PENDING, COL_STREAM, COL_TEXT };

typedef struct {
  int how;                  /* COL_ */
  ls_infer_stream *s;       /* with COL_STREAM */
  uint64_t repaired;        /* invalid UTF-8 replaced in cells not in the store */
} csv_col;


struct ls_csv {
  ls_reader b;              /* name, first error, typing, reports, repairs, row lines */
  ls_dialect d;             /* fixed at the first feed */
  int ready;                /* input has begun: the dialect is fixed */
  ls_record_fn fn;          /* record mode when set */
  void *fn_ctx;
  ls_field *fnames, *fvals; /* record mode: ncols names and values */
  int bom;                  /* bytes of a BOM matched so far; -1 once decided */
  int state;
  int finished;
  /* positions: offsets count every byte fed, a BOM's too */
  uint64_t pos;             /* offset of the chunk being scanned */
  uint64_t line;            /* physical line, 1-based */
  uint64_t line_start;      /* offset of its first byte */
  uint64_t cont;            /* UTF-8 continuation bytes on it so far */
  int chunk_ascii;          /* the chunk being scanned is all ASCII */
  int field_ascii;          /* every byte of the open field came from such chunks */
  uint64_t after_cr;        /* offset just past the last CR */
  uint64_t qline, qcol;     /* opening quote of the current quoted field */
  uint64_t xline, xcol;     /* start of the first field past the header's count */
  uint64_t rline;           /* line where the current record starts */
  uint64_t skip_left;       /* preamble lines still to skip */
  /* records */
  ls_cells *cols;           /* one cell store per column */
  size_t ncols, cap;
  char **names;             /* column names; NULL while reading the header */
  size_t nfields;           /* fields ended in the current record */
  ls_cells *cur;            /* store of the current field; NULL to discard it */
  /* what was seen */
  ls_csv_stats stats;
  /* the trailer: where the cells stood after the last consistent record */
  ls_cells_mark *good;      /* per column; NULL unless d.trailer */
  uint64_t good_rows, tail_padded, tail_truncated, tail_line;
  /* typing as read */
  int streaming;            /* columns may stream (the default) */
  uint64_t stream_after;    /* records of text before they first try */
  csv_col *how;             /* per column once named; NULL when none streams */
  ls_spool kept;            /* the input, while a column streams or may */
  uint64_t keep_max;        /* the most kept: past it every column turns text */
  ls_cells part;            /* a streamed field read in pieces */
  size_t curi;              /* the current field's column */
  uint64_t next_try;        /* records at which pending columns try again */
  int all_stream;           /* every column streams: ASCII records take the fast lane */
  ls_field *fields;         /* the fast lane's fields of up to LS_CSV_BATCH records,
                             * record after record (ncols each) */
  const unsigned char **ends; /* where each of those records' line end is */
};

/* Records the fast lane splits before typing their cells column by column. */
#define LS_CSV_BATCH 128

/* ---- shared by csv.c and csvstream.c ---- */

/* Fail with "out of memory"; returns LS_ENOMEM. */
ls_status ls_csv_oom(ls_csv *r);
/* The text of the first cell of a store ("" when none). */
ls_field ls_csv_first_cell(const ls_cells *cells);

/* Typing as read (csvstream.c). */

/* A whole cell of streamed column i; fixed: its invalid UTF-8 repaired. */
ls_status ls_csv_stream_cell(ls_csv *r, size_t i, const char *s, size_t n, uint64_t fixed);
/* The cells of count ASCII records of the fast lane for streamed column i,
 * f[0], f[stride], ...: the records after the first r->stats.rows (not yet
 * counted). A miss turns the column to text there, its later cells too. */
ls_status ls_csv_stream_cells(ls_csv *r, size_t i, const ls_field *f, size_t stride, size_t count);
/* The field just ended in r->part goes to its column's stream; before: the
 * part's repaired count before the field. */
ls_status ls_csv_part_done(ls_csv *r, uint64_t before);
/* A null cell for column i, padding a short record. */
ls_status ls_csv_pad_cell(ls_csv *r, size_t i);
/* Every pending column tries to start streaming from its cells so far; or,
 * once the kept input is past its limit, every column turns text. At a
 * record's end. */
ls_status ls_csv_try_streams(ls_csv *r);

#endif
