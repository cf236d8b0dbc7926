/* test_gen_reviews.c: the demo's reviews.csv (core/gen/gen_reviews.c): about
 * 4,000 reviews of charges that went through, after them and before the
 * as-of instant, 15% negative, Chinese for customers in CN and TW only,
 * read as a reviews dataset, and a courier backlog in the last three weeks
 * that the triage's logistics rate shows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assist/reviews.h"
#include "base/alloc.h"
#include "base/dict.h"
#include "check.h"
#include "gen/gen.h"
#include "json_get.h"
#include "workspace/workspace.h"

#define DAY INT64_C(86400000)

static ls_table *t[LS_GEN_TABLES];
static ls_gen_options o;

static const char *cell(const ls_column *c, size_t i) { return ls_column_str(c, i, NULL); }

static int has_high_byte(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80) return 1;
  return 0;
}

TEST(reviews_should_number_about_four_thousand_with_fifteen_percent_negative) {
  const ls_table *r = t[LS_GEN_REVIEWS];
  size_t n = ls_table_rows(r), neg = 0, before = 0;
  const ls_column *rating = ls_table_find(r, "rating"), *at = ls_table_find(r, "created_at");
  int64_t spike = o.start + (int64_t)o.days * DAY - 21 * DAY;
  for (size_t i = 0; i < n; i++) {
    if (ls_column_i64(at)[i] >= spike) continue;
    before++;
    neg += ls_column_i64(rating)[i] <= 2;
    CHECK(ls_column_i64(rating)[i] >= 1 && ls_column_i64(rating)[i] <= 5);
  }
  CHECK(n >= 3600 && n <= 4400);
  /* before the backlog: 8% + 7% of ratings are 1 or 2 */
  CHECK(neg * 100 >= before * 13 && neg * 100 <= before * 17);
}

TEST(reviews_should_review_charges_that_went_through_after_them) {
  const ls_table *r = t[LS_GEN_REVIEWS], *p = t[LS_GEN_PAYMENTS];
  const ls_column *pid = ls_table_find(p, "id"), *pst = ls_table_find(p, "Status");
  const ls_column *pat = ls_table_find(p, "Created (UTC)"), *pcust = ls_table_find(p, "Customer ID");
  const ls_column *order = ls_table_find(r, "order_id"), *at = ls_table_find(r, "created_at");
  const ls_column *cust = ls_table_find(r, "customer_id"), *id = ls_table_find(r, "review_id");
  /* payment row of each id: ids are distinct, so the dictionary id is the row's */
  size_t np = ls_table_rows(p);
  size_t *row_of = ls_malloc(np * sizeof *row_of);
  for (size_t i = 0; i < np; i++) row_of[ls_column_str_ids(pid)[i]] = i;
  int64_t asof = o.start + (int64_t)o.days * DAY, prev = INT64_MIN;
  int bad = 0;
  for (size_t i = 0; i < ls_table_rows(r); i++) {
    const char *oid = cell(order, i);
    int32_t k = ls_dict_find(ls_column_dict(pid), oid, strlen(oid));
    if (k < 0) {
      bad++;
      continue;
    }
    size_t j = row_of[k];
    int64_t when = ls_column_i64(at)[i];
    bad += strcmp(cell(pst, j), "failed") == 0;
    bad += when < ls_column_i64(pat)[j] + DAY || when >= ls_column_i64(pat)[j] + 14 * DAY || when >= asof;
    bad += strcmp(cell(pcust, j), cell(cust, i)) != 0;
    bad += when < prev || strncmp(cell(id, i), "rv_", 3) != 0;
    prev = when;
  }
  CHECK_INT(bad, 0);
  CHECK_INT(ls_dict_size(ls_column_dict(id)), ls_table_rows(r)); /* review ids are distinct */
  ls_free(row_of);
}

TEST(reviews_should_be_chinese_for_customers_in_cn_and_tw_only) {
  const ls_table *r = t[LS_GEN_REVIEWS], *c = t[LS_GEN_CUSTOMERS];
  const ls_column *text = ls_table_find(r, "review"), *cust = ls_table_find(r, "customer_id");
  const ls_column *cid = ls_table_find(c, "customer_id"), *country = ls_table_find(c, "country");
  int bad = 0, chinese = 0;
  for (size_t i = 0; i < ls_table_rows(r); i++) {
    const char *u = cell(cust, i);
    /* customer ids count up from usr_000001 in row order */
    size_t row = (size_t)atol(u + 4) - 1;
    bad += strcmp(cell(cid, row), u) != 0;
    const char *co = cell(country, row);
    int zh = strcmp(co, "CN") == 0 || strcmp(co, "TW") == 0;
    bad += has_high_byte(cell(text, i)) != zh;
    chinese += zh;
  }
  CHECK_INT(bad, 0);
  CHECK(chinese > 100);
}

TEST(reviews_should_be_read_as_a_reviews_dataset_with_its_roles) {
  ls_detection d;
  ls_detect(t[LS_GEN_REVIEWS], &d);
  CHECK_STR(ls_kind_name(d.kind), "reviews");
  /* review_id, order_id, product_id (plan), customer_id (user), rating, review, created_at */
  static const ls_role roles[] = {LS_ROLE_ID,    LS_ROLE_ORDER_ID,    LS_ROLE_PLAN,     LS_ROLE_USER,
                                  LS_ROLE_SCORE, LS_ROLE_REVIEW_TEXT, LS_ROLE_TIMESTAMP};
  for (int k = 0; k < 7; k++) CHECK_INT(d.col[roles[k]], k);
}

TEST(reviews_should_show_the_courier_backlog_in_the_last_three_weeks) {
  ls_workspace *ws = ls_workspace_new();
  for (int i = 0; i < LS_GEN_TABLES; i++) {
    ls_workspace_add(ws, t[i]);
    t[i] = NULL; /* the workspace owns them now */
  }
  cJSON *r = NULL;
  CHECK_INT(ls_reviews_triage(ws, NULL, &r), LS_OK);
  const cJSON *rate = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "rate"), "logistics");
  const cJSON *reviews = cJSON_GetObjectItemCaseSensitive(r, "reviews");
  int n = cJSON_GetArraySize(rate);
  /* the last three weekly rates against the mean rate of the weeks before (those with 50 reviews
   * or more): the backlog adds 30% of reviews as logistics complaints to about 5% */
  double before = 0;
  int weeks = 0;
  for (int p = 0; p < n - 4; p++) {
    if (cJSON_GetArrayItem(reviews, p)->valuedouble < 50) continue;
    before += cJSON_GetArrayItem(rate, p)->valuedouble;
    weeks++;
  }
  before /= weeks;
  CHECK(before > 0.02 && before < 0.09);
  for (int p = n - 3; p < n; p++) CHECK(cJSON_GetArrayItem(rate, p)->valuedouble > 3 * before);
  const cJSON *counts = cJSON_GetObjectItemCaseSensitive(r, "counts");
  CHECK(num(counts, "product_quality") > 100 && num(counts, "other") > 50);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  ls_gen_defaults(&o);
  if (ls_gen(&o, t) != LS_OK) return 1;
  RUN(reviews_should_number_about_four_thousand_with_fifteen_percent_negative);
  RUN(reviews_should_review_charges_that_went_through_after_them);
  RUN(reviews_should_be_chinese_for_customers_in_cn_and_tw_only);
  RUN(reviews_should_be_read_as_a_reviews_dataset_with_its_roles);
  RUN(reviews_should_show_the_courier_backlog_in_the_last_three_weeks);
  for (int i = 0; i < LS_GEN_TABLES; i++) ls_table_free(t[i]);
  return check_done();
}
