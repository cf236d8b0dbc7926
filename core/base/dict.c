/* dict.c: open-addressing hash dictionary over an append-only string arena. */
#include "base/dict.h"

#include <assert.h>
#include <string.h>

#include "base/alloc.h"

typedef struct {
  uint32_t h;
  int32_t id;
} slot;

struct ls_dict {
  char *arena;        /* strings, each followed by NUL */
  size_t arena_len, arena_cap;
  uint64_t *offsets;  /* start of string id in arena; offsets[n] is the end */
  size_t n, cap;      /* strings held, capacity of offsets */
  slot *slots;        /* hash table of ids, id -1 empty; each with its
                         string's hash, so most probes read one slot only */
  size_t nslots;      /* power of two */
  int32_t last;       /* the id found or added last (-1: none): columns
                         often repeat a value row after row */
};

/* ---- private ---- */

/* Eight bytes a step, each word mixed in by a multiply and a shift; the
 * length seeds the state so that trailing NULs still count. Only for this
 * table: nothing stores these hashes, and the words may be read in any byte
 * order. */
static uint32_t hash_bytes(const char *s, size_t len) {
  const uint64_t K = UINT64_C(0x9E3779B97F4A7C15);
  uint64_t h = (uint64_t)len * K, w;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * K;
    h ^= h >> 29;
  }
  if (i < len) { /* the last 1..7 bytes, without a copy of variable length */
    if (len >= 8) {
      memcpy(&w, s + len - 8, 8);
      w >>= 8 * (i + 8 - len);
    } else {
      w = 0;
      for (size_t k = len; k-- > i;) w = w << 8 | (unsigned char)s[k];
    }
    h = (h ^ w) * K;
    h ^= h >> 29;
  }
  h *= K;
  return (uint32_t)(h >> 32);
}

static int grow_slots(ls_dict *d) {
  size_t nslots = d->nslots ? d->nslots * 2 : 64;
  slot *slots = ls_reallocarray(NULL, nslots, sizeof *slots);
  if (!slots) return -1;
  for (size_t i = 0; i < nslots; i++) slots[i].id = -1;
  for (size_t k = 0; k < d->nslots; k++) {
    slot s = d->slots[k];
    if (s.id < 0) continue;
    size_t i = s.h & (nslots - 1);
    while (slots[i].id >= 0) i = (i + 1) & (nslots - 1);
    slots[i] = s;
  }
  ls_free(d->slots);
  d->slots = slots;
  d->nslots = nslots;
  return 0;
}

/* 1 when a[0..len) == b[0..len): eight bytes a step, then byte by byte (a
 * library memcmp is a call, and a byte loop in WebAssembly) */
static int equal(const char *a, const char *b, size_t len) {
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    if (x != y) return 0;
  }
  for (; i < len; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* 1 when string id is s[0..len) */
static int same(const ls_dict *d, int32_t id, const char *s, size_t len) {
  size_t start = d->offsets[id];
  return d->offsets[id + 1] - start - 1 == len && equal(d->arena + start, s, len);
}

static size_t probe(const ls_dict *d, const char *s, size_t len, uint32_t h) {
  size_t i = h & (d->nslots - 1);
  for (;;) {
    int32_t id = d->slots[i].id;
    if (id < 0) return i;
    if (d->slots[i].h == h) {
      if (same(d, id, s, len)) return i;
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
  d->last = -1;
  return d;
}

void ls_dict_free(ls_dict *d) {
  if (!d) return;
  ls_free(d->arena);
  ls_free(d->offsets);
  ls_free(d->slots);
  ls_free(d);
}

int32_t ls_dict_find(const ls_dict *d, const char *s, size_t len) {
  size_t i = probe(d, s, len, hash_bytes(s, len));
  return d->slots[i].id;
}

int32_t ls_dict_intern(ls_dict *d, const char *s, size_t len) {
  if (d->last >= 0 && same(d, d->last, s, len)) return d->last;
  uint32_t h = hash_bytes(s, len);
  size_t i = probe(d, s, len, h);
  if (d->slots[i].id >= 0) return d->last = d->slots[i].id;
  if (d->n >= INT32_MAX - 1) return -1;
  if (d->n + 1 >= d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    uint64_t *offsets = ls_reallocarray(d->offsets, cap + 1, sizeof *offsets);
    if (!offsets) return -1;
    d->offsets = offsets;
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
  d->offsets[id + 1] = d->arena_len;
  d->slots[i] = (slot){h, id};
  d->n++;
  return d->last = id;
}

size_t ls_dict_size(const ls_dict *d) { return d->n; }

const char *ls_dict_str(const ls_dict *d, int32_t id, size_t *len) {
  assert(id >= 0 && (size_t)id < d->n);
  size_t start = d->offsets[id];
  if (len) *len = d->offsets[id + 1] - start - 1;
  return d->arena + start;
}

size_t ls_dict_bytes(const ls_dict *d) {
  return d->arena_cap + (d->cap + 1) * sizeof *d->offsets + d->nslots * sizeof *d->slots;
}
