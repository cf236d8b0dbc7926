/* radix.c: 16-bit-digit LSD radix sort. */
#include "base/radix.h"

#include <string.h>

void ls_radix_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n, int bits) {
  static size_t count[1 << 16];
  uint64_t *src = keys, *dst = tmp;
  for (int shift = 0; shift < bits; shift += 16) {
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) count[(src[i] >> shift) & 0xffff]++;
    if (n && count[(src[0] >> shift) & 0xffff] == n) continue; /* one digit: nothing moves */
    size_t sum = 0;
    for (size_t d = 0; d < (1 << 16); d++) {
      size_t c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != keys) memcpy(keys, src, n * sizeof *keys);
}

int ls_bits_for(uint64_t v) {
  int b = 0;
  while (v) {
    b++;
    v >>= 1;
  }
  return b;
}
