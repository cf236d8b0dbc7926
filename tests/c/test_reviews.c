/* test_reviews.c: review triage (core/assist/reviews.h): the keyword rules in
 * English, simplified and traditional Chinese (whole words, clearing
 * phrases, transit damage, the tie rule), and the triage of the hand-written
 * fixtures data/fixtures/reviews_en.csv (1-5 stars) and reviews_zh.csv (1-10),
 * with every count and rate computed by hand in the comments. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assist/reviews.h"
#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "json_get.h"
#include "source_file.h"

/* ---- helpers ---- */

static ls_workspace *load(const char *file) {
  char rel[256];
  snprintf(rel, sizeof rel, "data/fixtures/%s", file);
  return source_workspace(rel);
}

/* the category of text, and its evidence (the keyword as written) in ev */
static ls_review_cat classify(const char *text, char *ev) {
  size_t at = 99, n = 99;
  ls_review_cat c = ls_review_classify(text, strlen(text), &at, &n);
  memcpy(ev, text + at, n);
  ev[n] = '\0';
  return c;
}

#define CHECK_CLASS(text, cat, keyword)            \
  do {                                             \
    char ev_[256];                                 \
    CHECK_STR(ls_review_cat_name(classify(text, ev_)), cat); \
    CHECK_STR(ev_, keyword);                       \
  } while (0)

static cJSON *triage(ls_workspace *ws, const char *spec) {
  cJSON *j = spec ? cJSON_Parse(spec) : NULL, *out = NULL;
  ls_status st = ls_reviews_triage(ws, j, &out);
  if (st != LS_OK) CHECK_FAIL_("triage: %s", ls_workspace_errmsg(ws));
  cJSON_Delete(j);
  return out;
}

static double at(const cJSON *o, const char *key, int i) {
  return cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, key), i));
}

static double rate(const cJSON *r, const char *cat, int p) {
  return at(cJSON_GetObjectItemCaseSensitive(r, "rate"), cat, p);
}

/* ---- the keyword rules ---- */

TEST(rules_should_match_english_keywords_as_whole_words_in_any_case) {
  CHECK_CLASS("The courier was LATE.", "logistics", "courier");
  CHECK_CLASS("late", "logistics", "late");
  CHECK_CLASS("Late again!", "logistics", "Late");
  CHECK_CLASS("Chocolate colour, I will write more later", "other", "");
  CHECK_CLASS("It's a FAKE", "product_quality", "FAKE");
  CHECK_CLASS("counterfeiting ring", "other", "");
  CHECK_CLASS("Still waiting for it", "logistics", "Still waiting");
}

TEST(rules_should_read_simplified_and_traditional_chinese) {
  CHECK_CLASS("快递太慢了，等了两个星期", "logistics", "快递");
  CHECK_CLASS("快遞延遲，一週了還沒到", "logistics", "快遞");
  CHECK_CLASS("一直没收到", "logistics", "没收到");
  CHECK_CLASS("质量太差", "product_quality", "质量");
  CHECK_CLASS("品質太差，用了兩天就壞了", "product_quality", "品質");
  CHECK_CLASS("感觉是假货", "product_quality", "假货");
  CHECK_CLASS("做工粗糙，还掉色", "product_quality", "做工");
  CHECK_CLASS("和描述的不一样", "other", "");
}

TEST(rules_should_not_count_keywords_inside_clearing_phrases) {
  /* praise and negation: "fast delivery", "not late", "no delay", "物流很快", "没有延迟", "质量很好" */
  CHECK_CLASS("Fast delivery, but I changed my mind", "other", "");
  CHECK_CLASS("It was not late, I just do not like it", "other", "");
  CHECK_CLASS("No delay at all", "other", "");
  CHECK_CLASS("物流很快，就是不喜欢", "other", "");
  CHECK_CLASS("没有延迟，就是不喜欢", "other", "");
  CHECK_CLASS("质量很好，但是快递太慢了", "logistics", "快递");
  CHECK_CLASS("品質很好，但是快遞太慢了", "logistics", "快遞");
  /* a cleared occurrence does not hide a later one */
  CHECK_CLASS("Fast delivery last time, this delivery took a month", "logistics", "delivery");
}

TEST(rules_should_read_transit_damage_as_logistics) {
  CHECK_CLASS("Arrived broken, the parcel was thrown around.", "logistics", "Arrived broken");
  CHECK_CLASS("包装破损，外箱都压坏了", "logistics", "包装破损");
  CHECK_CLASS("箱子摔坏了", "logistics", "摔坏了");
  CHECK_CLASS("到貨就壞了", "logistics", "到貨就壞了");
}

TEST(rules_should_prefer_product_quality_when_a_review_blames_both) {
  /* the tie rule: a review that blames the product is not appealable */
  CHECK_CLASS("The courier lost my package and the one I got was defective.", "product_quality", "defective");
  CHECK_CLASS("物流很快，但是用了一周就坏了", "product_quality", "坏了");
  CHECK_CLASS("Arrived broken and it is a counterfeit", "product_quality", "counterfeit");
  /* the earliest keyword of the winning category is the evidence; the longest at one byte */
  CHECK_CLASS("Delayed shipping, and delivery was a mess", "logistics", "Delayed");
  CHECK_CLASS("stopped working, broken", "product_quality", "stopped working");
}

TEST(rules_should_take_any_bytes) {
  size_t at = 1, n = 1;
  CHECK_INT(ls_review_classify(NULL, 5, &at, &n), LS_REVIEW_OTHER);
  CHECK_INT(at, 0);
  CHECK_INT(n, 0);
  CHECK_INT(ls_review_classify("", 0, NULL, NULL), LS_REVIEW_OTHER);
  const char bytes[] = {'\xe5', '\xbf', 'l', 'a', 't', 'e', '\0', '\xff', 'f', 'a', 'k', 'e'};
  /* invalid UTF-8 is no letter: "late" stands alone; the NUL does not end the text */
  CHECK_INT(ls_review_classify(bytes, 6, &at, &n), LS_REVIEW_LOGISTICS);
  CHECK_INT(at, 2);
  CHECK_INT(ls_review_classify(bytes, sizeof bytes, &at, &n), LS_REVIEW_PRODUCT);
  CHECK_INT(at, 8);
  /* a keyword cut by the end of the text is no match */
  CHECK_INT(ls_review_classify("delivere", 7, NULL, NULL), LS_REVIEW_OTHER);
  CHECK_STR(ls_review_cat_name(LS_REVIEW_CAT_COUNT), "?");
}

/* ---- triage ---- */

TEST(triage_should_rate_the_english_fixture_by_week_as_computed_by_hand) {
  ls_workspace *ws = load("reviews_en.csv");
  cJSON *r = triage(ws, NULL);
  /* 30 rows; r28 has no rating: 29 reviews. Rating <= 2: r01 r05 r21 r23 logistics (courier,
   * arrived broken, still waiting, never arrived); r02 r11 r22 r24 product (stopped working,
   * fake, defective beats courier, quality is poor); r12 r13 r14 other (no keyword; "no delay"
   * cleared; "Chocolate" is no "late"). r07 (3, "late") and r06 (5, "slow delivery") are not
   * negative. */
  CHECK_INT(num(r, "total"), 29);
  CHECK_INT(num(r, "negatives"), 11);
  const cJSON *counts = cJSON_GetObjectItemCaseSensitive(r, "counts");
  CHECK_INT(num(counts, "logistics"), 4);
  CHECK_INT(num(counts, "product_quality"), 4);
  CHECK_INT(num(counts, "other"), 3);
  CHECK_INT(num(cJSON_GetObjectItemCaseSensitive(r, "negative_rule"), "at_most"), 2);
  CHECK_STR(str(r, "grain"), "week");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "periods"), 0)), "2026-03-02");
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "periods")), 3);
  /* week of 03-02: 10 reviews, r01 r05 logistics, r02 product: 0.2, 0.1, 0 */
  CHECK_INT(at(r, "reviews", 0), 10);
  CHECK_NUM(rate(r, "logistics", 0), 0.2, 1e-12);
  CHECK_NUM(rate(r, "product_quality", 0), 0.1, 1e-12);
  CHECK_NUM(rate(r, "other", 0), 0.0, 1e-12);
  /* week of 03-09: 10 reviews, r11 product, r12 r13 r14 other: 0, 0.1, 0.3 */
  CHECK_NUM(rate(r, "logistics", 1), 0.0, 1e-12);
  CHECK_NUM(rate(r, "product_quality", 1), 0.1, 1e-12);
  CHECK_NUM(rate(r, "other", 1), 0.3, 1e-12);
  /* week of 03-16: 9 reviews (r28 unrated), r21 r23 logistics, r22 r24 product: 2/9, 2/9, 0 */
  CHECK_INT(at(r, "reviews", 2), 9);
  CHECK_NUM(rate(r, "logistics", 2), 2.0 / 9.0, 1e-12);
  CHECK_NUM(rate(r, "product_quality", 2), 2.0 / 9.0, 1e-12);
  /* items newest first; appeals: the four logistics negatives, newest first */
  const cJSON *items = cJSON_GetObjectItemCaseSensitive(r, "items");
  CHECK_INT(cJSON_GetArraySize(items), 11);
  CHECK_STR(str(cJSON_GetArrayItem(items, 0), "id"), "r24");
  CHECK_STR(str(cJSON_GetArrayItem(items, 10), "id"), "r01");
  const cJSON *appeals = cJSON_GetObjectItemCaseSensitive(r, "appeals");
  CHECK_INT(cJSON_GetArraySize(appeals), 4);
  const cJSON *a = cJSON_GetArrayItem(appeals, 3);
  CHECK_STR(str(a, "order_id"), "o1001");
  CHECK_STR(str(a, "category"), "logistics");
  CHECK_STR(str(a, "reason"), "keyword: courier");
  CHECK_STR(str(a, "evidence"), "The courier was late and the box was crushed"); /* its clause */
  CHECK(!cJSON_GetObjectItemCaseSensitive(a, "source"));
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(triage_should_read_a_ten_point_scale_as_negative_up_to_4) {
  ls_workspace *ws = load("reviews_zh.csv");
  cJSON *r = triage(ws, "{\"grain\": \"month\"}");
  /* largest rating 10 > 5: negative is rating <= 4. January: D2001 快递 (2), D2003 包装破损 (4)
   * logistics; D2002 质量 (3), D2004 坏了 (1, 物流很快 cleared) product; D2005 (4) other;
   * D2006 (5, 物流) is not negative. February: D2016 快遞 (2), D2017 快遞 (3, 品質很好 cleared)
   * logistics; D2018 假貨 (1), D2020 做工 (3) product; D2019 (4, 没有延迟 cleared) other;
   * D2030 (5) is not. 15 reviews each: 2/15, 2/15, 1/15 both months. */
  const cJSON *rule = cJSON_GetObjectItemCaseSensitive(r, "negative_rule");
  CHECK_INT(num(rule, "at_most"), 4);
  CHECK_INT(num(rule, "max_rating"), 10);
  CHECK_INT(num(r, "total"), 30);
  CHECK_INT(num(r, "negatives"), 10);
  for (int p = 0; p < 2; p++) {
    CHECK_INT(at(r, "reviews", p), 15);
    CHECK_NUM(rate(r, "logistics", p), 2.0 / 15.0, 1e-12);
    CHECK_NUM(rate(r, "product_quality", p), 2.0 / 15.0, 1e-12);
    CHECK_NUM(rate(r, "other", p), 1.0 / 15.0, 1e-12);
  }
  const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "appeals"), 3);
  CHECK_STR(str(a, "order_id"), "D2001");
  CHECK_STR(str(a, "reason"), "keyword: 快递");
  CHECK_STR(str(a, "evidence"), "快递太慢了"); /* up to the full-width comma */
  const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "items"), 0);
  CHECK_STR(str(first, "product_id"), "SKU-03");
  CHECK_STR(str(first, "created"), "2026-02-09 14:00");
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(triage_should_take_labels_for_negative_rows_and_refuse_bad_ones) {
  ls_workspace *ws = load("reviews_en.csv");
  /* row 1 is r02 (product by the rules), row 2 r03 (5 stars: ignored), row 99 none (ignored) */
  cJSON *r = triage(ws, "{\"labels\": [{\"row\": 1, \"category\": \"other\", \"reason\": \"r\", \"evidence\": \"e\"},"
                        "{\"row\": 2, \"category\": \"logistics\"}, {\"row\": 99, \"category\": \"logistics\"}]}");
  const cJSON *counts = cJSON_GetObjectItemCaseSensitive(r, "counts");
  CHECK_INT(num(counts, "product_quality"), 3);
  CHECK_INT(num(counts, "other"), 4);
  CHECK_INT(num(counts, "logistics"), 4);
  const cJSON *r02 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "items"), 9);
  CHECK_STR(str(r02, "id"), "r02");
  CHECK_STR(str(r02, "source"), "llm");
  CHECK_STR(str(r02, "reason"), "r");
  cJSON_Delete(r);
  static const char *const bad[] = {"{\"labels\": [{\"row\": 1, \"category\": \"shipping\"}]}",
                                    "{\"labels\": [{\"row\": \"1\", \"category\": \"other\"}]}",
                                    "{\"labels\": [{\"row\": 1.5, \"category\": \"other\"}]}",
                                    "{\"labels\": [{\"row\": 1, \"category\": \"other\", \"reason\": 3}]}",
                                    "{\"labels\": {}}", "{\"grain\": \"hour\"}", "{\"from\": \"March\"}",
                                    "{\"to\": 5}", "[]"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cJSON *j = cJSON_Parse(bad[i]), *out = NULL;
    CHECK_INT(ls_reviews_triage(ws, j, &out), LS_EINVAL);
    CHECK(out == NULL);
    cJSON_Delete(j);
  }
  ls_workspace_free(ws);
}

TEST(triage_should_keep_the_reviews_of_the_window) {
  ls_workspace *ws = load("reviews_en.csv");
  /* 03-09 .. 03-15 included: the second week, 10 reviews, 4 negative */
  cJSON *r = triage(ws, "{\"from\": \"2026-03-09\", \"to\": \"2026-03-15\", \"grain\": \"day\"}");
  CHECK_INT(num(r, "total"), 10);
  CHECK_INT(num(r, "negatives"), 4);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "periods")), 7);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(triage_should_name_the_missing_rating_and_refuse_without_reviews) {
  static const char *const names[] = {"review", "created_at"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_TIME};
  ls_column *col[2];
  ls_table *t = ls_table_new_schema("texts.csv", names, types, 2, 1, col);
  push_str_or_null(col[0], "late again");
  push_time_or_null(col[1], "2026-01-01 10:00");
  ls_workspace *ws = ls_workspace_new();
  cJSON *out = NULL;
  CHECK_INT(ls_reviews_triage(ws, NULL, &out), LS_ENODATA);
  ls_workspace_add(ws, t);
  CHECK_INT(ls_reviews_triage(ws, NULL, &out), LS_EINVAL);
  CHECK_HAS(ls_workspace_errmsg(ws), "no rating column (role score)");
  CHECK_HAS(ls_workspace_errmsg(ws), "texts.csv");
  CHECK(out == NULL);
  ls_workspace_free(ws);
}

TEST(triage_should_count_every_rated_row_without_a_time_column) {
  static const char *const names[] = {"rating", "comment"};
  static const ls_type types[] = {LS_TYPE_INT64, LS_TYPE_STRING};
  ls_column *col[2];
  ls_table *t = ls_table_new_schema("plain.csv", names, types, 2, 3, col);
  /* ratings 1, 5, 2: two negatives, "broken" product and "lost parcel" logistics */
  ls_column_push_i64(col[0], 1);
  push_str_or_null(col[1], "broken");
  ls_column_push_i64(col[0], 5);
  push_str_or_null(col[1], "great");
  ls_column_push_i64(col[0], 2);
  push_str_or_null(col[1], "lost parcel");
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  cJSON *r = triage(ws, NULL);
  CHECK_INT(num(r, "total"), 3);
  CHECK_INT(num(r, "negatives"), 2);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "periods")), 0);
  const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "items"), 0);
  CHECK_INT(num(first, "row"), 2); /* no time: the last row first */
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(first, "created")));
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(first, "order_id")));
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(rules_should_match_english_keywords_as_whole_words_in_any_case);
  RUN(rules_should_read_simplified_and_traditional_chinese);
  RUN(rules_should_not_count_keywords_inside_clearing_phrases);
  RUN(rules_should_read_transit_damage_as_logistics);
  RUN(rules_should_prefer_product_quality_when_a_review_blames_both);
  RUN(rules_should_take_any_bytes);
  RUN(triage_should_rate_the_english_fixture_by_week_as_computed_by_hand);
  RUN(triage_should_read_a_ten_point_scale_as_negative_up_to_4);
  RUN(triage_should_take_labels_for_negative_rows_and_refuse_bad_ones);
  RUN(triage_should_keep_the_reviews_of_the_window);
  RUN(triage_should_name_the_missing_rating_and_refuse_without_reviews);
  RUN(triage_should_count_every_rated_row_without_a_time_column);
  return check_done();
}
