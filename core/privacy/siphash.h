/* siphash.h: SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast
 * short-input PRF", 2012), the keyed hash behind privacy masking.
 *
 * A 128-bit key (16 bytes, read as two little-endian 64-bit words) and any
 * bytes in; the 64-bit tag out, as the paper's reference implementation
 * returns it (its test vectors print the tag's 8 bytes little-endian). Pure,
 * never allocates, never fails; data may be NULL when len is 0. */
#ifndef LS_SIPHASH_H
#define LS_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define LS_SIPHASH_KEY 16

uint64_t ls_siphash24(const uint8_t key[LS_SIPHASH_KEY], const void *data, size_t len);

#endif
