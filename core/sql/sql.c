/* sql.c: read-only SQL over the loaded datasets (sql/sql.h). */
#include "sql/sql.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/numfmt.h"
#include "sql/sql_internal.h"

#define NAME_MAX_BYTES LS_SQL_NAME_BYTES
#define PROGRESS_PERIOD 1000u   /* VM steps between progress calls, at most */
#define TEXT_LIMIT 1000000      /* bytes of one text or blob value, and of the query */
#define RESULT_BYTES (16u << 20) /* text and blob bytes of the rows kept, about */

typedef ls_sql_name sql_name;

typedef struct {
  sql_name *names; /* every table the query may read: datasets, then kind aliases */
  size_t nnames;
  char denied[200]; /* why the authorizer refused, "" when it did not */
  uint64_t steps, max_steps;
  unsigned period; /* VM steps between progress calls */
  const ls_sql_limits *lim;
  int stopped_by_callback;
} run_ctx;

/* ---- private: names ---- */

static int taken(sql_name *names, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (ls_ascii_ieq(s, strlen(s), names[i])) return 1;
  return 0;
}

/* The name of dataset i given the names of the datasets before it. */
static void name_of(const ls_workspace *ws, size_t i, sql_name *before, char *out) {
  const char *t = ls_table_name(ls_workspace_table(ws, i));
  if (!t) t = "";
  size_t len = strlen(t);
  const char *dot = strrchr(t, '.');
  if (dot) {
    if (strcmp(dot, ".gz") == 0) {
      len = (size_t)(dot - t);
      for (dot = dot - 1; dot > t && *dot != '.'; dot--) {}
      if (*dot != '.') dot = NULL;
    }
    if (dot) len = (size_t)(dot - t);
  }
  char base[NAME_MAX_BYTES - 16];
  size_t n = 0;
  if (len && t[0] >= '0' && t[0] <= '9') base[n++] = 't', base[n++] = '_';
  if (len >= 7 && ls_ascii_ieqn(t, 7, "sqlite_", 7)) base[n++] = 't', base[n++] = '_';
  for (size_t k = 0; k < len && n + 1 < sizeof base; k++) {
    unsigned char ch = (unsigned char)t[k];
    int word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    base[n++] = word ? (char)ch : '_';
  }
  base[n] = '\0';
  if (!n) snprintf(base, sizeof base, "dataset");
  snprintf(out, NAME_MAX_BYTES, "%s", base);
  for (int k = 2; taken(before, i, out); k++) snprintf(out, NAME_MAX_BYTES, "%s_%d", base, k);
}

ls_sql_name *ls_sql_names(const ls_workspace *ws, size_t *n, size_t *ndata, size_t **alias_of) {
  size_t nd = ls_workspace_count(ws);
  sql_name *names = ls_calloc(nd + LS_KIND_COUNT + 1, sizeof *names);
  *alias_of = ls_calloc(LS_KIND_COUNT + 1, sizeof **alias_of);
  if (!names || !*alias_of) {
    ls_free(names);
    ls_free(*alias_of);
    *alias_of = NULL;
    return NULL;
  }
  for (size_t i = 0; i < nd; i++) name_of(ws, i, names, names[i]);
  size_t m = nd;
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    int d = ls_workspace_find(ws, (ls_kind)k);
    const char *kind = ls_kind_name((ls_kind)k);
    if (d < 0 || taken(names, m, kind)) continue;
    (*alias_of)[m - nd] = (size_t)d;
    snprintf(names[m++], NAME_MAX_BYTES, "%s", kind);
  }
  *n = m;
  *ndata = nd;
  return names;
}

/* ---- private: the guards ---- */

static int authorize(void *arg, int action, const char *a1, const char *a2, const char *db, const char *trigger) {
  run_ctx *rc = arg;
  (void)a2, (void)trigger;
  switch (action) {
  case SQLITE_SELECT:
  case SQLITE_FUNCTION:
  case SQLITE_RECURSIVE:
    return SQLITE_OK;
  case SQLITE_READ:
    if (a1 && (!db || strcmp(db, "main") == 0) && taken(rc->names, rc->nnames, a1)) return SQLITE_OK;
    if (!rc->denied[0])
      snprintf(rc->denied, sizeof rc->denied, "SQL: no table \"%.64s\" among the datasets", a1 ? a1 : "");
    return SQLITE_DENY;
  default:
    break;
  }
  static const struct {
    int action;
    const char *what;
  } WORDS[] = {{SQLITE_INSERT, "INSERT"},     {SQLITE_UPDATE, "UPDATE"},   {SQLITE_DELETE, "DELETE"},
               {SQLITE_PRAGMA, "PRAGMA"},     {SQLITE_ATTACH, "ATTACH"},   {SQLITE_DETACH, "DETACH"},
               {SQLITE_TRANSACTION, "BEGIN/COMMIT"}, {SQLITE_CREATE_TABLE, "CREATE"},
               {SQLITE_DROP_TABLE, "DROP"},   {SQLITE_ALTER_TABLE, "ALTER"}};
  const char *what = "statements other than SELECT";
  for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
    if (WORDS[i].action == action) what = WORDS[i].what;
  if (!rc->denied[0]) snprintf(rc->denied, sizeof rc->denied, "SQL: read-only: %s is not allowed", what);
  return SQLITE_DENY;
}

static int progress(void *arg) {
  run_ctx *rc = arg;
  rc->steps += rc->period;
  if (rc->steps >= rc->max_steps) return 1;
  if (rc->lim && rc->lim->stop && rc->lim->stop(rc->lim->ctx)) {
    rc->stopped_by_callback = 1;
    return 1;
  }
  return 0;
}

/* 1 when s holds nothing but white space, comments and semicolons. */
static int only_blank(sqlite3 *db, const char *s) {
  sqlite3_stmt *st = NULL;
  while (*s) {
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db, s, -1, &st, &tail) != SQLITE_OK || st) {
      sqlite3_finalize(st);
      return 0;
    }
    if (!tail || tail == s) break;
    s = tail;
  }
  return 1;
}

/* The statement word a query starts with, after white space and comments,
 * when it is one that writes or changes the connection (*at: where it
 * starts); NULL otherwise. */
static const char *writing_word(const char *q, const char **at) {
  for (;;) {
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f' || *q == '(') q++;
    if (q[0] == '-' && q[1] == '-') {
      while (*q && *q != '\n') q++;
    } else if (q[0] == '/' && q[1] == '*') {
      const char *end = strstr(q + 2, "*/");
      if (!end) return NULL;
      q = end + 2;
    } else {
      break;
    }
  }
  static const char *const WORDS[] = {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER",
                                      "PRAGMA", "ATTACH", "DETACH", "BEGIN", "COMMIT", "END", "ROLLBACK",
                                      "SAVEPOINT", "RELEASE", "VACUUM", "REINDEX", "ANALYZE"};
  size_t n = 0;
  while ((q[n] >= 'a' && q[n] <= 'z') || (q[n] >= 'A' && q[n] <= 'Z')) n++;
  *at = q;
  for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
    if (ls_ascii_ieq(q, n, WORDS[i])) return WORDS[i];
  return NULL;
}

/* ---- private: the connection ---- */

static ls_status open_db(ls_workspace *ws, run_ctx *rc, size_t ndata, const size_t *alias_of, sqlite3 **out) {
  sqlite3 *db = NULL;
  int r = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, NULL);
  if (r == SQLITE_OK) r = ls_sqlvt_register(db, ws);
  for (size_t i = 0; r == SQLITE_OK && i < rc->nnames; i++) {
    size_t d = i < ndata ? i : alias_of[i - ndata];
    char *create = sqlite3_mprintf("CREATE VIRTUAL TABLE main.\"%w\" USING " LS_SQLVT_MODULE "(%llu)", rc->names[i], (unsigned long long)d);
    r = create ? sqlite3_exec(db, create, NULL, NULL, NULL) : SQLITE_NOMEM;
    sqlite3_free(create);
  }
  if (r != SQLITE_OK) {
    ls_status st = r == SQLITE_NOMEM ? LS_ENOMEM : LS_EINVAL;
    ls_workspace_fail(ws, st, "SQL: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(r));
    sqlite3_close(db);
    return st;
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, TEXT_LIMIT);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, TEXT_LIMIT);
  sqlite3_set_authorizer(db, authorize, rc);
  sqlite3_progress_handler(db, (int)rc->period, progress, rc);
  *out = db;
  return LS_OK;
}

/* ---- private: the result ---- */

static cJSON *cell(sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_INTEGER:
    return cJSON_CreateNumber((double)sqlite3_column_int64(st, i));
  case SQLITE_FLOAT: {
    double v = sqlite3_column_double(st, i);
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
  }
  case SQLITE_TEXT:
    return cJSON_CreateString((const char *)sqlite3_column_text(st, i));
  case SQLITE_BLOB: { /* hex text */
    const unsigned char *b = sqlite3_column_blob(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    char *hex = ls_malloc(2 * n + 1);
    if (!hex) return NULL;
    for (size_t k = 0; k < n; k++) snprintf(hex + 2 * k, 3, "%02x", b[k]);
    hex[2 * n] = '\0';
    cJSON *s = cJSON_CreateString(hex);
    ls_free(hex);
    return s;
  }
  default:
    return cJSON_CreateNull();
  }
}

static const char *type_name(int t) {
  return t == SQLITE_INTEGER ? "integer" : t == SQLITE_FLOAT ? "real" : t == SQLITE_NULL ? "null" : "text";
}

/* Step st to its end or past max_rows rows into a new result; the status. */
static ls_status collect(ls_workspace *ws, sqlite3 *db, sqlite3_stmt *st, const char *query, size_t max_rows,
                         run_ctx *rc, cJSON **out) {
  int nc = sqlite3_column_count(st);
  int *types = ls_malloc(((size_t)nc + 1) * sizeof *types);
  cJSON *res = cJSON_CreateObject(), *rows = cJSON_CreateArray();
  int ok = types && res && rows && cJSON_AddStringToObject(res, "query", query);
  for (int i = 0; ok && i < nc; i++) types[i] = SQLITE_NULL;
  size_t kept = 0, bytes = 0;
  int truncated = 0, r = SQLITE_DONE;
  while (ok && (r = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < nc; i++) { /* the type first: column_bytes converts numbers */
      int t = sqlite3_column_type(st, i);
      if (t == SQLITE_TEXT || t == SQLITE_BLOB) bytes += (size_t)sqlite3_column_bytes(st, i) * (t == SQLITE_BLOB ? 2 : 1);
    }
    if (kept == max_rows || bytes > RESULT_BYTES) { /* the row that does not fit is not kept */
      truncated = 1;
      break;
    }
    cJSON *row = cJSON_CreateArray();
    ok = row && cJSON_AddItemToArray(rows, row);
    for (int i = 0; ok && i < nc; i++) {
      if (types[i] == SQLITE_NULL) types[i] = sqlite3_column_type(st, i);
      cJSON *c = cell(st, i);
      ok = c && cJSON_AddItemToArray(row, c);
    }
    kept++;
  }
  if (ok && r != SQLITE_ROW && r != SQLITE_DONE) {
    ls_status s = r == SQLITE_NOMEM ? LS_ENOMEM : r == SQLITE_INTERRUPT ? LS_ERANGE : LS_EINVAL;
    if (r == SQLITE_INTERRUPT && !rc->stopped_by_callback)
      ls_workspace_fail(ws, s, "SQL: stopped after %llu steps", (unsigned long long)rc->steps);
    else if (r == SQLITE_INTERRUPT)
      ls_workspace_fail(ws, s, "SQL: stopped");
    else
      ls_workspace_fail(ws, s, "SQL: %s", sqlite3_errmsg(db));
    ls_free(types);
    cJSON_Delete(res);
    cJSON_Delete(rows);
    return s;
  }
  cJSON *cols = ok ? cJSON_AddArrayToObject(res, "columns") : NULL;
  ok = cols != NULL;
  for (int i = 0; ok && i < nc; i++) {
    cJSON *c = cJSON_CreateObject();
    const char *name = sqlite3_column_name(st, i);
    ok = c && cJSON_AddItemToArray(cols, c) && cJSON_AddStringToObject(c, "name", name ? name : "") &&
         cJSON_AddStringToObject(c, "type", type_name(types[i]));
  }
  ls_free(types);
  if (ok) {
    ok = cJSON_AddItemToObject(res, "rows", rows);
    if (!ok) cJSON_Delete(rows);
    rows = NULL;
  }
  ok = ok && cJSON_AddNumberToObject(res, "row_count", (double)kept) && cJSON_AddBoolToObject(res, "truncated", truncated);
  cJSON_Delete(rows);
  if (!ok) {
    cJSON_Delete(res);
    return ls_workspace_fail(ws, LS_ENOMEM, "SQL: out of memory");
  }
  *out = res;
  return LS_OK;
}

/* ls_sql_run, with *off the byte offset an error points at (-1: none known). */
static ls_status run(ls_workspace *ws, const char *query, const ls_sql_limits *lim, cJSON **out, long *off) {
  *out = NULL;
  ls_alloc_init_json();
  if (!query) return ls_workspace_fail(ws, LS_EINVAL, "SQL: empty query");
  const char *at = query;
  const char *word = writing_word(query, &at);
  if (word) {
    *off = (long)(at - query);
    return ls_workspace_fail(ws, LS_EINVAL, "SQL: read-only: %s is not allowed", word);
  }
  run_ctx rc = {0};
  rc.lim = lim;
  rc.max_steps = lim && lim->max_steps ? lim->max_steps : LS_SQL_MAX_STEPS;
  rc.period = rc.max_steps < PROGRESS_PERIOD ? (unsigned)rc.max_steps : PROGRESS_PERIOD;
  size_t max_rows = lim && lim->max_rows ? lim->max_rows : LS_SQL_MAX_ROWS;
  size_t ndata = 0, *alias_of = NULL;
  rc.names = ls_sql_names(ws, &rc.nnames, &ndata, &alias_of);
  if (!rc.names) return ls_workspace_fail(ws, LS_ENOMEM, "SQL: out of memory");
  sqlite3 *db = NULL;
  ls_status st = open_db(ws, &rc, ndata, alias_of, &db);
  ls_free(alias_of);
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;
  if (st == LS_OK) {
    int r = sqlite3_prepare_v2(db, query, -1, &stmt, &tail);
    if (r != SQLITE_OK) *off = sqlite3_error_offset(db);
    if (r != SQLITE_OK && rc.denied[0])
      st = ls_workspace_fail(ws, LS_EINVAL, "%s", rc.denied);
    else if (r != SQLITE_OK && strstr(sqlite3_errmsg(db), "may not be modified")) /* WITH … UPDATE */
      st = ls_workspace_fail(ws, LS_EINVAL, "SQL: read-only: %s", sqlite3_errmsg(db));
    else if (r == SQLITE_NOMEM)
      st = ls_workspace_fail(ws, LS_ENOMEM, "SQL: out of memory");
    else if (r != SQLITE_OK)
      st = ls_workspace_fail(ws, LS_EPARSE, "SQL: %s", sqlite3_errmsg(db));
    else if (!stmt)
      st = ls_workspace_fail(ws, LS_EINVAL, "SQL: empty query");
    else if (!sqlite3_stmt_readonly(stmt))
      st = ls_workspace_fail(ws, LS_EINVAL, "SQL: read-only: only SELECT is allowed"), *off = (long)(at - query);
    else if (tail && !only_blank(db, tail))
      st = ls_workspace_fail(ws, LS_EINVAL, "SQL: one statement at a time"), *off = ls_sql_skip_blank(query, tail);
  }
  if (st == LS_OK) st = collect(ws, db, stmt, query, max_rows, &rc, out);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  ls_free(rc.names);
  return st;
}

/* ---- API ---- */

size_t ls_sql_table_name(const ls_workspace *ws, size_t i, char *buf, size_t cap) {
  size_t nd = ls_workspace_count(ws);
  if (!cap) return 0;
  buf[0] = '\0';
  if (i >= nd) return 0;
  sql_name *names = ls_calloc(nd, sizeof *names);
  if (!names) return 0;
  for (size_t k = 0; k <= i; k++) name_of(ws, k, names, names[k]);
  snprintf(buf, cap, "%s", names[i]);
  size_t n = strlen(names[i]);
  ls_free(names);
  return n;
}

ls_status ls_sql_run(ls_workspace *ws, const char *query, const ls_sql_limits *lim, cJSON **out) {
  return ls_sql_run_at(ws, query, lim, out, NULL);
}

ls_status ls_sql_run_at(ls_workspace *ws, const char *query, const ls_sql_limits *lim, cJSON **out, ls_sql_pos *pos) {
  long off = -1;
  ls_status st = run(ws, query, lim, out, &off);
  if (pos) ls_sql_position(query, st == LS_OK ? -1 : off >= 0 ? off : ls_sql_guess_offset(query, ls_workspace_errmsg(ws)), pos);
  return st;
}
/* sql.h */
static ls_status shortest(cJSON *j) {
  for (cJSON *c = j; c; c = c->next) {
    if (cJSON_IsNumber(c)) {
      char buf[LS_NUMFMT_MAX];
      char *text = ls_strdup(isfinite(c->valuedouble) ? ls_fmt_double(c->valuedouble, buf) : "null");
      if (!text) return LS_ENOMEM;
      c->type = cJSON_Raw | (c->type & cJSON_StringIsConst);
      c->valuestring = text;
    } else if (c->child && shortest(c->child) != LS_OK) {
      return LS_ENOMEM;
    }
  }
  return LS_OK;
}

ls_status ls_sql_json_shortest(cJSON *j) {
  if (!j) return LS_OK;
  if (cJSON_IsNumber(j)) return shortest(j);
  return j->child ? shortest(j->child) : LS_OK;
}
