/* wsfile_source.c: how a dataset was read (ingest/source.h), as rows
 * (table_name, key, value) of lodestar_sources, and back.
 *
 * One table of fields drives both ways: numbers are INTEGER values, texts
 * TEXT, a tally is its count under its key and its example lines ("3,7")
 * under KEY.lines, the row map (data row → line) is "row:line" pairs under
 * "lines". Unknown keys (from a newer minor version) are ignored. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "workspace/wsfile_internal.h"

enum { F_U64, F_U32, F_INT, F_I64, F_CHAR, F_TEXT, F_TALLY };

typedef struct {
  const char *key;
  int kind;
  size_t off, size; /* size: F_TEXT's buffer */
} field;

#define FIELD(key, kind, member) {key, kind, offsetof(ls_source, member), sizeof(((ls_source *)0)->member)}
static const field FIELDS[] = {
    FIELD("format", F_TEXT, format),
    FIELD("encoding", F_TEXT, encoding),
    FIELD("encoding_code", F_TEXT, encoding_code),
    FIELD("encoding_reason", F_TEXT, encoding_reason),
    FIELD("bom", F_INT, bom),
    FIELD("gzip", F_INT, gzip),
    FIELD("delimiter", F_CHAR, delimiter),
    FIELD("quote", F_CHAR, quote),
    FIELD("escape", F_CHAR, escape),
    FIELD("dialect_forced", F_INT, dialect_forced),
    FIELD("header", F_INT, header),
    FIELD("skipped_lines", F_U32, skipped_lines),
    FIELD("columns", F_U64, columns),
    FIELD("sampled_rows", F_U64, sampled_rows),
    FIELD("ragged_rows", F_U64, ragged_rows),
    FIELD("header_reason", F_TEXT, header_reason),
    FIELD("header_column", F_I64, header_column),
    FIELD("header_type", F_TEXT, header_type),
    FIELD("dialect_reason", F_TEXT, dialect_reason),
    FIELD("bytes", F_U64, bytes),
    FIELD("files", F_U32, files),
    FIELD("empty_lines", F_U64, empty_lines),
    FIELD("padded", F_TALLY, padded),
    FIELD("truncated", F_TALLY, truncated),
    FIELD("dropped", F_TALLY, dropped),
    FIELD("replaced", F_U64, replaced),
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

/* ---- private ---- */

static int put(sqlite3_stmt *st, const char *key, int64_t i, const char *text) {
  sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
  if (text)
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64(st, 3, i);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The row map as "row:line row:line …"; NULL on out of memory. */
static char *lines_map_text(const ls_rowlines *m) {
  size_t cap = m->n * 44 + 1;
  char *s = ls_malloc(cap), *p = s;
  if (!s) return NULL;
  *p = '\0';
  for (size_t i = 0; i < m->n; i++)
    p += snprintf(p, cap - (size_t)(p - s), "%s%" PRIu64 ":%" PRIu64, i ? " " : "", m->at[i][0], m->at[i][1]);
  return s;
}

static int lines_map_parse(const char *s, ls_rowlines *m) {
  while (*s) {
    char *end;
    uint64_t row = strtoull(s, &end, 10);
    if (end == s || *end != ':') return 0;
    s = end + 1;
    uint64_t line = strtoull(s, &end, 10);
    if (end == s || (*end && *end != ' ')) return 0;
    if (row < m->rows || ls_rowlines_mark_at(m, row, line) != LS_OK) return 0;
    s = *end ? end + 1 : end;
  }
  return 1;
}

/* ---- API ---- */

void wsf_lines_text(const ls_tally *t, char *buf, size_t n) {
  size_t at = 0;
  buf[0] = '\0';
  uint64_t k = t->count < LS_SOURCE_EXAMPLES ? t->count : LS_SOURCE_EXAMPLES;
  for (uint64_t i = 0; i < k && at < n; i++)
    at += (size_t)snprintf(buf + at, n - at, "%s%" PRIu64, i ? "," : "", t->lines[i]);
}

int wsf_lines_parse(const char *s, ls_tally *t) {
  memset(t->lines, 0, sizeof t->lines);
  for (size_t i = 0; *s; i++) {
    char *end;
    if (i == LS_SOURCE_EXAMPLES) return 0;
    t->lines[i] = strtoull(s, &end, 10);
    if (end == s || (*end && *end != ',')) return 0;
    s = *end ? end + 1 : end;
  }
  return 1;
}

int wsf_source_put(sqlite3 *db, const char *table, const ls_source *s) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "INSERT INTO lodestar_sources VALUES(?,?,?)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
  const char *base = (const char *)s;
  for (size_t i = 0; rc == SQLITE_OK && i < NFIELDS; i++) {
    const field *f = &FIELDS[i];
    const void *p = base + f->off;
    int64_t v = 0;
    switch (f->kind) {
      case F_U64: v = (int64_t) * (const uint64_t *)p; break;
      case F_U32: v = *(const uint32_t *)p; break;
      case F_INT: v = *(const int *)p; break;
      case F_I64: v = *(const int64_t *)p; break;
      case F_CHAR: v = (unsigned char)*(const char *)p; break;
      case F_TEXT: rc = put(st, f->key, 0, (const char *)p); continue;
      case F_TALLY: {
        const ls_tally *t = p;
        char key[64], lines[160];
        wsf_lines_text(t, lines, sizeof lines);
        snprintf(key, sizeof key, "%s.lines", f->key);
        rc = put(st, f->key, (int64_t)t->count, NULL);
        if (rc == SQLITE_OK) rc = put(st, key, 0, lines);
        continue;
      }
    }
    rc = put(st, f->key, v, NULL);
  }
  char *map = rc == SQLITE_OK ? lines_map_text(&s->lines) : NULL;
  if (rc == SQLITE_OK && !map) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = put(st, "lines", 0, map);
  if (rc == SQLITE_OK) rc = put(st, "lines.rows", (int64_t)s->lines.rows, NULL);
  if (rc == SQLITE_OK) rc = put(st, "lines.last_line", (int64_t)s->lines.last_line, NULL);
  ls_free(map);
  sqlite3_finalize(st);
  return rc;
}

ls_status wsf_source_get(sqlite3 *db, const char *table, ls_source *s, char *err, size_t n) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT key, value FROM lodestar_sources WHERE table_name = ?", -1, &st, NULL);
  if (rc != SQLITE_OK) {
    snprintf(err, n, "lodestar_sources: %s", sqlite3_errmsg(db));
    return rc == SQLITE_NOMEM ? LS_ENOMEM : LS_EPARSE;
  }
  sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
  ls_status out = LS_OK;
  char *base = (char *)s;
  uint64_t map_rows = 0, map_last = 0;
  while (out == LS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *key = (const char *)sqlite3_column_text(st, 0);
    int type = sqlite3_column_type(st, 1);
    const char *text = (const char *)sqlite3_column_text(st, 1);
    int64_t v = sqlite3_column_int64(st, 1);
    int ok = key != NULL;
    if (ok && strcmp(key, "lines") == 0) {
      ok = type == SQLITE_TEXT && lines_map_parse(text, &s->lines);
    } else if (ok && strcmp(key, "lines.rows") == 0) {
      ok = type == SQLITE_INTEGER && v >= 0, map_rows = (uint64_t)v;
    } else if (ok && strcmp(key, "lines.last_line") == 0) {
      ok = type == SQLITE_INTEGER && v >= 0, map_last = (uint64_t)v;
    } else {
      for (size_t i = 0; ok && i < NFIELDS; i++) {
        const field *f = &FIELDS[i];
        void *p = base + f->off;
        size_t klen = strlen(f->key);
        if (f->kind == F_TALLY && strncmp(key, f->key, klen) == 0 && strcmp(key + klen, ".lines") == 0) {
          ok = type == SQLITE_TEXT && wsf_lines_parse(text, p);
          break;
        }
        if (strcmp(key, f->key) != 0) continue;
        if (f->kind == F_TEXT) {
          ok = type == SQLITE_TEXT && strlen(text) < f->size;
          if (ok) memcpy(p, text, strlen(text) + 1);
          break;
        }
        ok = type == SQLITE_INTEGER;
        switch (f->kind) {
          case F_U64: ok = ok && v >= 0, *(uint64_t *)p = (uint64_t)v; break;
          case F_U32: ok = ok && v >= 0 && v <= UINT32_MAX, *(uint32_t *)p = (uint32_t)v; break;
          case F_INT: ok = ok && v >= 0 && v <= 1, *(int *)p = (int)v; break;
          case F_I64: *(int64_t *)p = v; break;
          case F_CHAR: ok = ok && v >= 0 && v <= 255, *(char *)p = (char)v; break;
          case F_TALLY: ok = ok && v >= 0, ((ls_tally *)p)->count = (uint64_t)v; break;
        }
        break;
      }
    }
    if (!ok) {
      snprintf(err, n, "lodestar_sources: a bad value for %.64s of table %.64s", key ? key : "(null)", table);
      out = LS_EPARSE;
    }
  }
  if (out == LS_OK && rc != SQLITE_DONE) {
    snprintf(err, n, "lodestar_sources: %s", sqlite3_errmsg(db));
    out = rc == SQLITE_NOMEM ? LS_ENOMEM : LS_EPARSE;
  }
  sqlite3_finalize(st);
  if (out == LS_OK && map_rows >= s->lines.rows) {
    s->lines.rows = map_rows;
    s->lines.last_line = map_last;
  }
  return out;
}
