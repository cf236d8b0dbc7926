/* dict.c: open-addressing hash dictionary over an append-only string arena. */
#include "base/dict.h"

#include <assert.h>
#include <string.h>

#include "base/alloc.h"

struct ls_dict {
  char *arena;        /* strings, each followed by NUL */
  size_t arena_len, arena_cap;
  uint64_t *offsets;  /* start of string id in arena; offsets[n] is the end */
  uint32_t *hashes;   /* hash of string id */
  size_t n, cap;      /* strings held, capacity of offsets/hashes */
  int32_t *slots;     /* hash table of ids, -1 empty */
  size_t nslots;      /* power of two */
};

/* ---- private ---- */

/* Eight bytes a step, each word mixed in by a multiply and a shift; the
 * length seeds the state so that trailing NULs still count. Only for this
 * table: nothing stores these hashes. */
static uint32_t hash_bytes(const char *s, size_t len) {
  const uint64_t K = UINT64_C(0x9E3779B97F4A7C15);
  uint64_t h = (uint64_t)len * K, w;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * K;
    h ^= h >> 29;
  }
  if (i < len) {
    w = 0;
    memcpy(&w, s + i, len - i);
    h = (h ^ w) * K;
    h ^= h >> 29;
  }
  h *= K;
  return (uint32_t)(h >> 32);
}

static int grow_slots(ls_dict *d) {
  size_t nslots = d->nslots ? d->nslots * 2 : 64;
  int32_t *slots = ls_reallocarray(NULL, nslots, sizeof *slots);
  if (!slots) return -1;
  memset(slots, 0xff, nslots * sizeof *slots);
  for (size_t id = 0; id < d->n; id++) {
    size_t i = d->hashes[id] & (nslots - 1);
    while (slots[i] >= 0) i = (i + 1) & (nslots - 1);
    slots[i] = (int32_t)id;
  }
  ls_free(d->slots);
  d->slots = slots;
  d->nslots = nslots;
  return 0;
}

static size_t probe(const ls_dict *d, const char *s, size_t len, uint32_t h) {
  size_t i = h & (d->nslots - 1);
  for (;;) {
    int32_t id = d->slots[i];
    if (id < 0) return i;
    if (d->hashes[id] == h) {
      size_t start = d->offsets[id];
      size_t idlen = d->offsets[id + 1] - start - 1;
      if (idlen == len && memcmp(d->arena + start, s, len) == 0) return i;
    }
    i = (i + 1) & (d->nslots - 1);
  }
}

/* ---- API ---- */

ls_dict *ls_dict_new(void) {
  ls_dict *d = ls_calloc(1, sizeof *d);
  if (!d) return NULL;
  d->offsets = ls_malloc(sizeof *d->offsets);
  if (!d->offsets || grow_slots(d) != 0) {
    ls_dict_free(d);
    return NULL;
  }
  d->offsets[0] = 0;
  return d;
}

void ls_dict_free(ls_dict *d) {
  if (!d) return;
  ls_free(d->arena);
  ls_free(d->offsets);
  ls_free(d->hashes);
  ls_free(d->slots);
  ls_free(d);
}

int32_t ls_dict_find(const ls_dict *d, const char *s, size_t len) {
  size_t i = probe(d, s, len, hash_bytes(s, len));
  return d->slots[i];
}

int32_t ls_dict_intern(ls_dict *d, const char *s, size_t len) {
  uint32_t h = hash_bytes(s, len);
  size_t i = probe(d, s, len, h);
  if (d->slots[i] >= 0) return d->slots[i];
  if (d->n >= INT32_MAX - 1) return -1;
  if (d->n + 1 >= d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    uint64_t *offsets = ls_reallocarray(d->offsets, cap + 1, sizeof *offsets);
    if (!offsets) return -1;
    d->offsets = offsets;
    uint32_t *hashes = ls_reallocarray(d->hashes, cap, sizeof *hashes);
    if (!hashes) return -1;
    d->hashes = hashes;
    d->cap = cap;
  }
  if (d->arena_len + len + 1 > d->arena_cap) {
    size_t cap = d->arena_cap ? d->arena_cap : 256;
    while (cap < d->arena_len + len + 1) cap *= 2;
    char *arena = ls_realloc(d->arena, cap);
    if (!arena) return -1;
    d->arena = arena;
    d->arena_cap = cap;
  }
  /* keep the table under 50% full so probes stay short */
  if ((d->n + 1) * 2 > d->nslots) {
    if (grow_slots(d) != 0) return -1;
    i = probe(d, s, len, h);
  }
  int32_t id = (int32_t)d->n;
  memcpy(d->arena + d->arena_len, s, len);
  d->arena[d->arena_len + len] = '\0';
  d->arena_len += len + 1;
  d->hashes[id] = h;
  d->offsets[id + 1] = d->arena_len;
  d->slots[i] = id;
  d->n++;
  return id;
}

size_t ls_dict_size(const ls_dict *d) { return d->n; }

const char *ls_dict_str(const ls_dict *d, int32_t id, size_t *len) {
  assert(id >= 0 && (size_t)id < d->n);
  size_t start = d->offsets[id];
  if (len) *len = d->offsets[id + 1] - start - 1;
  return d->arena + start;
}

size_t ls_dict_bytes(const ls_dict *d) {
  return d->arena_cap + (d->cap + 1) * sizeof *d->offsets +
         d->cap * sizeof *d->hashes + d->nslots * sizeof *d->slots;
}
