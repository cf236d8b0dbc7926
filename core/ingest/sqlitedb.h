/* sqlitedb.h: every table of a SQLite database file, as typed tables.
 *
 * The whole file is given in memory and opened without any filesystem
 * (sqlite3_deserialize into an in-memory connection, read-only), so it works
 * the same natively and in the browser. Each user table (sqlite_schema type
 * 'table', not named sqlite_%, not a virtual table) becomes one ls_table named
 * after it, in schema order; views are not read. Columns keep SQLite's names
 * and order, and are typed by their values (each value's storage class):
 *   only INTEGER and NULL        int64 column, values as stored;
 *   only INTEGER, REAL and NULL  double column (at least one REAL);
 *   with a BLOB                  string column: a BLOB as lower-case hex
 *                                digits ("00ff"), any other value as its text;
 *   anything else                the values' text (an integer as its digits,
 *                                a real with up to 17 significant digits)
 *                                typed by ls_infer_column (ingest/infer.h), so
 *                                "2024-01-05" becomes a timestamp. The numeric
 *                                columns above take this path too when their
 *                                name suggests a time (ls_infer_time_name), so
 *                                epoch seconds or milliseconds become times.
 * SQL NULL is null, and so is an empty text or BLOB (as an empty CSV cell); a
 * column of only nulls is a string column; a table without rows keeps its
 * columns (typed as strings). Text is repaired to valid UTF-8 like a CSV
 * cell, and so are table and column names (a column without a name is
 * column_N, N counting from 1).
 *
 * Write-ahead-log databases (header bytes 18 and 19 = 2) are read from their
 * main file alone, as if in rollback mode; a -wal file is never consulted. */
#ifndef LS_SQLITEDB_H
#define LS_SQLITEDB_H

#include <stddef.h>

#include "base/status.h"
#include "table/table.h"

/* 1 when head (n bytes, n >= 16 to decide) starts with the SQLite file magic
 * "SQLite format 3\0"; 0 otherwise. */
int ls_sqlitedb_is(const void *head, size_t n);

/* Read every user table of the database file bytes[0..n), named name (used
 * in messages only, e.g. "shop.db"). bytes is only read, and only during the
 * call (no copy is kept; the caller keeps ownership).
 *
 * On LS_OK *tables holds *ntables >= 1 new tables; the caller frees each with
 * ls_table_free and the array with ls_free. On error *tables is NULL,
 * *ntables is 0 and err (errlen bytes, may be NULL) holds a message that
 * names the file:
 *   LS_EPARSE   "shop.db: not a SQLite database" (wrong magic or too short),
 *               "shop.db: truncated database: 28672 bytes expected, 8192
 *               found" (shorter than its header says, or than a header),
 *               "shop.db: file is not a database" (SQLite refuses the
 *               header, also for encrypted files),
 *               "shop.db: database disk image is malformed (table orders)",
 *               "shop.db: no tables" (only views, virtual or internal tables);
 *   LS_ENOMEM   out of memory (ours or SQLite's);
 *   LS_EINVAL   a NULL argument, or (n too large for SQLite);
 *   LS_EIO      any other SQLite failure, with SQLite's message. */
ls_status ls_sqlitedb_read(const char *name, const void *bytes, size_t n, ls_table ***tables,
                           size_t *ntables, char *err, size_t errlen);

/* Open bytes[0..n) (kept by the caller while *db is open) read-only and
 * hardened for untrusted input, as ls_sqlitedb_read does, into *db (close
 * with sqlite3_close). Its checks and messages are those of
 * ls_sqlitedb_read, "no tables" aside; *db is NULL on failure. */
struct sqlite3;
ls_status ls_sqlitedb_open(const char *name, const void *bytes, size_t n, struct sqlite3 **db, char *err,
                           size_t errlen);

#endif
