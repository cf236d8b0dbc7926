/* source_file.h: the bytes of a fixture under the source tree, for tests.
 *
 * The tree is $LS_SOURCE_DIR (CMake sets it for every test), else ".". */
#ifndef LS_SOURCE_FILE_H
#define LS_SOURCE_FILE_H

#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "workspace/workspace.h"

/* The whole file at rel (e.g. "data/events_small.csv") in a malloc'd buffer
 * the caller frees, its size in *n (a NUL follows the last byte); NULL (and
 * *n = 0) when it cannot be read. */
static inline unsigned char *source_file(const char *rel, size_t *n) {
  const char *dir = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
  *n = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char *b = NULL;
  size_t len = 0, cap = 0, got;
  int bad = 0;
  do {
    if (len == cap) {
      unsigned char *nb = realloc(b, cap = cap ? cap * 2 : 4096);
      if (!nb) {
        bad = 1;
        break;
      }
      b = nb;
    }
    got = fread(b + len, 1, cap - len, f);
    len += got;
  } while (got > 0);
  if (ferror(f)) bad = 1;
  fclose(f);
  if (bad) {
    free(b);
    return NULL;
  }
  b[len] = '\0'; /* fread stopped short of cap, so there is room */
  *n = len;
  return b;
}

/* source_file as NUL-terminated text; when the file cannot be read, a failed
 * check naming it and NULL (with *n = 0). */
static inline char *source_text(const char *rel, size_t *n) {
  char *s = (char *)source_file(rel, n);
  if (!s) CHECK_FAIL_("cannot open %s under LS_SOURCE_DIR", rel);
  return s;
}

/* A new workspace holding the fixture rel under the source tree (the caller
 * frees it); a failed check naming the file when it does not load. */
static inline ls_workspace *source_workspace(const char *rel) {
  const char *dir = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
  ls_workspace *ws = ls_workspace_new();
  if (ls_workspace_load_path(ws, path) != LS_OK) CHECK_FAIL_("cannot load %s: %s", path, ls_workspace_errmsg(ws));
  return ws;
}

#endif
