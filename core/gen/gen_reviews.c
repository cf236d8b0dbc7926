/* gen_reviews.c: the demo's reviews.csv (kind reviews).
 *
 * The demo's orders also ship a physical career kit (a guide, a webcam light,
 * a microphone…), so its customers review their orders: each charge that went
 * through (succeeded or refunded) is reviewed with a chance sized so the demo
 * holds about users × 0.4 reviews (4,000 by default), 1 to 14 days after the
 * charge, before the as-of instant. Ratings run 5 (50%), 4 (25%), 3 (10%),
 * 2 (7%), 1 (8%): 15% negative. A negative complains about logistics (35%),
 * the product (40%) or something else with no keyword (25%). In the last 21
 * days a courier backlog adds logistics complaints: 30% of those reviews are
 * a courier delay rated 1 or 2. Texts are English, simplified Chinese for
 * customers in CN and traditional Chinese for customers in TW, each a
 * sentence of a complaint or praise and a second fragment, some of them
 * tricky (praise for the delivery in a review blaming the product, praise for
 * the quality in one blaming the courier). Draws come from the
 * LS_GEN_STREAM_REVIEWS stream only: the other tables do not change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "gen/gen_internal.h"

enum { EN, ZH, TW, LANGS };
enum { POS, NEUTRAL, LOGI, PROD, OTHER, SPIKE, MOODS };
enum { COUNTRY_CN = 2, COUNTRY_TW = 6 }; /* indexes into gen.c's countries */

#define SPIKE_DAYS 21
#define SPIKE_PPM 300000u
#define NPRODUCTS 6

typedef struct {
  const char *const *s;
  size_t n;
} frags;

#define F(...) {(const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)}

/* first parts, per language and mood */
static const frags HEAD[LANGS][MOODS] = {
    [EN] = {
        [POS] = F("Great kit, exactly as described", "Really useful before my interviews",
                  "Solid build and easy to set up", "Love it", "Fast delivery and a great product",
                  "Arrived on time and works perfectly", "Good value for the price",
                  "My video calls look so much better now"),
        [NEUTRAL] = F("It's okay", "Average, does the job", "Fine for the price", "Nothing special"),
        [LOGI] = F("The courier was two weeks late", "Delivery took forever", "My package was lost",
                   "Arrived broken because the box was crushed", "Still waiting for my order",
                   "Shipping was delayed three times", "Tracking never updated",
                   "Good quality, but the courier left it at the wrong address"),
        [PROD] = F("It stopped working after a week", "Poor quality, the clip broke on day two",
                   "Feels like a counterfeit", "Defective out of the box", "Cheaply made and flimsy",
                   "Fast delivery, but it stopped working after two days", "The light is faulty"),
        [OTHER] = F("Not what I expected", "Too expensive for what you get",
                    "Customer support never answered my emails", "The instructions are confusing",
                    "It does not fit my setup", "I asked for a refund and heard nothing"),
        [SPIKE] = F("The courier delay is ridiculous", "Tracking has not moved for a week",
                    "Late again, the courier says there is a backlog", "Ten days and still no delivery")},
    [ZH] = {
        [POS] = F("很好用，推荐", "质量很好，物流也快", "物流很快，包装完好", "东西不错，性价比高",
                  "面试前用了，很有帮助", "灯光效果很好"),
        [NEUTRAL] = F("还行吧", "一般般", "中规中矩"),
        [LOGI] = F("快递太慢了，等了两个星期", "物流一直不更新", "包装破损，外箱都压坏了",
                   "发货慢，催了好几次", "配送延迟了好几天", "质量很好，但是快递太慢了"),
        [PROD] = F("质量太差，用了两天就坏了", "做工粗糙，还掉色", "感觉是假货", "收到就有瑕疵",
                   "物流很快，但是用了一周就坏了"),
        [OTHER] = F("和描述的不一样", "太贵了，不值这个价", "客服态度很差", "说明书看不懂"),
        [SPIKE] = F("快递延迟，一周了还没到", "物流停了好几天", "快递公司说积压，一直没发出来")},
    [TW] = {
        [POS] = F("很好用，推薦", "品質很好，物流也快", "東西不錯，性價比高", "面試前用了，很有幫助"),
        [NEUTRAL] = F("還行吧", "普通", "中規中矩"),
        [LOGI] = F("快遞太慢了，等了兩個星期", "物流一直不更新", "包裝破損，外箱都壓壞了",
                   "發貨慢，催了好幾次", "配送延遲了好幾天", "品質很好，但是快遞太慢了"),
        [PROD] = F("品質太差，用了兩天就壞了", "做工粗糙，還掉色", "感覺是假貨", "收到就有瑕疵"),
        [OTHER] = F("和描述的不一樣", "太貴了，不值這個價", "客服態度很差", "說明書看不懂"),
        [SPIKE] = F("快遞延遲，一週了還沒到", "物流停了好幾天", "快遞公司說積壓，一直沒發出來")},
};

/* second parts: how the customer feels about it, for ratings 4-5, 1-2 and 3 */
enum { GLAD, SAD, SO_SO };
static const frags TAIL[LANGS][3] = {
    [EN] = {F("", " Would buy again.", " Highly recommend.", " Five stars.", " Thanks!"),
            F("", " Very disappointed.", " Not happy.", " Won't order again.", " Please do better."),
            F("", " It works, I guess.", " Might buy again.")},
    [ZH] = {F("", "会回购。", "推荐给朋友了。", "五星好评！"), F("", "很失望。", "不会再买了。", "差评。"),
            F("", "凑合用。", "还可以。")},
    [TW] = {F("", "會回購。", "推薦給朋友了。", "五星好評！"), F("", "很失望。", "不會再買了。", "負評。"),
            F("", "湊合用。", "還可以。")},
};

static int feeling(int rating) { return rating <= 2 ? SAD : rating == 3 ? SO_SO : GLAD; }

static const char *const PRODUCTS[NPRODUCTS] = {"kit-interview-guide", "kit-webcam-light", "kit-usb-mic",
                                                "kit-resume-paper",    "kit-laptop-stand", "kit-headset"};
static const uint32_t PRODUCT_W[NPRODUCTS] = {30, 22, 16, 12, 12, 8};
static const uint32_t RATING_W[5] = {8, 7, 10, 25, 50}; /* ratings 1..5 */
static const uint32_t NEG_W[3] = {35, 40, 25};          /* logistics, product, other */

typedef struct {
  int64_t created;
  uint32_t pay;
  uint8_t rating, lang, mood, head, tail, product;
} review;

/* ---- private ---- */

static int lang_of(const ls_gen_ctx *c, uint32_t pay) {
  int country = c->cust[c->subs[c->pays[pay].sub].cust].country;
  return country == COUNTRY_CN ? ZH : country == COUNTRY_TW ? TW : EN;
}

/* the review of payment p into *r: 0 when it has none */
static int draw(const ls_gen_ctx *c, uint32_t p, uint32_t ppm, review *r) {
  const ls_gen_payment *pay = &c->pays[p];
  if (pay->status == LS_GEN_PAY_FAILED) return 0;
  ls_gen_rng g;
  ls_gen_rng_seed(&g, c->seed, LS_GEN_STREAM_REVIEWS, p);
  if (!ls_gen_rng_chance(&g, ppm)) return 0;
  r->created = pay->created + ls_gen_random_minute(&g, LS_GEN_DAY, 14 * LS_GEN_DAY);
  if (r->created >= c->asof) return 0;
  r->pay = p;
  r->lang = (uint8_t)lang_of(c, p);
  r->product = (uint8_t)ls_gen_rng_pick(&g, PRODUCT_W, NPRODUCTS);
  r->rating = (uint8_t)(1 + ls_gen_rng_pick(&g, RATING_W, 5));
  if (r->created >= c->asof - SPIKE_DAYS * LS_GEN_DAY && ls_gen_rng_chance(&g, SPIKE_PPM)) {
    r->mood = SPIKE;
    r->rating = (uint8_t)ls_gen_rng_range(&g, 1, 2);
  } else if (r->rating <= 2) {
    static const uint8_t moods[3] = {LOGI, PROD, OTHER};
    r->mood = moods[ls_gen_rng_pick(&g, NEG_W, 3)];
  } else {
    r->mood = r->rating == 3 ? NEUTRAL : POS;
  }
  r->head = (uint8_t)ls_gen_rng_below(&g, HEAD[r->lang][r->mood].n);
  r->tail = (uint8_t)ls_gen_rng_below(&g, TAIL[r->lang][feeling(r->rating)].n);
  return 1;
}

static int by_time(const void *a, const void *b) {
  const review *x = a, *y = b;
  if (x->created != y->created) return x->created < y->created ? -1 : 1;
  return x->pay < y->pay ? -1 : x->pay > y->pay;
}

static ls_status push_row(const ls_gen_ctx *c, ls_column **col, const review *r, size_t k) {
  char id[32], order[32], cust[32], text[256];
  size_t idn = ls_gen_object_id(c, "rv_", 3, k, id);
  size_t on = ls_gen_object_id(c, "ch_", 2, r->pay, order);
  size_t cn = ls_gen_customer_id(c, (uint32_t)c->subs[c->pays[r->pay].sub].cust, cust);
  const char *head = HEAD[r->lang][r->mood].s[r->head], *tail = TAIL[r->lang][feeling(r->rating)].s[r->tail];
  /* English sentences end with a full stop before the tail; Chinese ones with "，" or "。" */
  const char *stop = r->lang == EN ? "." : (tail[0] ? "，" : "。");
  size_t tn = (size_t)snprintf(text, sizeof text, "%s%s%s", head, stop, tail);
  const char *product = PRODUCTS[r->product];
  ls_status s;
  if ((s = ls_column_push_str(col[0], id, idn)) != LS_OK || (s = ls_column_push_str(col[1], order, on)) != LS_OK ||
      (s = ls_column_push_str(col[2], product, strlen(product))) != LS_OK ||
      (s = ls_column_push_str(col[3], cust, cn)) != LS_OK || (s = ls_column_push_i64(col[4], r->rating)) != LS_OK ||
      (s = ls_column_push_str(col[5], text, tn)) != LS_OK)
    return s;
  return ls_column_push_i64(col[6], r->created);
}

/* ---- internal API ---- */

ls_table *ls_gen_reviews_table(const ls_gen_ctx *c) {
  static const char *const names[] = {"review_id", "order_id", "product_id", "customer_id",
                                      "rating",    "review",   "created_at"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING,
                                  LS_TYPE_INT64,  LS_TYPE_STRING, LS_TYPE_TIME};
  enum { NCOLS = sizeof names / sizeof names[0] };
  /* the chance of a review per charge: users × 0.44 over the charges, of which
   * failed charges and reviews after the as-of instant drop about a tenth */
  uint64_t want = (uint64_t)c->users * 11 / 25, ppm = c->npays ? want * 1000000 / c->npays : 0;
  if (ppm > 1000000) ppm = 1000000;
  review *rv = ls_malloc((c->npays ? c->npays : 1) * sizeof *rv);
  size_t n = 0;
  for (size_t p = 0; rv && p < c->npays; p++) n += (size_t)draw(c, (uint32_t)p, (uint32_t)ppm, &rv[n]);
  if (rv) qsort(rv, n, sizeof *rv, by_time);
  ls_column *col[NCOLS] = {0};
  ls_table *t = rv ? ls_table_new_schema("reviews.csv", names, types, NCOLS, n, col) : NULL;
  ls_status s = t ? LS_OK : LS_ENOMEM;
  for (size_t k = 0; k < n && s == LS_OK; k++) s = push_row(c, col, &rv[k], k);
  ls_free(rv);
  if (s != LS_OK) {
    ls_table_free(t);
    return NULL;
  }
  return t;
}
