/* wsfile_read.c: a workspace file read back (wsfile.h).
 *
 * The file is untrusted: it is opened read-only and hardened
 * (ls_sqlitedb_open), every count is checked against what the file really
 * holds, every value against its column's type. The workspace is rebuilt in
 * a fresh one (zone, settings, then each dataset with its detection and
 * source) and swapped in only when all of it is read. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/sqlitedb.h"
#include "workspace/wsfile.h"
#include "workspace/wsfile_internal.h"

#define MAX_DATASETS 1024
#define MAX_COLUMNS 65536
#define MSG_MAX 1024

typedef struct {
  const char *name; /* the file's */
  sqlite3 *db;
  ls_workspace *fresh;
  size_t nbytes;
  ls_status st;
  char msg[MSG_MAX];
} reader;

typedef struct { /* one row of lodestar_columns */
  char *name, *sql_name;
  ls_type type;
  unsigned flags;
  char currency[8];
  int dictionary;
  ls_column_source src;
} colmeta;

/* ---- private: errors ---- */

static ls_status fail(reader *r, ls_status st, const char *fmt, ...) {
  if (r->st != LS_OK) return r->st;
  va_list ap;
  va_start(ap, fmt);
  char what[MSG_MAX - 300];
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  snprintf(r->msg, sizeof r->msg, "%.256s: %s", r->name, what);
  r->st = st;
  return st;
}

static ls_status sqlite_fail(reader *r, const char *where) {
  int rc = sqlite3_errcode(r->db);
  if (rc == SQLITE_NOMEM) return fail(r, LS_ENOMEM, "out of memory");
  return fail(r, LS_EPARSE, "not a valid workspace file (%s: %s)", where, sqlite3_errmsg(r->db));
}

static sqlite3_stmt *prepare(reader *r, const char *sql, const char *where) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) sqlite_fail(r, where);
  return st;
}

/* ---- private: the header ---- */

/* The text of column i, or NULL when it is not TEXT. */
static const char *text_at(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_TEXT ? (const char *)sqlite3_column_text(st, i) : NULL;
}

static int has_table(sqlite3 *db, const char *table) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", -1, &st, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

/* lodestar_workspace: format, version, zone, settings; the page into *page. */
static ls_status read_header(reader *r, char **page) {
  static const char *const TABLES[] = {"lodestar_workspace", "lodestar_datasets", "lodestar_columns",
                                       "lodestar_roles", "lodestar_dictionary", "lodestar_sources"};
  for (size_t i = 0; i < sizeof TABLES / sizeof TABLES[0]; i++)
    if (!has_table(r->db, TABLES[i])) return fail(r, LS_EPARSE, "not a valid workspace file: no table %s", TABLES[i]);
  sqlite3_stmt *st = prepare(r, "SELECT key, value FROM lodestar_workspace", "lodestar_workspace");
  if (!st) return r->st;
  int format = 0, rc = SQLITE_DONE;
  int64_t major = -1, minor = 0;
  char tzname[64] = "";
  while (r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *key = text_at(st, 0), *text = text_at(st, 1);
    int isint = sqlite3_column_type(st, 1) == SQLITE_INTEGER;
    if (!key) continue;
    if (strcmp(key, "format") == 0) format = text && strcmp(text, LS_WSFILE_FORMAT) == 0;
    if (strcmp(key, "version_major") == 0 && isint) major = sqlite3_column_int64(st, 1);
    if (strcmp(key, "version_minor") == 0 && isint) minor = sqlite3_column_int64(st, 1);
    if (strcmp(key, "tz") == 0 && text) snprintf(tzname, sizeof tzname, "%s", text);
    if (strcmp(key, "page") == 0 && text && !(*page = ls_strdup(text))) fail(r, LS_ENOMEM, "out of memory");
  }
  sqlite3_finalize(st);
  if (r->st != LS_OK) return r->st;
  if (!format) return fail(r, LS_EPARSE, "not a valid workspace file: its format is not %s", LS_WSFILE_FORMAT);
  if (major < 1) return fail(r, LS_EPARSE, "not a valid workspace file: no version");
  if (major > LS_WSFILE_MAJOR)
    return fail(r, LS_EINVAL, "made by a newer Lodestar: workspace file version %lld.%lld, this one reads %d.x",
                (long long)major, (long long)minor, LS_WSFILE_MAJOR);
  ls_tz tz;
  if (!ls_tz_parse(tzname, &tz)) return fail(r, LS_EINVAL, "unknown time zone \"%s\"", tzname);
  ls_workspace_set_tz(r->fresh, tz);
  /* the settings, each in its text form; a key this version does not know is skipped */
  st = prepare(r, "SELECT substr(key, 9), value FROM lodestar_workspace WHERE key LIKE 'setting.%'", "settings");
  while (st && r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *key = text_at(st, 0), *value = text_at(st, 1);
    if (!key || !value) {
      fail(r, LS_EPARSE, "not a valid workspace file: a setting that is not text");
      break;
    }
    ls_status s = ls_workspace_set(r->fresh, key, value);
    if (s != LS_OK && s != LS_ENOTFOUND) fail(r, s, "setting %s: %s", key, ls_workspace_errmsg(r->fresh));
  }
  sqlite3_finalize(st);
  return r->st;
}

/* ---- private: a dataset's columns ---- */

static void colmeta_free(colmeta *m, size_t n) {
  for (size_t i = 0; m && i < n; i++) {
    ls_free(m[i].name);
    ls_free(m[i].sql_name);
  }
  ls_free(m);
}

/* lodestar_columns of table: exactly ncols rows, positions 0..ncols-1. */
static ls_status read_colmeta(reader *r, const char *table, size_t ncols, colmeta **out) {
  colmeta *m = ls_calloc(ncols ? ncols : 1, sizeof *m);
  if (!m) return fail(r, LS_ENOMEM, "out of memory");
  *out = m;
  sqlite3_stmt *st = prepare(r,
                             "SELECT position, name, sql_name, type, date, local, percent, currency, dictionary,"
                             " forced, ambiguous_dates, mixed_currency, near_type, bad, bad_lines"
                             " FROM lodestar_columns WHERE table_name = ? ORDER BY position",
                             "lodestar_columns");
  if (!st) return r->st;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
  size_t k = 0;
  int rc = SQLITE_DONE;
  while (r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = text_at(st, 1), *sql_name = text_at(st, 2), *type = text_at(st, 3);
    const char *cur = text_at(st, 7), *near = text_at(st, 12), *lines = text_at(st, 14);
    int t = -1;
    for (int i = 0; type && i < LS_TYPE_COUNT; i++)
      if (strcmp(type, ls_type_name((ls_type)i)) == 0) t = i;
    if (k == ncols || sqlite3_column_int64(st, 0) != (int64_t)k || !name || !sql_name || t < 0 ||
        (cur && strlen(cur) > 7) || (near && strlen(near) >= sizeof m->src.near_type) ||
        sqlite3_column_int64(st, 13) < 0 || (lines && !wsf_lines_parse(lines, &m[k].src.bad))) {
      fail(r, LS_EPARSE, "not a valid workspace file: lodestar_columns row %zu of table %.64s is malformed", k,
           table);
      break;
    }
    colmeta *c = &m[k++];
    if (!(c->name = ls_strdup(name)) || !(c->sql_name = ls_strdup(sql_name))) {
      fail(r, LS_ENOMEM, "out of memory");
      break;
    }
    c->type = (ls_type)t;
    c->flags = (sqlite3_column_int(st, 4) ? LS_COL_DATE : 0) | (sqlite3_column_int(st, 5) ? LS_COL_LOCAL : 0) |
               (sqlite3_column_int(st, 6) ? LS_COL_PERCENT : 0);
    snprintf(c->currency, sizeof c->currency, "%s", cur ? cur : "");
    c->dictionary = sqlite3_column_int(st, 8) != 0;
    c->src.forced = sqlite3_column_int(st, 9) != 0;
    c->src.ambiguous_dates = sqlite3_column_int(st, 10) != 0;
    c->src.mixed_currency = sqlite3_column_int(st, 11) != 0;
    snprintf(c->src.near_type, sizeof c->src.near_type, "%s", near ? near : "");
    c->src.bad.count = (uint64_t)sqlite3_column_int64(st, 13);
  }
  if (r->st == LS_OK && rc != SQLITE_DONE) sqlite_fail(r, "lodestar_columns");
  if (r->st == LS_OK && k != ncols)
    fail(r, LS_EPARSE, "not a valid workspace file: table %.64s has %zu columns described, %zu declared", table, k,
         ncols);
  sqlite3_finalize(st);
  return r->st;
}

/* The saved dictionary of string column c (position k of table): its
 * entries interned in order before any row. */
static ls_status read_dictionary(reader *r, const char *table, size_t k, ls_column *c) {
  sqlite3_stmt *st = prepare(r, "SELECT id, value FROM lodestar_dictionary WHERE table_name = ? AND position = ?"
                                " ORDER BY id", "lodestar_dictionary");
  if (!st) return r->st;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, (int64_t)k);
  int64_t next = 0;
  int rc = SQLITE_DONE;
  while (r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *s = text_at(st, 1);
    if (sqlite3_column_int64(st, 0) != next || !s) {
      fail(r, LS_EPARSE, "not a valid workspace file: the dictionary of column %zu of %.64s is malformed", k, table);
      break;
    }
    if (ls_column_push_str(c, s, (size_t)sqlite3_column_bytes(st, 1)) != LS_OK) fail(r, LS_ENOMEM, "out of memory");
    if (ls_dict_size(ls_column_dict(c)) != (size_t)++next)
      fail(r, LS_EPARSE, "not a valid workspace file: the dictionary of column %zu of %.64s repeats a value", k, table);
  }
  if (r->st == LS_OK && rc != SQLITE_DONE) sqlite_fail(r, "lodestar_dictionary");
  sqlite3_finalize(st);
  ls_column_truncate(c, 0);
  return r->st;
}

/* ---- private: rows ---- */

/* Value i of the row into c, as its type wants; 0 when the value does not fit. */
static int push_value(reader *r, ls_column *c, sqlite3_stmt *st, int i) {
  int type = sqlite3_column_type(st, i);
  ls_status s = LS_OK;
  if (type == SQLITE_NULL) {
    s = ls_column_push_null(c);
  } else {
    switch (ls_column_type(c)) {
      case LS_TYPE_INT64:
      case LS_TYPE_TIME:
        if (type != SQLITE_INTEGER) return 0;
        s = ls_column_push_i64(c, sqlite3_column_int64(st, i));
        break;
      case LS_TYPE_BOOL: {
        if (type != SQLITE_INTEGER) return 0;
        int64_t v = sqlite3_column_int64(st, i);
        if (v != 0 && v != 1) return 0;
        s = ls_column_push_bool(c, (int)v);
        break;
      }
      case LS_TYPE_DOUBLE:
        if (type == SQLITE_BLOB) { /* the bits of a NaN or -0.0, big-endian */
          const unsigned char *b = sqlite3_column_blob(st, i);
          if (sqlite3_column_bytes(st, i) != 8 || !b) return 0;
          uint64_t bits = 0;
          double v;
          for (int k = 0; k < 8; k++) bits = bits << 8 | b[k];
          memcpy(&v, &bits, sizeof v);
          s = ls_column_push_f64(c, v);
        } else if (type == SQLITE_FLOAT || type == SQLITE_INTEGER) {
          s = ls_column_push_f64(c, sqlite3_column_double(st, i));
        } else {
          return 0;
        }
        break;
      default: {
        if (type != SQLITE_TEXT) return 0;
        const char *t = (const char *)sqlite3_column_text(st, i);
        if (!t) return fail(r, LS_ENOMEM, "out of memory"), 0;
        s = ls_column_push_str(c, t, (size_t)sqlite3_column_bytes(st, i));
        break;
      }
    }
  }
  if (s != LS_OK) fail(r, LS_ENOMEM, "out of memory");
  return 1;
}

/* The rows of table (its columns as m says) into t. */
static ls_status read_rows(reader *r, const char *table, const colmeta *m, size_t ncols, int64_t rows, ls_table *t) {
  char *sql = sqlite3_mprintf("SELECT * FROM main.\"%w\"", table);
  sqlite3_stmt *st = sql ? prepare(r, sql, table) : NULL;
  sqlite3_free(sql);
  if (!sql) return fail(r, LS_ENOMEM, "out of memory");
  if (!st) return r->st;
  if ((size_t)sqlite3_column_count(st) != ncols)
    fail(r, LS_EPARSE, "not a valid workspace file: table %.64s has %d columns, %zu described", table,
         sqlite3_column_count(st), ncols);
  for (size_t k = 0; r->st == LS_OK && k < ncols; k++) {
    const char *cn = sqlite3_column_name(st, (int)k);
    if (!cn || strcmp(cn, m[k].sql_name) != 0)
      fail(r, LS_EPARSE, "not a valid workspace file: column %zu of table %.64s is not %.64s", k, table, m[k].sql_name);
    /* the room the file can hold: a row takes at least a byte */
    size_t room = (uint64_t)rows < r->nbytes ? (size_t)rows : r->nbytes;
    if (r->st == LS_OK && ls_column_reserve(ls_table_col(t, k), room) != LS_OK) fail(r, LS_ENOMEM, "out of memory");
  }
  int64_t got = 0;
  int rc = SQLITE_DONE;
  while (r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (size_t k = 0; r->st == LS_OK && k < ncols; k++)
      if (!push_value(r, ls_table_col(t, k), st, (int)k))
        fail(r, LS_EPARSE, "not a valid workspace file: table %.64s row %lld column %.64s: a value that is not %s",
             table, (long long)got + 1, m[k].sql_name, ls_type_name(m[k].type));
    got++;
  }
  if (r->st == LS_OK && rc != SQLITE_DONE) sqlite_fail(r, table);
  if (r->st == LS_OK && got != rows)
    fail(r, LS_EPARSE, "not a valid workspace file: table %.64s has %lld rows, %lld declared", table, (long long)got,
         (long long)rows);
  sqlite3_finalize(st);
  return r->st;
}

/* ---- private: a dataset ---- */

/* lodestar_roles of table into det->col (every role -1 first). */
static ls_status read_roles(reader *r, const char *table, const ls_table *t, ls_detection *det) {
  for (int k = 0; k < LS_ROLE_COUNT; k++) det->col[k] = -1;
  sqlite3_stmt *st = prepare(r, "SELECT role, position FROM lodestar_roles WHERE table_name = ?", "lodestar_roles");
  if (!st) return r->st;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
  int rc = SQLITE_DONE;
  while (r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *role = text_at(st, 0);
    int ri = role ? ls_role_from_name(role) : -1;
    int64_t pos = sqlite3_column_int64(st, 1);
    if (ri < 0) continue; /* a role of a newer version */
    const ls_column *c = pos >= 0 && (uint64_t)pos < ls_table_ncols(t) ? ls_table_col(t, (size_t)pos) : NULL;
    if (!c || sqlite3_column_type(st, 1) != SQLITE_INTEGER ||
        (!ls_detect_fits(c, (ls_role)ri) && ls_column_nulls(c) != ls_column_len(c)))
      fail(r, LS_EPARSE, "not a valid workspace file: role %s of table %.64s names no column that can carry it", role,
           table);
    else
      det->col[ri] = (int)pos;
  }
  if (r->st == LS_OK && rc != SQLITE_DONE) sqlite_fail(r, "lodestar_roles");
  sqlite3_finalize(st);
  return r->st;
}

/* The detection of row st of lodestar_datasets (table t read). */
static ls_status read_detection(reader *r, sqlite3_stmt *st, const char *table, const ls_table *t,
                                ls_detection *det) {
  memset(det, 0, sizeof *det);
  const char *kind = text_at(st, 3), *format = text_at(st, 4), *reason = text_at(st, 10);
  int k = kind ? ls_kind_from_name(kind) : -1, f = format ? ls_format_from_name(format) : -1;
  if (k < 0 || f < 0 || (reason && strlen(reason) >= sizeof det->reason))
    return fail(r, LS_EPARSE, "not a valid workspace file: dataset %.64s has an unknown kind or format", table);
  det->kind = (ls_kind)k;
  det->format = (ls_format)f;
  det->flags = (sqlite3_column_int(st, 5) ? LS_DETECT_MINOR_UNITS : 0u) |
               (sqlite3_column_int(st, 6) ? LS_DETECT_MANUAL : 0u) | (sqlite3_column_int(st, 7) ? LS_DETECT_UTC_TIMES : 0u);
  det->matched = sqlite3_column_int(st, 8);
  det->listed = sqlite3_column_int(st, 9);
  snprintf(det->reason, sizeof det->reason, "%s", reason ? reason : "");
  return read_roles(r, table, t, det);
}

/* The dataset of row st of lodestar_datasets into r->fresh. */
static ls_status read_dataset(reader *r, sqlite3_stmt *st) {
  const char *table = text_at(st, 1), *name = text_at(st, 2);
  int64_t rows = sqlite3_column_int64(st, 12), ncols = sqlite3_column_int64(st, 13);
  if (!table || !name || rows < 0 || ncols < 0 || ncols > MAX_COLUMNS)
    return fail(r, LS_EPARSE, "not a valid workspace file: a malformed row of lodestar_datasets");
  if (!has_table(r->db, table) || sqlite3_strnicmp(table, "lodestar_", 9) == 0)
    return fail(r, LS_EPARSE, "not a valid workspace file: no table %.64s", table);
  colmeta *m = NULL;
  ls_table *t = NULL;
  ls_source *src = NULL;
  if (read_colmeta(r, table, (size_t)ncols, &m) == LS_OK && !(t = ls_table_new(name))) fail(r, LS_ENOMEM, "out of memory");
  for (size_t k = 0; r->st == LS_OK && k < (size_t)ncols; k++) {
    ls_column *c = ls_table_add(t, m[k].name, m[k].type);
    if (!c) {
      fail(r, LS_ENOMEM, "out of memory");
      break;
    }
    ls_column_set_flags(c, m[k].flags);
    ls_column_set_currency(c, m[k].currency);
    if (m[k].dictionary && m[k].type == LS_TYPE_STRING) read_dictionary(r, table, k, c);
  }
  if (r->st == LS_OK) read_rows(r, table, m, (size_t)ncols, rows, t);
  if (r->st == LS_OK && sqlite3_column_int(st, 14)) {
    char err[256] = "";
    ls_status s = (src = ls_source_new((size_t)ncols)) ? wsf_source_get(r->db, table, src, err, sizeof err) : LS_ENOMEM;
    for (size_t k = 0; s == LS_OK && k < (size_t)ncols; k++) src->cols[k] = m[k].src;
    if (s != LS_OK) fail(r, s, "%s", s == LS_ENOMEM ? "out of memory" : err);
  }
  colmeta_free(m, (size_t)ncols);
  ls_detection det;
  if (r->st == LS_OK) read_detection(r, st, table, t, &det);
  if (r->st != LS_OK) {
    ls_table_free(t);
    ls_source_free(src);
    return r->st;
  }
  size_t at = ls_workspace_count(r->fresh);
  ls_status s = ls_workspace_add_source(r->fresh, t, src, 0);
  if (s == LS_OK && ls_workspace_count(r->fresh) != at + 1)
    return fail(r, LS_EPARSE, "not a valid workspace file: two datasets named %.64s", name);
  if (s == LS_OK) s = ls_workspace_set_detection(r->fresh, at, &det);
  if (s != LS_OK) fail(r, s, "%s", ls_workspace_errmsg(r->fresh));
  return r->st;
}

static ls_status read_datasets(reader *r) {
  sqlite3_stmt *st = prepare(r, "SELECT * FROM lodestar_datasets ORDER BY position", "lodestar_datasets");
  if (!st) return r->st;
  if (sqlite3_column_count(st) < 15)
    fail(r, LS_EPARSE, "not a valid workspace file: lodestar_datasets has %d columns", sqlite3_column_count(st));
  int rc = SQLITE_DONE;
  size_t n = 0;
  while (r->st == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (++n > MAX_DATASETS) {
      fail(r, LS_EPARSE, "not a valid workspace file: more than %d datasets", MAX_DATASETS);
      break;
    }
    read_dataset(r, st);
  }
  if (r->st == LS_OK && rc != SQLITE_DONE) sqlite_fail(r, "lodestar_datasets");
  sqlite3_finalize(st);
  return r->st;
}

/* ---- API ---- */

int ls_wsfile_is(const void *bytes, size_t n) {
  sqlite3 *db = NULL;
  if (!ls_sqlitedb_is(bytes, n) || ls_sqlitedb_open("", bytes, n, &db, NULL, 0) != LS_OK) return 0;
  int is = has_table(db, "lodestar_workspace");
  sqlite3_close(db);
  return is;
}

ls_status ls_wsfile_load(ls_workspace *ws, const char *name, const void *bytes, size_t n) {
  reader r = {name ? name : "", NULL, NULL, n, LS_OK, ""};
  char *page = NULL;
  ls_status st = ls_sqlitedb_open(r.name, bytes, n, &r.db, r.msg, sizeof r.msg);
  if (st != LS_OK) return ls_workspace_fail(ws, st, "%s", r.msg);
  if (!(r.fresh = ls_workspace_new())) fail(&r, LS_ENOMEM, "out of memory");
  else ls_workspace_set_now(r.fresh, ls_workspace_now(ws));
  if (r.st == LS_OK && read_header(&r, &page) == LS_OK) read_datasets(&r);
  sqlite3_close(r.db);
  if (r.st != LS_OK) {
    ls_free(page);
    ls_workspace_free(r.fresh);
    return ls_workspace_fail(ws, r.st, "%s", r.msg);
  }
  ls_workspace_swap(ws, r.fresh);
  ls_workspace_free(r.fresh);
  ls_workspace_set_restored(ws, LS_WSFILE_MAJOR, page);
  return LS_OK;
}
