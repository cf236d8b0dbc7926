/* sql_internal.h: what sql.c shares with the virtual-table module (sqlvtab.c). */
#ifndef LS_SQL_INTERNAL_H
#define LS_SQL_INTERNAL_H

#include "sqlite3.h"
#include "workspace/workspace.h"

/* The names SQL gives the tables, LS_SQL_NAME_BYTES each: every dataset's
 * (ls_sql_table_name), then the kind aliases (sql.h: the first dataset of
 * each kind, named by its kind unless a dataset already has that name);
 * *n in all, *ndata of them datasets, (*alias_of)[k] the dataset alias k
 * names. The caller frees both with ls_free. NULL on out of memory (sql.c). */
#define LS_SQL_NAME_BYTES 128
typedef char ls_sql_name[LS_SQL_NAME_BYTES];
ls_sql_name *ls_sql_names(const ls_workspace *ws, size_t *n, size_t *ndata, size_t **alias_of);

/* The module's name in CREATE VIRTUAL TABLE … USING. */
#define LS_SQLVT_MODULE "lodestar"

/* Register the module on db over ws's datasets (its argument: a dataset
 * index). The module reads the columns in place while the connection is
 * open; ws must outlive it and not change. An SQLite result code. */
int ls_sqlvt_register(sqlite3 *db, const ls_workspace *ws);

/* The offset in query of the first byte at or after p (inside query) that
 * is not white space, a semicolon or a comment (sqlpos.c). */
long ls_sql_skip_blank(const char *query, const char *p);

/* Where in query an error without SQLite's offset points, from its message
 * msg (the workspace's): a table that is not a dataset ("no such table",
 * the authorizer's "no table"): the name's first whole-word occurrence
 * (ASCII case ignored); "incomplete input": the end of the text (white
 * space trimmed); -1 otherwise (sqlpos.c). */
long ls_sql_guess_offset(const char *query, const char *msg);

#endif
