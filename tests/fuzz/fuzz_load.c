/* fuzz_load.c: libFuzzer target for the whole loader (workspace/load.h):
 * magic numbers, gzip, encoding detection and decoding, JSON Lines or sniffed
 * CSV, SQLite, typing and the quality summary, on any bytes.
 *
 * The first input byte draws the chunk size and whether the load runs in
 * record mode; the rest is the file. A load must end in LS_OK or an error with
 * a message naming the file, and a failed load must leave the workspace's
 * earlier dataset alone. */
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "workspace/load.h"

static ls_status ignore(void *ctx, uint64_t line, const ls_field *names, const ls_field *values, size_t n) {
  (void)ctx;
  (void)line;
  (void)names;
  (void)values;
  (void)n;
  return LS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned knob = data[0];
  data++;
  size--;
  size_t chunk = (size_t)1 << (knob & 15);
  int records = (knob >> 4) & 1;
  ls_workspace *ws = ls_workspace_new();
  if (!ws) return 0;
  ls_loader *first = ls_loader_new(ws, "first.csv", NULL);
  const char *good = "a,b\n1,2\n";
  if (ls_loader_feed(first, good, strlen(good)) != LS_OK || ls_loader_finish(first) != LS_OK) __builtin_trap();
  ls_loader_free(first);
  ls_loader *l = ls_loader_new(ws, "fuzz.csv", NULL);
  ls_status st = records ? ls_loader_on_record(l, ignore, NULL) : LS_OK;
  if (st == LS_OK && (knob & 32) && size > 64) st = ls_loader_sample(l, data + size / 2, size - size / 2, 1);
  for (size_t at = 0; st == LS_OK && at < size; at += chunk)
    st = ls_loader_feed(l, data + at, size - at < chunk ? size - at : chunk);
  if (st == LS_OK) st = ls_loader_finish(l);
  if (st != LS_OK && strncmp(ls_loader_errmsg(l), "fuzz.csv", 8) != 0 && st != LS_ENOMEM) __builtin_trap();
  ls_loader_free(l);
  if (st != LS_OK && ls_workspace_count(ws) < 1) __builtin_trap();
  char *json = ls_workspace_json(ws);
  ls_free(json);
  ls_workspace_free(ws);
  return 0;
}
