/* alloc.c: the allocator pair, with a failure switch for tests. */
#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"

static unsigned long fail_at;  /* 0: never fail */
static unsigned long count;

/* ---- private ---- */

static int should_fail(void) {
  count++;
  if (fail_at == 0) return 0;
  if (--fail_at == 0) return 1;
  return 0;
}

/* ---- API ---- */

void *ls_malloc(size_t n) {
  if (should_fail()) return NULL;
  return malloc(n ? n : 1);
}

void *ls_calloc(size_t count_, size_t size) {
  if (size && count_ > SIZE_MAX / size) return NULL;
  if (should_fail()) return NULL;
  return calloc(count_ ? count_ : 1, size ? size : 1);
}

void *ls_realloc(void *p, size_t n) {
  if (should_fail()) return NULL;
  return realloc(p, n ? n : 1);
}

void *ls_reallocarray(void *p, size_t count_, size_t size) {
  if (size && count_ > SIZE_MAX / size) return NULL;
  return ls_realloc(p, count_ * size);
}

void ls_free(void *p) { free(p); }

char *ls_strndup(const char *s, size_t n) {
  char *d = ls_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *ls_strdup(const char *s) { return ls_strndup(s, strlen(s)); }

void ls_alloc_init_json(void) {
  cJSON_Hooks hooks = {ls_malloc, ls_free};
  cJSON_InitHooks(&hooks);
}

unsigned long ls_alloc_fail_after(unsigned long n) {
  unsigned long made = count;
  fail_at = n;
  count = 0;
  return made;
}
