/* siphash.c: SipHash-2-4, written from the paper's description: two
 * compression rounds per 8-byte word, four finalisation rounds. */
#include "privacy/siphash.h"

static uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

static uint64_t load_le(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

typedef struct {
  uint64_t v0, v1, v2, v3;
} sip_state;

static void round_(sip_state *s) {
  s->v0 += s->v1;
  s->v1 = rotl(s->v1, 13);
  s->v1 ^= s->v0;
  s->v0 = rotl(s->v0, 32);
  s->v2 += s->v3;
  s->v3 = rotl(s->v3, 16);
  s->v3 ^= s->v2;
  s->v0 += s->v3;
  s->v3 = rotl(s->v3, 21);
  s->v3 ^= s->v0;
  s->v2 += s->v1;
  s->v1 = rotl(s->v1, 17);
  s->v1 ^= s->v2;
  s->v2 = rotl(s->v2, 32);
}

static void absorb(sip_state *s, uint64_t m) {
  s->v3 ^= m;
  round_(s);
  round_(s);
  s->v0 ^= m;
}

/* ---- API ---- */

uint64_t ls_siphash24(const uint8_t key[LS_SIPHASH_KEY], const void *data, size_t len) {
  const uint8_t *p = data;
  uint64_t k0 = load_le(key, 8), k1 = load_le(key + 8, 8);
  sip_state s = {k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull, k0 ^ 0x6c7967656e657261ull,
                 k1 ^ 0x7465646279746573ull};
  size_t whole = len - len % 8;
  for (size_t i = 0; i < whole; i += 8) absorb(&s, load_le(p + i, 8));
  /* the last word: the remaining bytes, the length's low byte on top */
  absorb(&s, (len % 8 ? load_le(p + whole, len % 8) : 0) | ((uint64_t)(len & 0xff) << 56));
  s.v2 ^= 0xff;
  for (int r = 0; r < 4; r++) round_(&s);
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}
