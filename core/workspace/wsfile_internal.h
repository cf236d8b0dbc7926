/* wsfile_internal.h: what the workspace file's writer (wsfile.c) and reader
 * (wsfile_read.c) share: the schema and the source's fields
 * (wsfile_source.c). docs/workspace-file.md describes the same tables. */
#ifndef LS_WSFILE_INTERNAL_H
#define LS_WSFILE_INTERNAL_H

#include <stddef.h>

#include "base/status.h"
#include "ingest/source.h"
#include "sqlite3.h"

/* The metadata tables, created before the datasets' own tables. */
#define WSF_SCHEMA                                                                          \
  "CREATE TABLE lodestar_workspace(key TEXT PRIMARY KEY, value);"                           \
  "CREATE TABLE lodestar_datasets(position INTEGER PRIMARY KEY, table_name TEXT NOT NULL,"  \
  " name TEXT NOT NULL, kind TEXT NOT NULL, format TEXT NOT NULL, minor_units INTEGER,"     \
  " manual INTEGER, utc_times INTEGER, matched INTEGER, listed INTEGER, reason TEXT,"       \
  " signature TEXT, rows INTEGER NOT NULL, columns INTEGER NOT NULL, has_source INTEGER);"  \
  "CREATE TABLE lodestar_columns(table_name TEXT NOT NULL, position INTEGER NOT NULL,"     \
  " name TEXT NOT NULL, sql_name TEXT NOT NULL, type TEXT NOT NULL, date INTEGER,"          \
  " local INTEGER, percent INTEGER, currency TEXT, dictionary INTEGER, forced INTEGER,"    \
  " ambiguous_dates INTEGER, mixed_currency INTEGER, near_type TEXT, bad INTEGER,"         \
  " bad_lines TEXT, PRIMARY KEY(table_name, position));"                                    \
  "CREATE TABLE lodestar_roles(table_name TEXT NOT NULL, role TEXT NOT NULL,"               \
  " position INTEGER NOT NULL, PRIMARY KEY(table_name, role));"                             \
  "CREATE TABLE lodestar_dictionary(table_name TEXT NOT NULL, position INTEGER NOT NULL,"   \
  " id INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY(table_name, position, id));"      \
  "CREATE TABLE lodestar_sources(table_name TEXT NOT NULL, key TEXT NOT NULL, value,"       \
  " PRIMARY KEY(table_name, key));"

/* A tally's example lines as text "3,7,12" into buf (at least 128 bytes). */
void wsf_lines_text(const ls_tally *t, char *buf, size_t n);
/* Read that text back into t's examples (count untouched); 0 when malformed. */
int wsf_lines_parse(const char *s, ls_tally *t);

/* Insert s's fields into lodestar_sources for table (the SQL table's name).
 * SQLite's result code. */
int wsf_source_put(sqlite3 *db, const char *table, const ls_source *s);
/* Read them back into s (made with ls_source_new for the table's columns).
 * LS_OK, LS_ENOMEM, or LS_EPARSE with the reason in err. */
ls_status wsf_source_get(sqlite3 *db, const char *table, ls_source *s, char *err, size_t n);

#endif
