/* wsfile.c: a workspace written as a workspace file (wsfile.h).
 *
 * Everything is written into an in-memory SQLite database in one
 * transaction, then serialized to bytes. Each dataset becomes a table named
 * after it (its name without the extension, punctuation as "_", made unique),
 * its columns after theirs; the metadata tables (wsfile_internal.h) say what
 * each table and column is. */
#include "workspace/wsfile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/version.h"
#include "workspace/wsfile_internal.h"

#define NAME_MAX_BYTES 120 /* of a table or column name made for SQL */

typedef struct {
  ls_workspace *ws;
  sqlite3 *db;
  char **names; /* the SQL table names given so far */
  size_t nnames;
} writer;

/* ---- private: names ---- */

static int name_taken(char *const *names, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (sqlite3_stricmp(names[i], s) == 0) return 1;
  return 0;
}

/* A SQL name for name into out (NAME_MAX_BYTES + 16): ASCII punctuation and
 * spaces as "_", other bytes kept, strip_ext: the last extension dropped;
 * empty as fallback; "t_" before a name SQLite or this file reserves; then
 * "_2", "_3"… until it differs from names[0..n) (ASCII case ignored). */
static void sql_name(const char *name, int strip_ext, const char *fallback, char *const *names, size_t n,
                     char *out) {
  size_t len = strlen(name);
  const char *dot = strip_ext ? strrchr(name, '.') : NULL;
  if (dot && dot != name) len = (size_t)(dot - name);
  if (len > NAME_MAX_BYTES) len = NAME_MAX_BYTES;
  while (len && ((unsigned char)name[len] & 0xC0) == 0x80) len--; /* whole characters */
  char base[NAME_MAX_BYTES + 8];
  size_t k = 0;
  if (sqlite3_strnicmp(name, "sqlite_", 7) == 0 || sqlite3_strnicmp(name, "lodestar_", 9) == 0) {
    memcpy(base, "t_", 2);
    k = 2;
  }
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    int keep = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    base[k++] = keep ? (char)c : '_';
  }
  base[k] = '\0';
  if (!k) snprintf(base, sizeof base, "%s", fallback);
  snprintf(out, NAME_MAX_BYTES + 16, "%s", base);
  for (int i = 2; name_taken(names, n, out); i++) snprintf(out, NAME_MAX_BYTES + 16, "%s_%d", base, i);
}

/* ---- private: statements ---- */

static int exec(writer *w, const char *sql) { return sqlite3_exec(w->db, sql, NULL, NULL, NULL); }

static int step_reset(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A statement of sql, with a printf-style table name. */
static int prepare(writer *w, sqlite3_stmt **st, const char *sql) {
  return sqlite3_prepare_v2(w->db, sql, -1, st, NULL);
}

static int put_kv(sqlite3_stmt *st, const char *key, const char *text) {
  sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
  if (text) sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
  return step_reset(st);
}

static int put_kv_int(sqlite3_stmt *st, const char *key, int64_t v) {
  sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, v);
  return step_reset(st);
}

/* ---- private: the workspace ---- */

static int write_header(writer *w, const char *page) {
  sqlite3_stmt *st = NULL;
  int rc = prepare(w, &st, "INSERT INTO lodestar_workspace VALUES(?,?)");
  char tz[LS_TZ_NAME_MAX];
  ls_tz_name(ls_workspace_tz(w->ws), tz);
  if (rc == SQLITE_OK) rc = put_kv(st, "format", LS_WSFILE_FORMAT);
  if (rc == SQLITE_OK) rc = put_kv_int(st, "version_major", LS_WSFILE_MAJOR);
  if (rc == SQLITE_OK) rc = put_kv_int(st, "version_minor", LS_WSFILE_MINOR);
  if (rc == SQLITE_OK) rc = put_kv(st, "engine", LS_VERSION);
  if (rc == SQLITE_OK) rc = put_kv(st, "tz", tz);
  if (rc == SQLITE_OK) rc = put_kv(st, "page", page);
  if (rc == SQLITE_OK) rc = put_kv_int(st, "datasets", (int64_t)ls_workspace_count(w->ws));
  const ls_settings *s = ls_workspace_settings(w->ws);
  for (size_t i = 0; rc == SQLITE_OK && i < ls_settings_count(); i++) {
    char key[96], value[1024];
    snprintf(key, sizeof key, "setting.%s", ls_settings_key(i));
    if (ls_settings_get(s, ls_settings_key(i), value, sizeof value) != LS_OK) continue;
    rc = put_kv(st, key, value);
  }
  sqlite3_finalize(st);
  return rc;
}

/* 1 when the ids of string column c appear as 0, 1, 2… in row order, each
 * entry of its dictionary used: pushing the rows again makes the same
 * dictionary. */
static int dict_in_row_order(const ls_column *c) {
  const int32_t *id = ls_column_str_ids(c);
  int32_t next = 0;
  for (size_t i = 0, n = ls_column_len(c); i < n; i++) {
    if (!ls_column_valid(c, i)) continue;
    if (id[i] > next) return 0;
    if (id[i] == next) next++;
  }
  return (size_t)next == ls_dict_size(ls_column_dict(c));
}

static int write_dictionary(writer *w, const char *table, size_t k, const ls_column *c) {
  sqlite3_stmt *st = NULL;
  int rc = prepare(w, &st, "INSERT INTO lodestar_dictionary VALUES(?,?,?,?)");
  const ls_dict *d = ls_column_dict(c);
  for (size_t i = 0; rc == SQLITE_OK && i < ls_dict_size(d); i++) {
    size_t len;
    const char *s = ls_dict_str(d, (int32_t)i, &len);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (int64_t)k);
    sqlite3_bind_int64(st, 3, (int64_t)i);
    sqlite3_bind_text(st, 4, s, (int)len, SQLITE_STATIC);
    rc = step_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

static const char *sql_type(ls_type t) {
  return t == LS_TYPE_DOUBLE ? "REAL" : t == LS_TYPE_STRING ? "TEXT" : "INTEGER";
}

/* lodestar_columns for t, and its CREATE TABLE statement into *create. */
static int write_columns(writer *w, const char *table, const ls_table *t, const ls_source *src, char **create) {
  size_t nc = ls_table_ncols(t);
  char **cnames = ls_calloc(nc + 1, sizeof *cnames);
  sqlite3_stmt *st = NULL;
  int rc = cnames ? prepare(w, &st, "INSERT INTO lodestar_columns VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                  : SQLITE_NOMEM;
  sqlite3_str *sql = sqlite3_str_new(w->db);
  sqlite3_str_appendf(sql, "CREATE TABLE \"%w\"(", table);
  for (size_t k = 0; rc == SQLITE_OK && k < nc; k++) {
    const ls_column *c = ls_table_col(t, k);
    char cn[NAME_MAX_BYTES + 16], fallback[32];
    snprintf(fallback, sizeof fallback, "column_%zu", k + 1);
    sql_name(ls_column_name(c), 0, fallback, cnames, k, cn);
    if (!(cnames[k] = ls_strdup(cn))) {
      rc = SQLITE_NOMEM;
      break;
    }
    unsigned fl = ls_column_flags(c);
    int dict = ls_column_type(c) == LS_TYPE_STRING && !dict_in_row_order(c);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (int64_t)k);
    sqlite3_bind_text(st, 3, ls_column_name(c), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, cn, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, ls_type_name(ls_column_type(c)), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, !!(fl & LS_COL_DATE));
    sqlite3_bind_int(st, 7, !!(fl & LS_COL_LOCAL));
    sqlite3_bind_int(st, 8, !!(fl & LS_COL_PERCENT));
    sqlite3_bind_text(st, 9, ls_column_currency(c), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 10, dict);
    if (src && k < src->ncols) {
      const ls_column_source *cs = &src->cols[k];
      char lines[160];
      wsf_lines_text(&cs->bad, lines, sizeof lines);
      sqlite3_bind_int(st, 11, cs->forced);
      sqlite3_bind_int(st, 12, cs->ambiguous_dates);
      sqlite3_bind_int(st, 13, cs->mixed_currency);
      sqlite3_bind_text(st, 14, cs->near_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 15, (int64_t)cs->bad.count);
      sqlite3_bind_text(st, 16, lines, -1, SQLITE_TRANSIENT);
    }
    rc = step_reset(st);
    if (rc == SQLITE_OK && dict) rc = write_dictionary(w, table, k, c);
    sqlite3_str_appendf(sql, "%s\"%w\" %s", k ? ", " : "", cn, sql_type(ls_column_type(c)));
  }
  sqlite3_str_appendf(sql, ")");
  sqlite3_finalize(st);
  for (size_t k = 0; cnames && k < nc; k++) ls_free(cnames[k]);
  ls_free(cnames);
  char *text = sqlite3_str_finish(sql);
  if (rc == SQLITE_OK && !text) rc = SQLITE_NOMEM;
  if (rc != SQLITE_OK) {
    sqlite3_free(text);
    return rc;
  }
  *create = text;
  return SQLITE_OK;
}

static int write_roles(writer *w, const char *table, const ls_detection *det) {
  sqlite3_stmt *st = NULL;
  int rc = prepare(w, &st, "INSERT INTO lodestar_roles VALUES(?,?,?)");
  for (int r = 0; rc == SQLITE_OK && r < LS_ROLE_COUNT; r++) {
    if (det->col[r] < 0) continue;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ls_role_name((ls_role)r), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, det->col[r]);
    rc = step_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

/* A double that REAL storage would not keep bit for bit (NaN, -0.0: SQLite
 * keeps neither), written as an 8-byte BLOB of its bits, big-endian. */
static void bind_double(sqlite3_stmt *st, int at, double v) {
  if (!isnan(v) && !(v == 0 && signbit(v))) {
    sqlite3_bind_double(st, at, v);
    return;
  }
  uint64_t bits;
  unsigned char b[8];
  memcpy(&bits, &v, sizeof bits);
  for (int i = 0; i < 8; i++) b[i] = (unsigned char)(bits >> (56 - 8 * i));
  sqlite3_bind_blob(st, at, b, 8, SQLITE_TRANSIENT);
}

/* Every row of t into its table; LS_COL_LOCAL times as their wall-clock
 * time in the workspace zone. */
static int write_rows(writer *w, const char *table, const ls_table *t) {
  size_t nc = ls_table_ncols(t), rows = ls_table_rows(t);
  sqlite3_str *sql = sqlite3_str_new(w->db);
  sqlite3_str_appendf(sql, "INSERT INTO \"%w\" VALUES(", table);
  for (size_t k = 0; k < nc; k++) sqlite3_str_appendf(sql, "%s?", k ? "," : "");
  sqlite3_str_appendf(sql, ")");
  char *text = sqlite3_str_finish(sql);
  if (!text) return SQLITE_NOMEM;
  sqlite3_stmt *st = NULL;
  int rc = prepare(w, &st, text);
  sqlite3_free(text);
  ls_tz_cursor *cur = rc == SQLITE_OK ? ls_calloc(nc ? nc : 1, sizeof *cur) : NULL;
  if (rc == SQLITE_OK && !cur) rc = SQLITE_NOMEM;
  for (size_t k = 0; rc == SQLITE_OK && k < nc; k++) ls_tz_cursor_init(&cur[k], ls_workspace_tz(w->ws));
  for (size_t i = 0; rc == SQLITE_OK && i < rows; i++) {
    for (size_t k = 0; k < nc; k++) {
      const ls_column *c = ls_table_col(t, k);
      int at = (int)k + 1;
      if (!ls_column_valid(c, i)) continue; /* unbound: NULL */
      switch (ls_column_type(c)) {
        case LS_TYPE_INT64: sqlite3_bind_int64(st, at, ls_column_i64(c)[i]); break;
        case LS_TYPE_TIME: {
          int64_t v = ls_column_i64(c)[i];
          if (ls_column_flags(c) & LS_COL_LOCAL) v = ls_tz_cursor_local(&cur[k], v);
          sqlite3_bind_int64(st, at, v);
          break;
        }
        case LS_TYPE_DOUBLE: bind_double(st, at, ls_column_f64(c)[i]); break;
        case LS_TYPE_BOOL: sqlite3_bind_int(st, at, ls_column_bool(c)[i] ? 1 : 0); break;
        default: {
          size_t len;
          const char *s = ls_column_str(c, i, &len);
          sqlite3_bind_text(st, at, s ? s : "", (int)len, SQLITE_STATIC);
          break;
        }
      }
    }
    rc = step_reset(st);
  }
  ls_free(cur);
  sqlite3_finalize(st);
  return rc;
}

static int write_dataset(writer *w, size_t i) {
  const ls_table *t = ls_workspace_table(w->ws, i);
  const ls_detection *det = ls_workspace_detection(w->ws, i);
  const ls_source *src = ls_workspace_source(w->ws, i);
  char table[NAME_MAX_BYTES + 16], sig[LS_DETECT_SIGNATURE_TEXT];
  sql_name(ls_table_name(t), 1, "dataset", w->names, w->nnames, table);
  if (!(w->names[w->nnames] = ls_strdup(table))) return SQLITE_NOMEM;
  w->nnames++;
  ls_detect_signature_text(ls_detect_signature(t), sig);
  sqlite3_stmt *st = NULL;
  int rc = prepare(w, &st, "INSERT INTO lodestar_datasets VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, (int64_t)i);
    sqlite3_bind_text(st, 2, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, ls_table_name(t), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, ls_kind_name(det->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ls_format_name(det->format), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, !!(det->flags & LS_DETECT_MINOR_UNITS));
    sqlite3_bind_int(st, 7, !!(det->flags & LS_DETECT_MANUAL));
    sqlite3_bind_int(st, 8, !!(det->flags & LS_DETECT_UTC_TIMES));
    sqlite3_bind_int(st, 9, det->matched);
    sqlite3_bind_int(st, 10, det->listed);
    sqlite3_bind_text(st, 11, det->reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, sig, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 13, (int64_t)ls_table_rows(t));
    sqlite3_bind_int64(st, 14, (int64_t)ls_table_ncols(t));
    sqlite3_bind_int(st, 15, src != NULL);
    rc = step_reset(st);
  }
  sqlite3_finalize(st);
  char *create = NULL;
  if (rc == SQLITE_OK) rc = write_roles(w, table, det);
  if (rc == SQLITE_OK) rc = write_columns(w, table, t, src, &create);
  if (rc == SQLITE_OK) rc = exec(w, create);
  sqlite3_free(create);
  if (rc == SQLITE_OK && src) rc = wsf_source_put(w->db, table, src);
  if (rc == SQLITE_OK) rc = write_rows(w, table, t);
  return rc;
}

/* ---- API ---- */

ls_status ls_wsfile_write(ls_workspace *ws, const char *page, unsigned char **bytes, size_t *n) {
  *bytes = NULL;
  *n = 0;
  writer w = {ws, NULL, NULL, 0};
  size_t count = ls_workspace_count(ws);
  int rc = sqlite3_open_v2(":memory:", &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK && !(w.names = ls_calloc(count + 1, sizeof *w.names))) rc = SQLITE_NOMEM;
  /* one transaction, no journal: the database is built in memory, then copied out */
  /* small pages for a small workspace (each table takes at least one), large ones for speed */
  size_t data = 0;
  for (size_t i = 0; i < count; i++) data += ls_table_bytes(ls_workspace_table(ws, i));
  const char *pages = data < ((size_t)64 << 10)  ? "PRAGMA page_size=512"
                      : data < ((size_t)4 << 20) ? "PRAGMA page_size=1024"
                                                 : "PRAGMA page_size=8192";
  if (rc == SQLITE_OK) rc = exec(&w, pages);
  if (rc == SQLITE_OK) rc = exec(&w, "PRAGMA journal_mode=OFF; BEGIN;" WSF_SCHEMA);
  if (rc == SQLITE_OK) rc = write_header(&w, page);
  for (size_t i = 0; rc == SQLITE_OK && i < count; i++) rc = write_dataset(&w, i);
  if (rc == SQLITE_OK) rc = exec(&w, "COMMIT");
  ls_status st = LS_OK;
  sqlite3_int64 size = 0;
  if (rc == SQLITE_NOMEM || (rc == SQLITE_OK && !(*bytes = sqlite3_serialize(w.db, "main", &size, 0))))
    st = ls_workspace_fail(ws, LS_ENOMEM, "saving the workspace: out of memory");
  else if (rc != SQLITE_OK)
    st = ls_workspace_fail(ws, LS_EIO, "saving the workspace: %s", w.db ? sqlite3_errmsg(w.db) : sqlite3_errstr(rc));
  for (size_t i = 0; i < w.nnames; i++) ls_free(w.names[i]);
  ls_free(w.names);
  sqlite3_close(w.db);
  *n = st == LS_OK ? (size_t)size : 0;
  return st;
}

void ls_wsfile_free(unsigned char *bytes) { sqlite3_free(bytes); }
