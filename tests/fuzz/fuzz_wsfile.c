/* fuzz_wsfile.c: libFuzzer target for the workspace file reader
 * (workspace/wsfile.h).
 *
 * The first input byte picks the mode:
 *   0x00-0x7F  the rest is the file, loaded into a workspace holding one
 *              dataset;
 *   0x80-0xEF  the rest is SQL run on a valid workspace file (a small
 *              workspace of every type, saved), which is then loaded: hostile
 *              files that are valid SQLite (seeds in tests/fuzz/seeds/wsfile/);
 *   0xF0-0xFF  as 0x00 with one of our allocations made to fail.
 * Whatever the input: no crash, no leak; on failure a message naming the
 * file and the dataset loaded before still there, alone; on success every
 * table consistent, and the workspace saved again loads again (with the
 * same datasets and rows). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sqlite3.h"
#include "workspace/load.h"
#include "workspace/wsfile.h"

static const char CSV[] =
    "user_id,event,timestamp,plan,amount,ok,day\n"
    "u1,signup,2025-01-05 09:00,,1.5,true,2025-01-05\n"
    "u2,\"a,b\",2025-01-06T10:00:00Z,Pro,,false,\n"
    "u1,pay,2025-03-09 02:30,Pro,-0.0,,2025-03-09\n";

/* The valid file: CSV loaded in New York, a setting, a page; malloc'd. */
static unsigned char *valid_file(size_t *n) {
  ls_workspace *ws = ls_workspace_new();
  ls_tz tz;
  if (!ws || !ls_tz_parse("America/New_York", &tz) || ls_workspace_set_tz(ws, tz) != LS_OK) abort();
  ls_loader *l = ls_loader_new(ws, "events.csv", NULL);
  if (!l || ls_loader_feed(l, CSV, sizeof CSV - 1) != LS_OK || ls_loader_finish(l) != LS_OK) abort();
  ls_loader_free(l);
  if (ls_workspace_set(ws, "session_gap_minutes", "5") != LS_OK) abort();
  unsigned char *b = NULL;
  if (ls_wsfile_write(ws, "{\"hash\":\"view=product\"}", &b, n) != LS_OK) abort();
  unsigned char *copy = malloc(*n);
  if (!copy) abort();
  memcpy(copy, b, *n);
  ls_wsfile_free(b);
  ls_workspace_free(ws);
  return copy;
}

static int stop(void *steps) { return ++*(int *)steps > 20; } /* * 1000 VM steps */

/* The valid file after running sql (n bytes, not NUL-terminated) on it; NULL
 * when SQLite refuses the SQL (nothing to load then). sqlite3_free it. */
static unsigned char *tampered(const uint8_t *sql, size_t n, size_t *out) {
  static unsigned char *file;
  static size_t nfile;
  if (!file) file = valid_file(&nfile);
  char *text = malloc(n + 1);
  sqlite3 *db = NULL;
  unsigned char *copy = sqlite3_malloc64(nfile);
  if (!text || !copy || sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
  memcpy(text, sql, n);
  text[n] = '\0';
  memcpy(copy, file, nfile);
  unsigned char *bytes = NULL;
  int steps = 0;
  sqlite3_progress_handler(db, 1000, stop, &steps);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
  if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)nfile, (sqlite3_int64)nfile,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK &&
      sqlite3_exec(db, text, NULL, NULL, NULL) == SQLITE_OK) {
    sqlite3_int64 size = 0;
    bytes = sqlite3_serialize(db, "main", &size, 0);
    *out = (size_t)size;
  }
  sqlite3_close(db);
  free(text);
  return bytes;
}

static ls_workspace *one_dataset(void) {
  ls_workspace *ws = ls_workspace_new();
  ls_table *t = ws ? ls_table_new("kept.csv") : NULL;
  ls_column *c = t ? ls_table_add(t, "n", LS_TYPE_INT64) : NULL;
  if (!c || ls_column_push_i64(c, 7) != LS_OK || ls_workspace_add(ws, t) != LS_OK) abort();
  return ws;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  data++;
  size--;
  unsigned char *made = NULL;
  if (mode >= 0x80 && mode < 0xF0) {
    size_t n = 0;
    if (!(made = tampered(data, size, &n))) return 0;
    data = made;
    size = n;
  }
  ls_workspace *ws = one_dataset();
  int oom = mode >= 0xF0;
  if (oom) ls_alloc_fail_after((unsigned long)(mode - 0xEF) * (size % 97 + 1));
  ls_status st = ls_wsfile_load(ws, "fuzz.lodestar.sqlite", data, size);
  ls_alloc_fail_after(0);
  if (st != LS_OK) {
    if (st != LS_EPARSE && st != LS_EINVAL && st != LS_EIO && !(st == LS_ENOMEM && oom)) abort();
    if (strncmp(ls_workspace_errmsg(ws), "fuzz.lodestar.sqlite: ", 22) != 0) abort();
    if (ls_workspace_count(ws) != 1 || strcmp(ls_table_name(ls_workspace_table(ws, 0)), "kept.csv") != 0) abort();
    ls_workspace_free(ws);
    sqlite3_free(made);
    return 0;
  }
  for (size_t i = 0; i < ls_workspace_count(ws); i++)
    if (ls_table_check(ls_workspace_table(ws, i)) != LS_OK) abort();
  int version;
  char *page;
  if (!ls_workspace_take_restored(ws, &version, &page)) abort();
  ls_free(page);
  unsigned char *b = NULL;
  size_t n = 0;
  if (ls_wsfile_write(ws, NULL, &b, &n) != LS_OK) abort();
  ls_workspace *again = ls_workspace_new();
  if (ls_wsfile_load(again, "again", b, n) != LS_OK) abort();
  if (ls_workspace_count(again) != ls_workspace_count(ws)) abort();
  for (size_t i = 0; i < ls_workspace_count(ws); i++)
    if (ls_table_rows(ls_workspace_table(again, i)) != ls_table_rows(ls_workspace_table(ws, i))) abort();
  ls_wsfile_free(b);
  ls_workspace_free(again);
  ls_workspace_free(ws);
  sqlite3_free(made);
  return 0;
}
