/* rng.h: the generator's own PRNG, identical on every platform.
 *
 * xoshiro256** seeded through splitmix64. Only 64-bit integer arithmetic, so
 * native and WebAssembly builds draw the same numbers. Each (seed, stream,
 * index) triple gives an independent sequence, so one customer's draws never
 * depend on another's. Private to core/gen; nothing here allocates or fails. */
#ifndef LS_GEN_RNG_H
#define LS_GEN_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint64_t s[4];
} ls_gen_rng;

/* A bijective 64-bit mix (the splitmix64 finaliser): distinct inputs give
 * distinct outputs. */
uint64_t ls_gen_mix64(uint64_t x);
/* Seed r for the sequence named by (seed, stream, index). */
void ls_gen_rng_seed(ls_gen_rng *r, uint64_t seed, uint64_t stream, uint64_t index);
/* The next 64 random bits. */
uint64_t ls_gen_rng_next(ls_gen_rng *r);
/* Uniform in [0, n); n >= 1. Unbiased (rejection). */
uint64_t ls_gen_rng_below(ls_gen_rng *r, uint64_t n);
/* Uniform in [lo, hi]; lo <= hi. */
int64_t ls_gen_rng_range(ls_gen_rng *r, int64_t lo, int64_t hi);
/* 1 with probability ppm / 1,000,000. */
int ls_gen_rng_chance(ls_gen_rng *r, uint32_t ppm);
/* An index in [0, n) drawn with the given integer weights (not all 0). */
size_t ls_gen_rng_pick(ls_gen_rng *r, const uint32_t *weights, size_t n);

#endif
