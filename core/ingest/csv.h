/* csv.h: a streaming RFC 4180 CSV reader that builds a typed table.
 *
 * Feed the bytes of one file in chunks of any size (a chunk may end inside a
 * quoted field, a CRLF or a UTF-8 sequence), then finish: the first record is
 * the header, every later record must have as many fields, and each column's
 * type is inferred from all its cells (ingest/infer.h). Handles quoted fields,
 * doubled quotes, newlines inside quotes, LF, CRLF and lone CR line ends, and a
 * UTF-8 byte order mark. Empty lines are skipped. Any byte sequence is safe to
 * feed: malformed input ends in LS_EPARSE with a message naming the file, line
 * and column (both 1-based; column counts characters), e.g.
 *   "orders.csv: line 3, column 7: unexpected character after closing quote". */
#ifndef LS_CSV_H
#define LS_CSV_H

#include <stddef.h>

#include "base/status.h"
#include "table/table.h"

typedef struct ls_csv ls_csv;

/* A reader for the file named name (copied; used in messages and as the
 * table's name). NULL on out of memory. */
ls_csv *ls_csv_new(const char *name);
/* ls_csv_free(NULL) is a no-op. */
void ls_csv_free(ls_csv *r);
/* Parse n more bytes. After an error every later call returns that error. */
ls_status ls_csv_feed(ls_csv *r, const char *buf, size_t n);
/* End of input. On LS_OK *out holds the new table, which the caller frees
 * with ls_table_free; on error *out is NULL. */
ls_status ls_csv_finish(ls_csv *r, ls_table **out);
/* The message of the last error ("" when none). Valid until the next call. */
const char *ls_csv_errmsg(const ls_csv *r);

/* Read a whole file from disk through a reader. The table is named after the
 * path's last component. On error *out is NULL and err (errlen bytes) holds
 * the message. */
ls_status ls_csv_read_path(const char *path, ls_table **out, char *err, size_t errlen);

#endif
