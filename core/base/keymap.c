/* keymap.c: dense entity ids from string dictionary ids or int64 hashing. */
#include "base/keymap.h"

#include <string.h>

#include "base/alloc.h"

/* ---- private ---- */

static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= UINT64_C(0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= UINT64_C(0xc4ceb33fe1a85ec3);
  x ^= x >> 33;
  return x;
}

/* remap dictionary ids to order of first appearance (dictionaries already
 * are, but a column may share values only partly with its dictionary) */
static ls_status from_strings(const ls_column *c, int32_t *ids, size_t *count) {
  size_t n = ls_column_len(c), ndict = ls_dict_size(ls_column_dict(c));
  const int32_t *v = ls_column_str_ids(c);
  int32_t *remap = ls_malloc((ndict ? ndict : 1) * sizeof *remap);
  if (!remap) return LS_ENOMEM;
  memset(remap, 0xff, ndict * sizeof *remap);
  int32_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if (!ls_column_valid(c, i)) {
      ids[i] = -1;
      continue;
    }
    if (remap[v[i]] < 0) remap[v[i]] = next++;
    ids[i] = remap[v[i]];
  }
  ls_free(remap);
  *count = (size_t)next;
  return LS_OK;
}

static ls_status from_ints(const ls_column *c, int32_t *ids, size_t *count) {
  size_t n = ls_column_len(c), nslots = 64;
  const int64_t *v = ls_column_i64(c);
  while (nslots < 2 * n) nslots *= 2;
  int64_t *keys = ls_malloc(nslots * sizeof *keys);
  int32_t *vals = ls_malloc(nslots * sizeof *vals);
  if (!keys || !vals) {
    ls_free(keys);
    ls_free(vals);
    return LS_ENOMEM;
  }
  memset(vals, 0xff, nslots * sizeof *vals);
  int32_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if (!ls_column_valid(c, i)) {
      ids[i] = -1;
      continue;
    }
    size_t s = mix64((uint64_t)v[i]) & (nslots - 1);
    while (vals[s] >= 0 && keys[s] != v[i]) s = (s + 1) & (nslots - 1);
    if (vals[s] < 0) {
      keys[s] = v[i];
      vals[s] = next++;
    }
    ids[i] = vals[s];
  }
  ls_free(keys);
  ls_free(vals);
  *count = (size_t)next;
  return LS_OK;
}

/* ---- API ---- */

ls_status ls_keymap_build(const ls_column *c, int32_t **ids_out, size_t *count_out) {
  *ids_out = NULL;
  *count_out = 0;
  ls_type t = ls_column_type(c);
  if (t != LS_TYPE_STRING && t != LS_TYPE_INT64) return LS_EINVAL;
  size_t n = ls_column_len(c);
  int32_t *ids = ls_malloc((n ? n : 1) * sizeof *ids);
  if (!ids) return LS_ENOMEM;
  ls_status s = t == LS_TYPE_STRING ? from_strings(c, ids, count_out) : from_ints(c, ids, count_out);
  if (s != LS_OK) {
    ls_free(ids);
    return s;
  }
  *ids_out = ids;
  return LS_OK;
}

ls_status ls_keymap_build_fallback(const ls_column *c, const ls_column *fallback, int32_t **ids_out,
                                   size_t *count_out) {
  ls_status s = ls_keymap_build(c, ids_out, count_out);
  if (s != LS_OK || !fallback || fallback == c) return s;
  int32_t *ids = *ids_out, *fb = NULL, *remap = NULL;
  size_t n = ls_column_len(c), nfb = 0;
  ls_type ft = ls_column_type(fallback);
  if (ls_column_len(fallback) != n || (ft != LS_TYPE_STRING && ft != LS_TYPE_INT64)) return LS_OK;
  s = ls_keymap_build(fallback, &fb, &nfb);
  if (s == LS_OK) remap = ls_malloc((nfb ? nfb : 1) * sizeof *remap);
  if (!remap) {
    ls_free(fb);
    ls_free(ids);
    *ids_out = NULL;
    *count_out = 0;
    return s == LS_OK ? LS_ENOMEM : s;
  }
  memset(remap, 0xff, nfb * sizeof *remap);
  int32_t next = (int32_t)*count_out;
  for (size_t i = 0; i < n; i++) {
    if (ids[i] >= 0 || fb[i] < 0) continue;
    if (remap[fb[i]] < 0) remap[fb[i]] = next++;
    ids[i] = remap[fb[i]];
  }
  ls_free(fb);
  ls_free(remap);
  *count_out = (size_t)next;
  return LS_OK;
}
