/* sqlitedb.c: SQLite database files to tables.
 *
 * The file is deserialized into an in-memory connection, read-only and
 * hardened for untrusted input (defensive mode, untrusted schema, cell size
 * checks, values no longer than the file). Each table is read with two passes
 * of SELECT *: the first notes each column's storage classes, the second
 * builds the column, directly for integers and reals, through text inference
 * otherwise. Nothing but each table's text is held beside the result. */
#include "ingest/sqlitedb.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/infer.h"
#include "sqlite3.h"

#define DB_MAGIC "SQLite format 3"  /* and its NUL: 16 bytes */
#define DB_HEADER 100               /* bytes of the file header */
#define DB_NAME_MAX 256             /* bytes of the file name quoted in a message */
#define DB_MIN_VALUE_LIMIT 65536    /* longest computed value, at least */

/* how a column is built, from the storage classes seen in it */
enum { AS_INT, AS_REAL, AS_TEXT, AS_HEX };

typedef struct {
  char *name;           /* UTF-8 repaired */
  unsigned seen;        /* 1u << SQLITE_INTEGER ... SQLITE_NULL */
  int plan;             /* AS_* */
  ls_column *col;       /* AS_INT, AS_REAL: built directly */
  ls_cells cells;       /* AS_TEXT, AS_HEX: the text, typed at the end */
} column;

typedef struct {
  const char *name;     /* the file's */
  char *err;
  size_t errlen;
  sqlite3 *db;
} reader;

/* ---- private: errors ---- */

static ls_status fail(reader *r, ls_status st, const char *fmt, ...) {
  if (!r->err || !r->errlen) return st;
  size_t n = strlen(r->name);
  if (n > DB_NAME_MAX) {
    n = DB_NAME_MAX;
    while (n && ((unsigned char)r->name[n] & 0xC0) == 0x80) n--; /* keep whole characters */
  }
  int k = snprintf(r->err, r->errlen, "%.*s: ", (int)n, r->name);
  if (k < 0) k = 0;
  if ((size_t)k >= r->errlen) return st;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->err + k, r->errlen - (size_t)k, fmt, ap);
  va_end(ap);
  return st;
}

static ls_status oom(reader *r) { return fail(r, LS_ENOMEM, "%s", ls_status_message(LS_ENOMEM)); }

/* The status and message of SQLite result code rc, met while reading table
 * (NULL: while opening the file or reading its schema). */
static ls_status sqlite_fail(reader *r, int rc, const char *table) {
  const char *msg = r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(rc);
  ls_status st;
  switch (rc & 0xFF) {
    case SQLITE_NOMEM: return oom(r);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: st = LS_EPARSE; break;
    default: st = LS_EIO; break;
  }
  if (table) return fail(r, st, "%s (table %s)", msg, table);
  return fail(r, st, "%s", msg);
}

/* ---- private: text ---- */

/* A NUL-terminated copy of s[0..len) with invalid UTF-8 repaired as in a
 * cell (ingest/infer.h), cut at its first NUL; NULL on out of memory. */
static char *utf8_copy(const char *s, size_t len) {
  ls_cells tmp;
  ls_cells_init(&tmp);
  char *out = NULL;
  if (ls_cells_push(&tmp, s, len) == LS_OK) {
    const char *b = tmp.bytes ? tmp.bytes : "";
    const char *nul = memchr(b, '\0', tmp.nbytes);
    out = ls_strndup(b, nul ? (size_t)(nul - b) : tmp.nbytes);
  }
  ls_cells_free(&tmp);
  return out;
}

/* The name of result column i: SQLite's, repaired, or column_N when empty. */
static char *column_name(sqlite3_stmt *stmt, int i) {
  const char *s = sqlite3_column_name(stmt, i);
  char buf[32];
  if (!s || !*s) {
    snprintf(buf, sizeof buf, "column_%d", i + 1);
    s = buf;
  }
  return utf8_copy(s, strlen(s));
}

/* Append n bytes as lower-case hex digits to the open cell. */
static ls_status append_hex(ls_cells *c, const unsigned char *b, size_t n) {
  static const char digits[] = "0123456789abcdef";
  char buf[256];
  while (n) {
    size_t k = n < sizeof buf / 2 ? n : sizeof buf / 2;
    for (size_t i = 0; i < k; i++) {
      buf[2 * i] = digits[b[i] >> 4];
      buf[2 * i + 1] = digits[b[i] & 15];
    }
    if (ls_cells_append(c, buf, 2 * k) != LS_OK) return LS_ENOMEM;
    b += k;
    n -= k;
  }
  return LS_OK;
}

/* ---- private: columns ---- */

static int plan_of(const column *c) {
  const unsigned num = 1u << SQLITE_INTEGER | 1u << SQLITE_FLOAT;
  if (c->seen & 1u << SQLITE_BLOB) return AS_HEX;
  if (c->seen & 1u << SQLITE_TEXT) return AS_TEXT;
  if (!(c->seen & num) || ls_infer_time_name(c->name)) return AS_TEXT;
  return c->seen & 1u << SQLITE_FLOAT ? AS_REAL : AS_INT;
}

/* Push value i of the current row to its column; LS_EINVAL when the value's
 * storage class does not fit the plan of the first pass. */
static ls_status push(column *c, sqlite3_stmt *stmt, int i) {
  int type = sqlite3_column_type(stmt, i);
  if (!(c->seen & 1u << type)) return LS_EINVAL;
  if (c->plan == AS_INT || c->plan == AS_REAL) {
    if (type == SQLITE_NULL) return ls_column_push_null(c->col);
    if (c->plan == AS_INT) return ls_column_push_i64(c->col, sqlite3_column_int64(stmt, i));
    return ls_column_push_f64(c->col, sqlite3_column_double(stmt, i));
  }
  if (type == SQLITE_BLOB) {
    const void *b = sqlite3_column_blob(stmt, i);
    size_t n = (size_t)sqlite3_column_bytes(stmt, i);
    if (n && !b) return LS_ENOMEM;
    if (append_hex(&c->cells, b, n) != LS_OK) return LS_ENOMEM;
    return ls_cells_end(&c->cells);
  }
  if (type == SQLITE_NULL) return ls_cells_end(&c->cells); /* an empty cell is null */
  const unsigned char *s = sqlite3_column_text(stmt, i);
  size_t n = (size_t)sqlite3_column_bytes(stmt, i);
  if (!s) return LS_ENOMEM; /* text of a non-null value: only fails on out of memory */
  return ls_cells_push(&c->cells, (const char *)s, n);
}

/* The finished column of c, typed (AS_TEXT) or as strings (AS_HEX). */
static ls_status finish(column *c, ls_column **out) {
  *out = NULL;
  if (c->plan == AS_INT || c->plan == AS_REAL) {
    *out = c->col;
    c->col = NULL;
    return LS_OK;
  }
  if (c->plan == AS_TEXT) return ls_infer_column(c->name, &c->cells, out);
  ls_column *col = ls_column_new(c->name, LS_TYPE_STRING);
  ls_status st = col ? ls_column_reserve(col, c->cells.n) : LS_ENOMEM;
  ls_cells_cursor k;
  const char *s;
  size_t len;
  ls_cells_begin(&c->cells, &k);
  while (st == LS_OK && ls_cells_next(&k, &s, &len))
    st = len ? ls_column_push_str(col, s, len) : ls_column_push_null(col);
  if (st != LS_OK) {
    ls_column_free(col);
    return LS_ENOMEM;
  }
  *out = col;
  return LS_OK;
}

static void columns_free(column *cols, size_t n) {
  for (size_t i = 0; cols && i < n; i++) {
    ls_free(cols[i].name);
    ls_column_free(cols[i].col);
    ls_cells_free(&cols[i].cells);
  }
  ls_free(cols);
}

/* ---- private: tables ---- */

/* First pass: the storage classes of every column, and the row count. */
static int scan_classes(sqlite3_stmt *stmt, column *cols, size_t ncols, size_t *rows) {
  int rc;
  *rows = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (size_t i = 0; i < ncols; i++) cols[i].seen |= 1u << sqlite3_column_type(stmt, (int)i);
    (*rows)++;
  }
  return rc;
}

/* Give each column its plan and the room it needs. */
static ls_status plan_columns(column *cols, size_t ncols, size_t rows) {
  for (size_t i = 0; i < ncols; i++) {
    column *c = &cols[i];
    c->plan = plan_of(c);
    if (c->plan != AS_INT && c->plan != AS_REAL) continue;
    c->col = ls_column_new(c->name, c->plan == AS_INT ? LS_TYPE_INT64 : LS_TYPE_DOUBLE);
    if (!c->col || ls_column_reserve(c->col, rows) != LS_OK) return LS_ENOMEM;
  }
  return LS_OK;
}

/* Second pass: every value into its column. */
static ls_status fill_columns(reader *r, sqlite3_stmt *stmt, column *cols, size_t ncols,
                              size_t rows, const char *table) {
  int rc;
  size_t got = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (++got > rows) break;
    for (size_t i = 0; i < ncols; i++) {
      ls_status st = push(&cols[i], stmt, (int)i);
      if (st == LS_ENOMEM) return oom(r);
      if (st != LS_OK) return fail(r, LS_EIO, "table %s changed while being read", table);
    }
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_fail(r, rc, table);
  if (got != rows) return fail(r, LS_EIO, "table %s changed while being read", table);
  return LS_OK;
}

/* Read the table named sql_name into *out, named name. */
static ls_status read_table(reader *r, const char *sql_name, const char *name, ls_table **out) {
  *out = NULL;
  char *sql = sqlite3_mprintf("SELECT * FROM main.\"%w\"", sql_name);
  if (!sql) return oom(r);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) return sqlite_fail(r, rc, name);
  size_t ncols = (size_t)sqlite3_column_count(stmt), rows = 0;
  column *cols = ls_calloc(ncols, sizeof *cols);
  ls_table *t = NULL;
  ls_status st = cols ? LS_OK : oom(r);
  for (size_t i = 0; i < ncols && st == LS_OK; i++) {
    ls_cells_init(&cols[i].cells);
    if (!(cols[i].name = column_name(stmt, (int)i))) st = oom(r);
  }
  if (st == LS_OK && (rc = scan_classes(stmt, cols, ncols, &rows)) != SQLITE_DONE)
    st = sqlite_fail(r, rc, name);
  if (st == LS_OK && plan_columns(cols, ncols, rows) != LS_OK) st = oom(r);
  if (st == LS_OK) {
    sqlite3_reset(stmt);
    st = fill_columns(r, stmt, cols, ncols, rows, name);
  }
  if (st == LS_OK && !(t = ls_table_new(name))) st = oom(r);
  for (size_t i = 0; i < ncols && st == LS_OK; i++) {
    ls_column *c;
    if (finish(&cols[i], &c) != LS_OK || ls_table_adopt(t, c) != LS_OK) st = oom(r);
    ls_cells_free(&cols[i].cells); /* keep the peak low: text goes as its column comes */
  }
  sqlite3_finalize(stmt);
  columns_free(cols, ncols);
  if (st != LS_OK) {
    ls_table_free(t);
    return st;
  }
  *out = t;
  return LS_OK;
}

/* ---- private: the database ---- */

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The bytes the header says the file holds (page size times page count), or
 * 0 when it does not say: a size not to be trusted (its change counter and
 * "version valid for" differ, as after an old SQLite wrote the file) or an
 * invalid page size, left for SQLite to judge. */
static uint64_t header_size(const unsigned char *h, size_t n) {
  if (n < DB_HEADER) return DB_HEADER;
  uint32_t page = (uint32_t)h[16] << 8 | h[17];
  if (page == 1) page = 65536;
  if (page < 512 || (page & (page - 1))) return 0;
  uint32_t pages = be32(h + 28), counter = be32(h + 24);
  if (pages == 0 || counter != be32(h + 92)) return 0;
  return (uint64_t)page * pages;
}

/* Open bytes[0..n) read-only in r->db. A write-ahead-log file is copied with
 * its header set to rollback mode (SQLite would look for its -wal file);
 * any other file is read in place. */
static ls_status open_db(reader *r, const unsigned char *bytes, size_t n) {
  int rc = sqlite3_open_v2(":memory:", &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK) return sqlite_fail(r, rc, NULL);
  unsigned char *data = (unsigned char *)bytes; /* never written: SQLITE_DESERIALIZE_READONLY */
  unsigned flags = SQLITE_DESERIALIZE_READONLY;
  if (n > 19 && (bytes[18] == 2 || bytes[19] == 2)) {
    if (!(data = sqlite3_malloc64(n))) return oom(r);
    memcpy(data, bytes, n);
    if (data[18] == 2) data[18] = 1;
    if (data[19] == 2) data[19] = 1;
    flags |= SQLITE_DESERIALIZE_FREEONCLOSE;
  }
  rc = sqlite3_deserialize(r->db, "main", data, (sqlite3_int64)n, (sqlite3_int64)n, flags);
  if (rc != SQLITE_OK) return sqlite_fail(r, rc, NULL); /* SQLite freed data (FREEONCLOSE) */
  /* untrusted input: no schema code with side effects, no value longer than
   * the file could hold (or a little more for computed columns) */
  sqlite3_db_config(r->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
  sqlite3_db_config(r->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
  int limit = sqlite3_limit(r->db, SQLITE_LIMIT_LENGTH, -1);
  if (n < (size_t)limit)
    sqlite3_limit(r->db, SQLITE_LIMIT_LENGTH, n < DB_MIN_VALUE_LIMIT ? DB_MIN_VALUE_LIMIT : (int)n);
  rc = sqlite3_exec(r->db, "PRAGMA cell_size_check=ON", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return sqlite_fail(r, rc, NULL);
  return LS_OK;
}

/* The names of the user tables, in schema order, into names[0..*n). */
static ls_status table_names(reader *r, char ***names, size_t *n) {
  static const char sql[] =
      "SELECT name FROM main.sqlite_schema WHERE type = 'table'"
      " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
      " AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY rowid";
  *names = NULL;
  *n = 0;
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK) return sqlite_fail(r, rc, NULL);
  ls_status st = LS_OK;
  size_t cap = 0;
  while (st == LS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *s = (const char *)sqlite3_column_text(stmt, 0);
    if (!s) { /* a NULL name, or out of memory */
      if (sqlite3_errcode(r->db) == SQLITE_NOMEM) st = oom(r);
      continue;
    }
    if (*n == cap) {
      size_t c = cap ? cap * 2 : 8;
      char **a = ls_reallocarray(*names, c, sizeof *a);
      if (!a) {
        st = oom(r);
        break;
      }
      *names = a;
      cap = c;
    }
    if (!((*names)[*n] = ls_strdup(s))) st = oom(r);
    else (*n)++;
  }
  if (st == LS_OK && rc != SQLITE_DONE) st = sqlite_fail(r, rc, NULL);
  sqlite3_finalize(stmt);
  return st;
}

static void names_free(char **names, size_t n) {
  for (size_t i = 0; names && i < n; i++) ls_free(names[i]);
  ls_free(names);
}

/* The checks before opening, then open_db. */
static ls_status check_open(reader *r, const void *bytes, size_t n) {
  if (!ls_sqlitedb_is(bytes, n)) return fail(r, LS_EPARSE, "not a SQLite database");
  if ((unsigned long long)n > (unsigned long long)INT64_MAX) return fail(r, LS_EINVAL, "file too large");
  uint64_t want = header_size(bytes, n);
  if (want > n)
    return fail(r, LS_EPARSE, "truncated database: %llu bytes expected, %zu found", (unsigned long long)want, n);
  return open_db(r, bytes, n);
}

/* ---- API ---- */

int ls_sqlitedb_is(const void *head, size_t n) {
  return head && n >= sizeof DB_MAGIC && memcmp(head, DB_MAGIC, sizeof DB_MAGIC) == 0;
}

ls_status ls_sqlitedb_read(const char *name, const void *bytes, size_t n, ls_table ***tables,
                           size_t *ntables, char *err, size_t errlen) {
  reader r = {name ? name : "", err, errlen, NULL};
  if (err && errlen) err[0] = '\0';
  if (tables) *tables = NULL;
  if (ntables) *ntables = 0;
  if (!name || (!bytes && n) || !tables || !ntables)
    return fail(&r, LS_EINVAL, "%s", ls_status_message(LS_EINVAL));
  char **names = NULL;
  size_t nnames = 0, done = 0;
  ls_table **out = NULL;
  ls_status st = check_open(&r, bytes, n);
  if (st == LS_OK) st = table_names(&r, &names, &nnames);
  if (st == LS_OK && nnames == 0) st = fail(&r, LS_EPARSE, "no tables");
  if (st == LS_OK && !(out = ls_calloc(nnames, sizeof *out))) st = oom(&r);
  for (; st == LS_OK && done < nnames; done++) {
    char *shown = utf8_copy(names[done], strlen(names[done]));
    st = shown ? read_table(&r, names[done], shown, &out[done]) : oom(&r);
    ls_free(shown);
  }
  names_free(names, nnames);
  sqlite3_close(r.db);
  if (st != LS_OK) {
    for (size_t i = 0; out && i < done; i++) ls_table_free(out[i]);
    ls_free(out);
    return st;
  }
  *tables = out;
  *ntables = nnames;
  return LS_OK;
}

ls_status ls_sqlitedb_open(const char *name, const void *bytes, size_t n, sqlite3 **db, char *err, size_t errlen) {
  reader r = {name ? name : "", err, errlen, NULL};
  if (err && errlen) err[0] = '\0';
  *db = NULL;
  if (!name || (!bytes && n)) return fail(&r, LS_EINVAL, "%s", ls_status_message(LS_EINVAL));
  ls_status st = check_open(&r, bytes, n);
  if (st != LS_OK) {
    sqlite3_close(r.db);
    return st;
  }
  *db = r.db;
  return LS_OK;
}
