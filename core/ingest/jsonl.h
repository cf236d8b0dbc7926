/* jsonl.h: a streaming JSON Lines reader that builds a typed table.
 *
 * Feed the bytes of one UTF-8 file in chunks of any size (a chunk may end
 * anywhere, inside a character or an escape), then finish. A UTF-8 byte order
 * mark at the start is skipped. Lines end with LF (a CR before it is
 * whitespace); a line of whitespace only is skipped; every other line holds
 * one JSON object (RFC 8259, except that raw control characters inside
 * strings are accepted as they are), which becomes one row:
 *   - nested objects are flattened to dotted column names: {"properties":
 *     {"time":1}} fills column "properties.time". A name holds at most
 *     LS_JSONL_FLATTEN_DEPTH keys; an object deeper than that, and every
 *     array, is kept as its compact JSON text in one cell (whitespace between
 *     tokens dropped, strings and numbers as written: ["a", 1] is ["a",1]);
 *     an empty object adds no column;
 *   - strings are unescaped (\uXXXX as UTF-8, surrogate pairs joined, a lone
 *     surrogate as U+FFFD; invalid UTF-8 repaired as in ingest/cells.h);
 *     numbers keep their text exactly; true and false become "true" and
 *     "false"; null, and the empty string "", are null cells;
 *   - columns come in order of first appearance; a row without a column's key
 *     holds null there. When one object repeats a key, the last value wins
 *     (for each flattened name). A key holding an object in one row and a
 *     scalar in another feeds two columns: the scalar goes to the key's own
 *     column ("p"), the object's fields to the dotted ones ("p.x");
 *   - a key path that is empty names the column "(empty)"; a NUL in a key
 *     becomes U+FFFD (names are C strings).
 * Each column's type is inferred from all its cells (ingest/infer.h), so an
 * epoch number under a time-like name such as "properties.time" becomes a
 * timestamp.
 *
 * Any byte sequence is safe to feed: malformed input ends in LS_EPARSE with a
 * message naming the file, line and column (both 1-based; the column counts
 * characters) and what was expected, e.g.
 *   "events.jsonl: line 12, column 31: expected ',' or '}' after a value"
 *   "events.jsonl: line 3, column 9: unexpected end of line: expected a value"
 * and in the same way a line longer than LS_JSONL_MAX_LINE bytes, nesting
 * deeper than 64, more than LS_JSONL_MAX_COLUMNS columns, a line that is not
 * an object, a file that is one JSON array ("a JSON array, not JSON Lines")
 * and a file without any object ("empty file: no JSON objects"). */
#ifndef LS_JSONL_H
#define LS_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ingest/reader.h"
#include "ingest/record.h"
#include "table/table.h"

#define LS_JSONL_MAX_LINE ((size_t)64 << 20) /* bytes of one line, its LF excluded */
#define LS_JSONL_MAX_COLUMNS 4096
#define LS_JSONL_FLATTEN_DEPTH 8              /* keys in one flattened name */

typedef struct ls_jsonl ls_jsonl;

/* A reader for the file named name (copied, repaired to valid UTF-8; used in
 * messages and as the table's name). NULL on out of memory. */
ls_jsonl *ls_jsonl_new(const char *name);
/* ls_jsonl_free(NULL) is a no-op. */
void ls_jsonl_free(ls_jsonl *r);

/* Record mode, set before the first feed (LS_EINVAL after it, or for a NULL
 * fn): every row is handed to fn as it is read (ingest/record.h) instead of
 * being kept: names are the row's flattened keys in order of appearance (a
 * repeated name appears once, where its last value was), values their cell
 * texts as the table would see them (a null cell has len 0). Memory then
 * stays bounded by the longest line and the columns seen. A status other
 * than LS_OK from fn stops the reader with that status and the message
 * "NAME: line N: stopped by the record callback". */
ls_status ls_jsonl_on_record(ls_jsonl *r, ls_record_fn fn, void *ctx);

/* Parse n more bytes. After an error every later call returns that error. */
ls_status ls_jsonl_feed(ls_jsonl *r, const char *buf, size_t n);
/* End of input. On LS_OK *out holds the new table, which the caller frees
 * with ls_table_free (NULL in record mode); on error *out is NULL. */
ls_status ls_jsonl_finish(ls_jsonl *r, ls_table **out);
/* The message of the last error ("" when none). Valid until the next call. */
const char *ls_jsonl_errmsg(const ls_jsonl *r);

/* Rows read so far. */
uint64_t ls_jsonl_rows(const ls_jsonl *r);
/* Blank (whitespace-only) lines skipped so far. */
uint64_t ls_jsonl_blank_lines(const ls_jsonl *r);
/* The physical line (1-based) row row (0-based) was read from; 0 when there
 * is no such row, and always in record mode (the callback gets each line). */
uint64_t ls_jsonl_row_line(const ls_jsonl *r, uint64_t row);
/* What the CSV and JSON Lines readers share (ingest/reader.h): set its
 * typing before finish; after a successful finish read its reports and
 * repaired count and take its row lines with ls_reader_take_rowlines (then
 * ls_jsonl_row_line answers 0). Owned by r and valid until ls_jsonl_free;
 * NULL for r NULL. */
ls_reader *ls_jsonl_reader(ls_jsonl *r);

#endif
