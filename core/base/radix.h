/* radix.h: LSD radix sort of uint64 keys, the one sort of the hot paths. */
#ifndef LS_RADIX_H
#define LS_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sort keys[0..n) ascending, looking only at the low `bits` bits (1..64; keys
 * must be zero above them). LS_ENOMEM-free: tmp is n scratch keys from the
 * caller. Stable, O(n * ceil(bits / 16)). */
void ls_radix_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n, int bits);

/* Number of bits needed to hold v (0 for v == 0). */
int ls_bits_for(uint64_t v);

#endif
