/* source.h: what reading a file learned about it, kept beside its dataset.
 *
 * The loader fills one ls_source for each dataset it reads: the format, the
 * encoding and CSV dialect it chose and why, what it repaired or skipped, and
 * per column the type it inferred and the cells that did not fit. The quality
 * report (workspace/quality.h) and `inspect` show it. Line numbers are
 * physical lines of the file, 1-based; a data row is found by its index. */
#ifndef LS_SOURCE_H
#define LS_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ingest/rowlines.h"

/* How many example line numbers a counter keeps. */
#define LS_SOURCE_EXAMPLES 5

typedef struct {
  uint64_t count;
  uint64_t lines[LS_SOURCE_EXAMPLES]; /* the first min(count, 5) lines */
} ls_tally;

typedef struct {
  int forced;            /* the type was chosen by the user */
  int ambiguous_dates;   /* day/month order not settled by the data */
  int mixed_currency;    /* numbers in two or more currencies: kept as text */
  char near_type[12];    /* a text column whose values mostly read as this type; "" */
  ls_tally bad;          /* cells that fail the forced or near type */
} ls_column_source;

typedef struct {
  char format[12];            /* "csv", "jsonl", "sqlite", "generated" */
  char encoding[12];          /* "utf-8", "utf-16le", "utf-16be", "gb18030" */
  char encoding_code[16];     /* the detection rule (ls_encoding_guess.code), or
                               * "user" when the user chose the encoding */
  char encoding_reason[96];   /* the same in English, for the CLI */
  int bom;                    /* the file began with a byte order mark */
  int gzip;                   /* the file was gzip-compressed */
  char delimiter, quote, escape; /* CSV only, as read; quote/escape 0 = none */
  int dialect_forced;         /* CSV: the user's options changed the sniffed dialect */
  int header;                 /* CSV: the first record named the columns */
  uint32_t skipped_lines;     /* CSV: preamble lines before the header */
  /* CSV, as sniffed (ls_sniff_result): */
  uint64_t columns;           /* fields per record */
  uint64_t sampled_rows;      /* sampled records with that many fields */
  uint64_t ragged_rows;       /* sampled records with another count */
  char header_reason[24];     /* ls_header_reason_name */
  int64_t header_column;      /* "by_types": the deciding column's index */
  char header_type[12];       /* "by_types": its type below the first row; else "" */
  char dialect_reason[160];   /* all of the above in English, for the CLI */
  uint64_t bytes;             /* bytes read, compressed size for gzip */
  uint32_t files;             /* files appended into this dataset (>= 1) */
  uint64_t empty_lines;       /* blank lines skipped */
  ls_tally padded, truncated; /* ragged rows repaired (when asked) */
  ls_tally dropped;           /* summary rows after the data dropped (first line only) */
  uint64_t replaced;          /* undecodable bytes replaced with U+FFFD */
  size_t ncols;
  ls_column_source *cols;     /* ncols entries, by column index */
  ls_rowlines lines;          /* data row → line */
} ls_source;

/* A zeroed source with room for ncols columns; NULL on out of memory. */
ls_source *ls_source_new(size_t ncols);
/* ls_source_free(NULL) is a no-op. */
void ls_source_free(ls_source *s);
/* Count one more occurrence at line, keeping the first examples. */
void ls_tally_add(ls_tally *t, uint64_t line);
/* Add from's count to into's, its examples after into's while room is left. */
void ls_tally_merge(ls_tally *into, const ls_tally *from);
/* Fold the source of a file appended after `rows` rows of into's dataset into
 * into: files, bytes and every count summed, per column too; the appended
 * rows keep their own file's line numbers. LS_ENOMEM leaves the row map
 * short of the appended rows (lines are then read as following on). */
ls_status ls_source_merge(ls_source *into, const ls_source *from, uint64_t rows);

#endif
