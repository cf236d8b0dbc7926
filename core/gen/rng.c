/* rng.c: splitmix64 seeding xoshiro256**, integer draws only. */
#include "gen/rng.h"

#include <assert.h>

/* ---- private ---- */

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix_next(uint64_t *state) {
  *state += UINT64_C(0x9e3779b97f4a7c15);
  return ls_gen_mix64(*state);
}

/* ---- API ---- */

uint64_t ls_gen_mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
  return x ^ (x >> 31);
}

void ls_gen_rng_seed(ls_gen_rng *r, uint64_t seed, uint64_t stream, uint64_t index) {
  uint64_t state = ls_gen_mix64(seed) ^ ls_gen_mix64(stream * UINT64_C(0xd1342543de82ef95) + 1);
  state = ls_gen_mix64(state + index * UINT64_C(0x9e3779b97f4a7c15));
  for (int i = 0; i < 4; i++) r->s[i] = splitmix_next(&state);
  if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1; /* never all zero */
}

uint64_t ls_gen_rng_next(ls_gen_rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

uint64_t ls_gen_rng_below(ls_gen_rng *r, uint64_t n) {
  assert(n >= 1);
  if (n <= UINT32_MAX) {
    /* Lemire's multiply-and-shift on 32 bits, dividing only on a near miss */
    uint32_t n32 = (uint32_t)n;
    uint64_t m = (ls_gen_rng_next(r) >> 32) * n32;
    if ((uint32_t)m < n32) {
      uint32_t threshold = (uint32_t)(0 - n32) % n32; /* 2^32 mod n */
      while ((uint32_t)m < threshold) m = (ls_gen_rng_next(r) >> 32) * n32;
    }
    return m >> 32;
  }
  uint64_t threshold = (0 - n) % n; /* 2^64 mod n: reject the biased low values */
  for (;;) {
    uint64_t x = ls_gen_rng_next(r);
    if (x >= threshold) return x % n;
  }
}

int64_t ls_gen_rng_range(ls_gen_rng *r, int64_t lo, int64_t hi) {
  assert(lo <= hi);
  return lo + (int64_t)ls_gen_rng_below(r, (uint64_t)(hi - lo) + 1);
}

int ls_gen_rng_chance(ls_gen_rng *r, uint32_t ppm) {
  return ls_gen_rng_below(r, 1000000) < ppm;
}

size_t ls_gen_rng_pick(ls_gen_rng *r, const uint32_t *weights, size_t n) {
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++) total += weights[i];
  assert(total > 0);
  uint64_t x = ls_gen_rng_below(r, total);
  for (size_t i = 0; i < n; i++) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return n - 1; /* unreachable */
}
