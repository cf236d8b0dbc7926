/* reviewrules.c: the keyword rules of review triage (reviews.h,
 * ls_review_classify), in English and Chinese (simplified and traditional).
 *
 * A keyword written in ASCII matches whole words only, ASCII case ignored:
 * "late" is found in "Late again!" but not in "chocolate" or "later". Any
 * other keyword (Chinese) matches as a byte substring. The rules, in order:
 *   1. A keyword inside a "clearing" phrase does not count: phrases that say
 *      the thing went well or did not happen ("fast delivery", "not late",
 *      "物流很快", "没有延迟"; "good quality", "not broken", "质量很好").
 *   2. A product-quality keyword inside a logistics keyword does not count:
 *      transit damage ("arrived broken", "crushed box", "包装破损", "摔坏")
 *      is logistics, although it holds "broken", "坏" or "破损".
 *   3. Any remaining product-quality keyword makes the review product
 *      quality: a review that blames the product is not appealable, even
 *      when it also blames the courier (the tie rule).
 *   4. Else any remaining logistics keyword makes it logistics.
 *   5. Else other.
 * The evidence is the winning category's earliest match (the longest keyword
 * when several start at the same byte). docs/reviews.md lists the tables. */
#include <stddef.h>
#include <string.h>

#include "assist/reviews.h"

/* ---- private: the tables ---- */

/* Logistics: late, lost, or damaged in transit. */
static const char *const LOGISTICS[] = {
    /* English */
    "delivery", "deliveries", "delivered late", "shipping", "shipment", "shipped late", "courier",
    "carrier", "late", "delayed", "delay", "delays", "lost package", "lost parcel", "package lost",
    "parcel lost", "package was lost", "never arrived", "never received", "not received",
    "didn't arrive", "did not arrive", "hasn't arrived", "has not arrived", "still waiting",
    "arrived damaged", "arrived broken", "arrived crushed", "damaged in transit", "broken in transit", "broke in transit",
    "damaged in shipping", "damaged during shipping", "crushed box", "box was crushed", "box crushed",
    "crushed package", "package was crushed", "tracking", "wrong address", "postman", "fedex", "dhl",
    "usps", "weeks to arrive", "took forever to arrive",
    /* simplified Chinese */
    "物流", "快递", "延迟", "配送", "发货慢", "发货", "没收到", "包装破损", "外包装破损", "外包装",
    "运输", "送货", "派送", "丢件", "丢了", "快递员", "压坏了", "压坏", "摔坏了", "摔坏", "还没到",
    "迟迟", "到货就坏了", "等了",
    /* traditional Chinese */
    "快遞", "延遲", "發貨慢", "發貨", "沒收到", "包裝破損", "外包裝", "運輸", "送貨", "丟件",
    "快遞員", "壓壞了", "壓壞", "摔壞了", "摔壞", "還沒到", "遲遲", "到貨就壞了"};

/* Product quality: the thing itself is faulty, fake or poorly made. */
static const char *const PRODUCT[] = {
    /* English */
    "broken", "broke", "defect", "defects", "defective", "stopped working", "doesn't work",
    "does not work", "not working", "fake", "counterfeit", "knockoff", "knock-off", "not genuine",
    "poor quality", "bad quality", "low quality", "terrible quality", "awful quality", "cheap quality",
    "quality is poor", "quality is bad", "quality is terrible", "cheaply made", "flimsy", "fell apart",
    "falls apart", "faulty", "malfunction", "malfunctions", "cracked", "torn", "ripped", "peeling",
    "faded", "scratched",
    /* simplified Chinese */
    "质量", "品质", "破损", "坏了", "假货", "做工", "掉色", "瑕疵", "次品", "不能用", "用不了",
    "开线", "断了", "故障", "劣质", "不是正品", "褪色",
    /* traditional Chinese */
    "質量", "品質", "破損", "壞了", "假貨", "開線", "斷了", "劣質"};

/* Clearing phrases: a logistics keyword inside one does not count. */
static const char *const CLEAR_LOGISTICS[] = {
    "fast delivery", "quick delivery", "speedy delivery", "free delivery", "fast shipping",
    "quick shipping", "free shipping", "delivery was fast", "delivery was quick",
    "delivery was fine", "delivery was ok", "delivery was on time", "shipping was fast",
    "shipping was quick", "shipping was fine", "no problem with delivery", "no problem with shipping",
    "not late", "wasn't late", "was not late", "no delay", "no delays", "not delayed", "without delay",
    "物流很快", "物流快", "物流速度快", "物流速度很快", "物流给力", "物流不错", "物流很好",
    "快递很快", "快递给力", "快递不错", "快递很好", "发货很快", "发货快", "发货及时", "配送很快",
    "送货很快", "没有延迟", "无延迟", "快遞很快", "快遞不錯", "發貨很快", "發貨快", "送貨很快",
    "沒有延遲", "物流給力", "快遞給力"};

/* Clearing phrases: a product-quality keyword inside one does not count. */
static const char *const CLEAR_PRODUCT[] = {
    "not broken", "wasn't broken", "nothing broken", "no defects", "not defective", "not fake",
    "质量很好", "质量不错", "质量没问题", "品质很好", "品质不错", "做工不错", "做工很好", "做工精细",
    "没坏", "没有瑕疵", "質量很好", "質量不錯", "品質很好", "品質不錯", "做工精細", "沒壞",
    "沒有瑕疵"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
  const char *const *words;
  size_t n;
} word_list;

/* ---- private: matching ---- */

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int ascii_word(const char *w) {
  for (const unsigned char *p = (const unsigned char *)w; *p; p++)
    if (*p >= 0x80) return 0;
  return 1;
}

/* 1 when keyword w (klen bytes) matches text at byte at: ASCII keywords case
 * folded and as whole words, others byte for byte */
static int match_at(const char *text, size_t len, size_t at, const char *w, size_t klen) {
  if (klen == 0 || at + klen > len) return 0;
  const unsigned char *t = (const unsigned char *)text + at, *k = (const unsigned char *)w;
  if (!ascii_word(w)) return memcmp(t, k, klen) == 0;
  for (size_t i = 0; i < klen; i++)
    if (lower(t[i]) != k[i]) return 0;
  if (at > 0 && word_byte((unsigned char)text[at - 1])) return 0;
  return at + klen == len || !word_byte((unsigned char)text[at + klen]);
}

/* 1 when some phrase of l matches a span of text holding [at, at + klen) */
static int covered(const char *text, size_t len, size_t at, size_t klen, const word_list *l) {
  for (size_t j = 0; j < l->n; j++) {
    size_t plen = strlen(l->words[j]);
    if (plen < klen) continue;
    size_t lo = at + klen >= plen ? at + klen - plen : 0;
    for (size_t s = lo; s <= at; s++)
      if (match_at(text, len, s, l->words[j], plen)) return 1;
  }
  return 0;
}

/* The earliest match in text of a keyword of l that no phrase of the covers
 * holds (the longest at one byte): 1 and its span, or 0. */
static int first_match(const char *text, size_t len, const word_list *l, const word_list *cover,
                       size_t ncover, size_t *ev, size_t *ev_len) {
  for (size_t at = 0; at < len; at++) {
    size_t best = 0;
    for (size_t j = 0; j < l->n; j++) {
      const char *w = l->words[j];
      size_t klen = strlen(w);
      if (klen <= best || lower((unsigned char)text[at]) != (unsigned char)w[0]) continue;
      if (!match_at(text, len, at, w, klen)) continue;
      int hidden = 0;
      for (size_t c = 0; c < ncover && !hidden; c++) hidden = covered(text, len, at, klen, &cover[c]);
      if (!hidden) best = klen;
    }
    if (best) {
      *ev = at;
      *ev_len = best;
      return 1;
    }
  }
  return 0;
}

/* ---- API ---- */

const char *ls_review_cat_name(ls_review_cat c) {
  switch (c) {
    case LS_REVIEW_LOGISTICS: return "logistics";
    case LS_REVIEW_PRODUCT: return "product_quality";
    case LS_REVIEW_OTHER: return "other";
    default: return "?";
  }
}

ls_review_cat ls_review_classify(const char *text, size_t len, size_t *ev, size_t *ev_len) {
  static const word_list logistics = {LOGISTICS, COUNT(LOGISTICS)};
  static const word_list product = {PRODUCT, COUNT(PRODUCT)};
  static const word_list clear_logistics = {CLEAR_LOGISTICS, COUNT(CLEAR_LOGISTICS)};
  static const word_list clear_product = {CLEAR_PRODUCT, COUNT(CLEAR_PRODUCT)};
  size_t at = 0, n = 0;
  if (ev) *ev = 0;
  if (ev_len) *ev_len = 0;
  if (!text) return LS_REVIEW_OTHER;
  const word_list product_covers[2] = {clear_product, logistics};
  ls_review_cat cat = LS_REVIEW_OTHER;
  if (first_match(text, len, &product, product_covers, 2, &at, &n))
    cat = LS_REVIEW_PRODUCT;
  else if (first_match(text, len, &logistics, &clear_logistics, 1, &at, &n))
    cat = LS_REVIEW_LOGISTICS;
  if (cat != LS_REVIEW_OTHER) {
    if (ev) *ev = at;
    if (ev_len) *ev_len = n;
  }
  return cat;
}
