/* sniff.h: guess a CSV file's dialect and header from samples of it.
 *
 * Like DuckDB's sniffer: every candidate dialect (delimiters , ; tab |;
 * quotes " or '; escapes by doubling the quote or by a backslash; only the
 * characters that occur in the samples are tried, and ' only where it quotes
 * some field) reads the sample rows, and the winner is, in this order: free
 * of quote errors in the first sample;
 * consistent (at least 9 of 10 rows with the dominant field count, which is
 * the count of the longest run of equal rows, and more than one column);
 * fully consistent; the most columns; the fewest ragged rows; the most quoted
 * fields; the earliest in the list above. A run of up to 64 rows of another
 * count at the start of the file is a preamble (title lines, as in Alipay or
 * WeChat Pay exports), skipped through the dialect's skip; such rows at the
 * very end (summary lines) are trailing rows, and make the dialect pad and
 * cut ragged rows (LS_RAGGED_FIX) so that they are counted, not fatal. Rows of
 * another count elsewhere stay ragged (LS_RAGGED_ERROR: the reader names the
 * first). Without any delimiter the file is one column. Quote none is never
 * chosen: a file with a broken quote gets the usual quote and fails in the
 * reader at the line of that quote.
 *
 * Header: the first record after the preamble is a header when a column
 * whose other sampled cells all have a type (bool, int, float, timestamp;
 * ingest/infer.h) stops having it with the first record's cell; it is data
 * when every such column accepts it; when every column is text it is a
 * header (DuckDB's rule) unless it repeats a later sampled row exactly. */
#ifndef LS_SNIFF_H
#define LS_SNIFF_H

#include <stddef.h>

#include "base/status.h"
#include "ingest/csv.h"
#include "table/table.h"

/* One piece of a file, as UTF-8. The first sample starts at the file's start
 * (at_start 1; a UTF-8 BOM there is skipped); later samples start anywhere,
 * in file order, and are read from just after their first line break; only
 * the last may reach the file's end (at_end 1). A sample that does not reach
 * the end is read up to its last line break. Only the first 1 MiB of each
 * sample is read (then as if it did not reach the end). */
/* The most summary rows after the data a sniffed dialect drops (ls_dialect.trailer). */
#define LS_SNIFF_TRAILER 64

typedef struct {
  const char *data;
  size_t len;
  int at_start;
  int at_end;
} ls_sample;

typedef enum {
  LS_HEADER_BY_TYPES,    /* header: column header_column has a type its first cell lacks */
  LS_HEADER_ALL_TEXT,    /* header: every column is text, so a header is assumed */
  LS_HEADER_ONLY_ROW,    /* header: no other row to compare with */
  LS_HEADER_NO_ROWS,     /* header assumed: the samples hold no record */
  LS_NO_HEADER_BY_TYPES, /* data: every typed column accepts the first row */
  LS_NO_HEADER_REPEATED  /* data: all text, and the first row repeats a later one */
} ls_header_reason;

/* A stable lower-case identifier of r, for UIs to word in their own language:
 * "by_types", "all_text", "only_row", "no_rows", "no_header_by_types",
 * "no_header_repeated"; "?" for any other value. Static strings. */
const char *ls_header_reason_name(ls_header_reason r);

typedef struct {
  ls_dialect dialect;     /* ready for ls_csv_set_dialect */
  size_t columns;         /* fields per record (0 when no record was found) */
  size_t rows_sampled;    /* sampled records with that many fields, the first included */
  size_t ragged_rows;     /* sampled records with another count, preamble and trailing ones aside */
  size_t trailing_rows;   /* records of another count at the very end of the file */
  ls_header_reason header_reason;
  size_t header_column;   /* LS_HEADER_BY_TYPES: the column (0-based) that decided */
  ls_type header_type;    /* LS_HEADER_BY_TYPES: that column's type without the first row */
  char reason[160];       /* a short English account of all of the above */
} ls_sniff_result;

/* Sniff n samples (see ls_sample) into *out. LS_EINVAL when out is NULL,
 * n is 0, samples is NULL, a sample has data NULL with len > 0, samples[0] is
 * not at_start or a later one is, or a sample but the last is at_end;
 * LS_ENOMEM on out of memory. Never fails on the bytes themselves: any input
 * gives a dialect (at worst the default). Time and memory are linear in the
 * bytes read. */
ls_status ls_sniff_csv(const ls_sample *samples, size_t n, ls_sniff_result *out);

#endif
