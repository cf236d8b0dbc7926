/* csv.h: a streaming CSV reader that builds a typed table.
 *
 * Feed the bytes of one file in chunks of any size (a chunk may end inside a
 * quoted field, a CRLF, an escape or a UTF-8 sequence), then finish. The
 * dialect (ls_dialect below; RFC 4180 by default) says how fields are
 * delimited and quoted, whether the first record is a header and how many
 * preamble lines come before it. Every later record must have as many fields
 * as the first, unless the dialect pads and cuts ragged rows. Each column's
 * type is inferred from all its cells (ingest/infer.h). Handles quoted fields,
 * doubled or backslash-escaped quotes, newlines inside quotes, LF, CRLF and
 * lone CR line ends, and a UTF-8 byte order mark. Empty lines are skipped and
 * counted. Any byte sequence is safe to feed: malformed input ends in
 * LS_EPARSE with a message naming the file, line and column (both 1-based;
 * column counts characters), e.g.
 *   "orders.csv: line 3, column 7: unexpected character after closing quote".
 *
 * Instead of a table, a reader can hand each record to a callback
 * (ls_csv_on_record): memory then stays bounded by the longest record. */
#ifndef LS_CSV_H
#define LS_CSV_H

#include <stddef.h>

#include <stdint.h>

#include "base/status.h"
#include "ingest/reader.h"
#include "ingest/record.h"
#include "table/table.h"

typedef struct ls_csv ls_csv;

/* ---- dialects ---- */

/* What to do with a data record whose field count differs from the first
 * record's: fail with LS_EPARSE naming the line and column, or pad it with
 * null cells / drop its extra fields (both counted in ls_csv_stats). */
typedef enum { LS_RAGGED_ERROR, LS_RAGGED_FIX } ls_ragged;

typedef struct {
  char delim;      /* any ASCII byte but NUL, CR, LF and the quote */
  char quote;      /* ASCII but CR and LF; 0: no quoting (every byte is literal) */
  char escape;     /* inside quotes: == quote: a doubled quote stands for one;
                    * another ASCII byte e (e.g. '\\'): e before the quote or e
                    * stands for that byte, e before anything else is kept
                    * literally; 0: none (a quote always closes the field).
                    * Ignored when quote is 0. Never CR or LF. */
  int header;      /* nonzero: the first record names the columns;
                    * 0: it is data and the columns are column_1, column_2, ... */
  uint32_t skip;   /* physical lines to skip before the first record (a
                    * preamble), read as raw lines: quotes do not span them */
  ls_ragged ragged;
  uint32_t trailer; /* with LS_RAGGED_FIX: when the file ends with at most
                     * this many ragged records (a summary after the data),
                     * they are dropped, not padded, and counted as dropped */
} ls_dialect;

/* RFC 4180: delim ',', quote and escape '"', header 1, skip 0, LS_RAGGED_ERROR. */
void ls_dialect_default(ls_dialect *d);

/* A reader for the file named name (copied; used in messages and as the
 * table's name). NULL on out of memory. */
ls_csv *ls_csv_new(const char *name);
/* ls_csv_free(NULL) is a no-op. */
void ls_csv_free(ls_csv *r);
/* Use dialect d (copied) instead of the default. Only before the first
 * ls_csv_feed or ls_csv_finish; LS_EINVAL (with a message) when too late or
 * when d breaks the rules above. */
ls_status ls_csv_set_dialect(ls_csv *r, const ls_dialect *d);
/* Type columns as they are read, each starting after its first `after`
 * records (LS_CSV_STREAM_AFTER by default; csv.c says how), or with after 0
 * only at finish (the input is then not kept meanwhile). Either way the
 * table, its reports and the repaired count are the same. Only before the
 * first feed; LS_EINVAL when too late. */
#define LS_CSV_STREAM_AFTER 2048
ls_status ls_csv_set_streaming(ls_csv *r, uint64_t after);
/* The most input kept while columns are typed as read (LS_CSV_KEEP_MAX by
 * default). Past it, at the next record's end, every streamed column is read
 * again as text and the rest of the file is typed at finish: the same table,
 * memory bounded by the limit. Only before the first feed; LS_EINVAL when
 * too late. */
#define LS_CSV_KEEP_MAX ((uint64_t)128 << 20)
ls_status ls_csv_set_keep_limit(ls_csv *r, uint64_t bytes);
/* Bytes of input the reader keeps now (0 once no column streams or may). */
uint64_t ls_csv_kept_bytes(const ls_csv *r);
/* Record mode: hand every data record to fn (ingest/record.h) as soon as it
 * ends, with the column names and its cells exactly as the table would see
 * them (padded or cut like the table's rows); no table is built, and
 * ls_csv_finish returns LS_OK with *out NULL (out may then be NULL). Only
 * before the first feed; fn NULL turns record mode off. A status other than
 * LS_OK from fn stops the reader with that status and a message naming the
 * line. LS_EINVAL when too late. */
ls_status ls_csv_on_record(ls_csv *r, ls_record_fn fn, void *ctx);
/* Parse n more bytes. After an error every later call returns that error. */
ls_status ls_csv_feed(ls_csv *r, const char *buf, size_t n);
/* End of input. On LS_OK *out holds the new table, which the caller frees
 * with ls_table_free; on error *out is NULL. */
ls_status ls_csv_finish(ls_csv *r, ls_table **out);
/* The message of the last error ("" when none). Valid until the next call. */
const char *ls_csv_errmsg(const ls_csv *r);

/* ---- what the reader saw (complete after a successful finish) ---- */

#define LS_CSV_FIRST_LINES 5

typedef struct {
  uint64_t rows;          /* data records (the header excluded) */
  uint64_t lines;         /* physical lines of the input (a last line without
                           * a line end counts; an empty input has 0) */
  uint64_t header_line;   /* where the header record starts; 0 without one */
  uint64_t skipped_lines; /* preamble lines skipped (at most the dialect's skip) */
  uint64_t empty_lines;   /* empty lines skipped between records */
  uint64_t padded;        /* records padded with null cells (LS_RAGGED_FIX) */
  uint64_t truncated;     /* records whose extra fields were dropped */
  uint64_t dropped;       /* trailing ragged records dropped (ls_dialect.trailer) */
  uint64_t dropped_line;  /* where the first of them starts; 0 when none */
  /* the lines where the first such records start, in order; 0 past the count */
  uint64_t padded_lines[LS_CSV_FIRST_LINES];
  uint64_t truncated_lines[LS_CSV_FIRST_LINES];
} ls_csv_stats;

/* Fill *out with the counts so far (all zero for r NULL). */
void ls_csv_get_stats(const ls_csv *r, ls_csv_stats *out);
/* The physical line (1-based) where data record row (0-based, as in the
 * table) starts; 0 when row is out of range, and always in record mode (the
 * callback gets the line instead). Costs O(log n) and memory only for the
 * records that do not start on the line after the previous one's start. */
uint64_t ls_csv_row_line(const ls_csv *r, uint64_t row);
/* What the CSV and JSON Lines readers share (ingest/reader.h): set its
 * typing before the first feed; after a successful finish read its reports and
 * repaired count and take its row lines with ls_reader_take_rowlines (then
 * ls_csv_row_line answers 0). Owned by r and valid until ls_csv_free; NULL
 * for r NULL. */
ls_reader *ls_csv_reader(ls_csv *r);

/* Read a whole file from disk through a reader in dialect d (NULL: the
 * default). The table is named after the path's last component. On error
 * *out is NULL and err (errlen bytes) holds the message. */
ls_status ls_csv_read_path_dialect(const char *path, const ls_dialect *d, ls_table **out, char *err,
                                   size_t errlen);
/* ls_csv_read_path_dialect in the default dialect. */
ls_status ls_csv_read_path(const char *path, ls_table **out, char *err, size_t errlen);

#endif
