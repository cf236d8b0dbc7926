/* rng.h: a fixed-seed xorshift generator for tests' random inputs.
 *
 * Every executable that includes it starts from the same seed, so a failing
 * iteration repeats from run to run. */
#ifndef LS_RNG_H
#define LS_RNG_H

#include <stdint.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

/* The next 32 random bits. */
static inline uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 16);
}

#endif
