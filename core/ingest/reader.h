/* reader.h: what the streaming readers (CSV, JSON Lines) share.
 *
 * Each reader embeds one ls_reader: the table's name, the first error and its
 * message, the typing plan and, once a table is built, what inference
 * reported per column, how many invalid UTF-8 sequences were repaired and the
 * line each data row starts on. Callers reach it through ls_csv_reader or
 * ls_jsonl_reader, so one code path serves either reader:
 *   - typing: set it before the first feed and leave it unchanged (kept by
 *     pointer: the plan must outlive the reader; NULL, the default, types
 *     automatically); a CSV reader starts typing columns as it reads them;
 *   - reports, repaired: read them after a successful finish;
 *   - lines: move them out with ls_reader_take_rowlines;
 *   - name, status, msg: read only.
 * The reader owns every pointer in it and frees them with itself. The other
 * functions are for the readers' own use. */
#ifndef LS_READER_H
#define LS_READER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ingest/infer.h"
#include "ingest/rowlines.h"
#include "ingest/typing.h"
#include "table/table.h"

#define LS_READER_MSG_MAX 1024
#define LS_READER_NAME_MAX 256 /* bytes of the name quoted in a message */

typedef struct {
  char *name;                  /* valid UTF-8: the file's and the table's name */
  ls_status status;            /* the first error, returned ever after */
  char msg[LS_READER_MSG_MAX]; /* its message, "NAME: ..."; "" when none */
  const ls_typing *typing;     /* the caller's plan, or NULL: automatic */
  ls_infer_report *reports;    /* one per column of the table built; NULL
                                * before, and in record mode */
  uint64_t repaired;           /* invalid UTF-8 sequences replaced with U+FFFD
                                * in the cells (complete after finish) */
  ls_rowlines lines;           /* data row → physical line */
} ls_reader;

/* Move the row → line map into *out (the caller frees it with
 * ls_rowlines_free); the reader's is then empty. Both b and out non-NULL. */
void ls_reader_take_rowlines(ls_reader *b, ls_rowlines *out);

/* ---- for the readers ---- */

/* Zero *b and copy name (NULL: ""), repaired to valid UTF-8 like every cell.
 * LS_ENOMEM when out of memory; *b may then be freed all the same. */
ls_status ls_reader_init(ls_reader *b, const char *name);
/* Free the name, the reports and the row lines; safe to call twice. */
void ls_reader_free(ls_reader *b);
/* Set status st and the message "NAME: " + the formatted text (the name cut
 * to LS_READER_NAME_MAX bytes at a whole character); returns st. */
ls_status ls_reader_vfail(ls_reader *b, ls_status st, const char *fmt, va_list ap);
ls_status ls_reader_fail(ls_reader *b, ls_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Column i of a reader: its name and either its cells, complete to the last
 * row, or (*stream not NULL) the stream that typed them as they came, handed
 * over to the build. A status other than LS_OK stops the build with it. */
typedef ls_status (*ls_reader_column_fn)(void *ctx, size_t i, const char **name, ls_cells **cells,
                                         ls_infer_stream **stream);

/* Build the table named b->name from ncols columns got from col, each typed
 * with b->typing through ls_typing_build (which frees its cells as it goes)
 * or ended from its stream, filling b->reports and adding to b->repaired. On LS_OK *out holds the table
 * (the caller frees it); on failure *out is NULL and b holds the error
 * ("NAME: out of memory"). */
ls_status ls_reader_build(ls_reader *b, size_t ncols, ls_reader_column_fn col, void *ctx,
                          ls_table **out);

#endif
