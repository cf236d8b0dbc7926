/* test_synonyms.c: the offline assistant's matcher (assist/offline.h,
 * assist/synonyms.h): the questions people ask in English, simplified and
 * traditional Chinese, each with the metric it names; whole words for ASCII,
 * substrings for Chinese, the longer word over the shorter one inside it;
 * dimensions; and questions that name nothing. */
#include <stdint.h>

#include "assist/offline.h"
#include "assist/synonyms.h"
#include "catalog/catalog.h"
#include "check.h"
#include "rng.h"

/* The best metric question names, or "" when none. */
static const char *best(const char *question) {
  ls_assist_match m[4];
  return ls_assist_match_metrics(question, m, 4) ? m[0].metric : "";
}

#define CHECK_BEST(question, want)                                                        \
  do {                                                                                    \
    const char *got_ = best(question);                                                    \
    if (strcmp(got_, want) != 0) CHECK_FAIL_("\"%s\" matched %s, expected %s", question, got_, want); \
  } while (0)

TEST(the_questions_of_the_issue_should_name_their_metric) {
  CHECK_BEST("What is our churn rate? Should we worry?", "customer_churn_rate");
  CHECK_BEST("哪个渠道的转化最好？", "trial_conversion_rate");
  CHECK_BEST("MRR", "mrr");
  CHECK_BEST("月经常性收入是多少", "mrr");
  CHECK_BEST("日活", "dau");
  CHECK_BEST("DAU last week", "dau");
  CHECK_BEST("轉換率", "trial_conversion_rate");
}

TEST(english_questions_should_name_their_metric) {
  CHECK_BEST("how much monthly recurring revenue do we have", "mrr");
  CHECK_BEST("What's our ARR?", "arr");
  CHECK_BEST("customer churn last month", "customer_churn_rate");
  CHECK_BEST("what is the MRR churn", "gross_mrr_churn_rate");
  CHECK_BEST("net revenue retention", "nrr");
  CHECK_BEST("How is retention doing?", "nrr");
  CHECK_BEST("daily active users", "dau");
  CHECK_BEST("weekly active", "wau");
  CHECK_BEST("How many monthly actives?", "mau");
  CHECK_BEST("trial conversion rate by month", "trial_conversion_rate");
  CHECK_BEST("Which channel converts best?", "trial_conversion_rate");
  CHECK_BEST("GMV this month", "gmv");
  CHECK_BEST("how many orders did we get", "orders");
  CHECK_BEST("average order value", "aov");
  CHECK_BEST("refund rate", "refund_rate_orders");
  CHECK_BEST("what is our LTV", "ltv");
  CHECK_BEST("customer acquisition cost", "cac");
  CHECK_BEST("LTV:CAC", "ltv_cac");
  CHECK_BEST("error rate yesterday", "error_rate");
  CHECK_BEST("p95 latency", "p95");
  CHECK_BEST("what's the success rate", "task_success_rate");
  CHECK_BEST("sessions per user", "sessions_per_user");
  CHECK_BEST("How many sessions", "sessions");
  CHECK_BEST("stickiness", "stickiness");
  CHECK_BEST("DAU/MAU", "stickiness");
  CHECK_BEST("new users this week", "new_users");
  CHECK_BEST("quick ratio", "quick_ratio");
  CHECK_BEST("expansion MRR", "expansion_mrr");
  CHECK_BEST("net new MRR", "net_new_mrr");
  CHECK_BEST("renewal rate", "renewal_rate");
  CHECK_BEST("customer_churn_rate", "customer_churn_rate");
  CHECK_BEST("session_duration_median", "session_duration_median");
}

TEST(chinese_questions_should_name_their_metric) {
  /* simplified */
  CHECK_BEST("我们的流失率是多少？", "customer_churn_rate");
  CHECK_BEST("客户流失严重吗", "customer_churn_rate");
  CHECK_BEST("月度经常性收入", "mrr");
  CHECK_BEST("年经常性收入是多少", "arr");
  CHECK_BEST("日活跃用户", "dau");
  CHECK_BEST("周活", "wau");
  CHECK_BEST("月活多少", "mau");
  CHECK_BEST("转化率", "trial_conversion_rate");
  CHECK_BEST("成交额", "gmv");
  CHECK_BEST("订单数", "orders");
  CHECK_BEST("退款率高吗", "refund_rate_orders");
  CHECK_BEST("生命周期价值", "ltv");
  CHECK_BEST("获客成本", "cac");
  CHECK_BEST("净收入留存", "nrr");
  CHECK_BEST("留存怎么样", "nrr");
  CHECK_BEST("错误率", "error_rate");
  CHECK_BEST("延迟", "p95");
  CHECK_BEST("成功率", "task_success_rate");
  CHECK_BEST("会话数", "sessions");
  CHECK_BEST("用户粘性", "stickiness");
  CHECK_BEST("客单价", "aov");
  CHECK_BEST("复购率", "repurchase_rate");
  CHECK_BEST("营收", "mrr");
  /* traditional */
  CHECK_BEST("月經常性收入", "mrr");
  CHECK_BEST("日活躍用戶", "dau");
  CHECK_BEST("客戶流失", "customer_churn_rate");
  CHECK_BEST("成交額", "gmv");
  CHECK_BEST("訂單", "orders");
  CHECK_BEST("錯誤率", "error_rate");
  CHECK_BEST("延遲", "p95");
  CHECK_BEST("獲客成本", "cac");
  CHECK_BEST("續費率", "renewal_rate");
  CHECK_BEST("會話時長", "session_duration");
}

TEST(ascii_words_should_match_whole_words_only) {
  CHECK_BEST("arrive", "");
  CHECK_BEST("we arrived early", "");
  CHECK_BEST("marrow", "");
  CHECK_BEST("mrrr", "");
  CHECK_BEST("daudio", "");
  CHECK_BEST("ARR", "arr");
  CHECK_BEST("arr?", "arr");
  CHECK_BEST("(mrr)", "mrr");
  /* next to Chinese is a word boundary */
  CHECK_BEST("MRR是多少", "mrr");
  CHECK_BEST("这个月的DAU", "dau");
  /* separators: a space in a word matches any run of spaces, '_' or '-' */
  CHECK_BEST("churn   rate", "customer_churn_rate");
  CHECK_BEST("daily-active users", "dau");
}

TEST(case_should_be_ignored_on_ascii) {
  CHECK_BEST("mrr", "mrr");
  CHECK_BEST("Mrr", "mrr");
  CHECK_BEST("CHURN", "customer_churn_rate");
  CHECK_BEST("GmV", "gmv");
}

TEST(a_longer_word_should_win_over_a_shorter_one_inside_it) {
  ls_assist_match m[8];
  /* 收入 (revenue) lies inside 月经常性收入: only MRR is named */
  size_t n = ls_assist_match_metrics("月经常性收入", m, 8);
  CHECK_INT(n, 1);
  CHECK(n >= 1 && strcmp(m[0].synonym, "月经常性收入") == 0);
  /* 6 Chinese characters, 2 each */
  CHECK(n >= 1 && m[0].score == 12);
  /* "order" inside "average order value": AOV only */
  n = ls_assist_match_metrics("average order value", m, 8);
  CHECK_INT(n, 1);
  CHECK(n >= 1 && strcmp(m[0].metric, "aov") == 0);
  /* "churn" inside "mrr churn", and "mrr" too */
  n = ls_assist_match_metrics("mrr churn", m, 8);
  CHECK_INT(n, 1);
  CHECK(n >= 1 && strcmp(m[0].metric, "gross_mrr_churn_rate") == 0);
  /* 日活 inside 日活跃用户 */
  n = ls_assist_match_metrics("日活跃用户", m, 8);
  CHECK_INT(n, 1);
  CHECK(n >= 1 && strcmp(m[0].synonym, "日活跃用户") == 0 && m[0].score == 10);
}

TEST(a_word_naming_several_metrics_should_keep_the_table_order) {
  ls_assist_match m[8];
  /* "revenue": MRR first, then GMV, at the same score (7 ASCII bytes) */
  size_t n = ls_assist_match_metrics("revenue", m, 8);
  CHECK_INT(n, 2);
  CHECK(n == 2 && strcmp(m[0].metric, "mrr") == 0 && strcmp(m[1].metric, "gmv") == 0);
  CHECK(n == 2 && m[0].score == 7 && m[1].score == 7);
}

TEST(two_metrics_in_one_question_should_both_be_listed_best_first) {
  ls_assist_match m[8];
  /* "churn rate" scores 10, "MRR" 3 */
  size_t n = ls_assist_match_metrics("MRR and churn rate", m, 8);
  CHECK_INT(n, 2);
  CHECK(n == 2 && strcmp(m[0].metric, "customer_churn_rate") == 0 && m[0].score == 10);
  CHECK(n == 2 && strcmp(m[1].metric, "mrr") == 0 && m[1].score == 3);
  /* max caps the list */
  CHECK_INT(ls_assist_match_metrics("MRR and churn rate", m, 1), 1);
  CHECK_INT(ls_assist_match_metrics("MRR and churn rate", m, 0), 0);
}

TEST(questions_naming_nothing_should_match_nothing) {
  CHECK_BEST("hello", "");
  CHECK_BEST("", "");
  CHECK_BEST("你好", "");
  CHECK_BEST("   ", "");
  ls_assist_match m[4];
  CHECK_INT(ls_assist_match_metrics(NULL, m, 4), 0);
  CHECK(ls_assist_match_dimension(NULL) == NULL);
  CHECK(ls_assist_match_dimension("hello") == NULL);
}

TEST(random_bytes_should_never_crash_the_matcher) {
  static char buf[4097];
  for (int round = 0; round < 20; round++) {
    for (size_t i = 0; i < 4096; i++) buf[i] = (char)(rnd() % 255 + 1);
    buf[4096] = '\0';
    ls_assist_match m[8];
    size_t n = ls_assist_match_metrics(buf, m, 8);
    CHECK(n <= 8);
    for (size_t i = 0; i < n; i++) CHECK(ls_catalog_find(m[i].metric) != NULL);
    (void)ls_assist_match_dimension(buf);
  }
}

TEST(dimensions_should_be_named_in_both_languages) {
  CHECK(strcmp(ls_assist_match_dimension("哪个渠道的转化最好？"), "channel") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪個來源最好"), "channel") == 0);
  CHECK(strcmp(ls_assist_match_dimension("which channel is best"), "channel") == 0);
  CHECK(strcmp(ls_assist_match_dimension("MRR by plan"), "plan") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪个套餐收入最高"), "plan") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪個方案最差"), "plan") == 0);
  CHECK(strcmp(ls_assist_match_dimension("churn by country"), "country") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪个国家流失最高"), "country") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪個國家"), "country") == 0);
  CHECK(strcmp(ls_assist_match_dimension("各地区"), "country") == 0);
  CHECK(strcmp(ls_assist_match_dimension("which segment is worst"), "segment") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪个客群"), "segment") == 0);
  CHECK(strcmp(ls_assist_match_dimension("best campaign"), "campaign") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪个广告系列"), "campaign") == 0);
  CHECK(strcmp(ls_assist_match_dimension("sales by region"), "region") == 0);
  CHECK(strcmp(ls_assist_match_dimension("哪个区域"), "region") == 0);
  /* whole words: "planet" names no plan */
  CHECK(ls_assist_match_dimension("planet") == NULL);
}

/* The script of a word: any byte past ASCII is Chinese. */
static int ascii_only(const char *w) {
  for (; *w; w++)
    if ((unsigned char)*w >= 0x80) return 0;
  return 1;
}

TEST(every_catalog_metric_should_have_english_simplified_and_traditional_words) {
  size_t n;
  const ls_synonym *s = ls_assist_metric_synonyms(&n);
  for (size_t i = 0; i < ls_catalog_count(); i++) {
    const char *name = ls_catalog_at(i)->name;
    int en = 0, hans = 0, hant = 0;
    for (size_t k = 0; k < n; k++) {
      if (strcmp(s[k].target, name) != 0) continue;
      en |= s[k].lang == LS_SYN_EN;
      hans |= s[k].lang == LS_SYN_HANS || s[k].lang == LS_SYN_HAN;
      hant |= s[k].lang == LS_SYN_HANT || s[k].lang == LS_SYN_HAN;
    }
    if (!en || !hans || !hant) CHECK_FAIL_("%s: English %d, simplified %d, traditional %d", name, en, hans, hant);
  }
  /* every word names a catalog metric, its script as tagged */
  for (size_t k = 0; k < n; k++) {
    if (!ls_catalog_find(s[k].target)) CHECK_FAIL_("word \"%s\" names no metric %s", s[k].word, s[k].target);
    if ((s[k].lang == LS_SYN_EN) != ascii_only(s[k].word)) CHECK_FAIL_("word \"%s\" tagged wrong", s[k].word);
  }
}

TEST(find_word_should_report_where_the_word_is) {
  size_t at = 0, end = 0;
  const char *t = "our ARR, not arrive";
  CHECK(ls_assist_find_word(t, strlen(t), 0, "arr", &at, &end));
  CHECK_INT(at, 4);
  CHECK_INT(end, 7);
  CHECK(!ls_assist_find_word(t, strlen(t), 5, "arr", &at, &end));
  /* 流失 is 6 bytes at byte 6 of 客户流失率 (客户: 6 bytes) */
  t = "客户流失率";
  CHECK(ls_assist_find_word(t, strlen(t), 0, "流失", &at, &end));
  CHECK_INT(at, 6);
  CHECK_INT(end, 12);
  CHECK_INT(ls_assist_word_weight("churn rate"), 10);
  CHECK_INT(ls_assist_word_weight("流失率"), 6);
  CHECK_INT(ls_assist_word_weight("新增mrr"), 7);
}

int main(void) {
  RUN(the_questions_of_the_issue_should_name_their_metric);
  RUN(english_questions_should_name_their_metric);
  RUN(chinese_questions_should_name_their_metric);
  RUN(ascii_words_should_match_whole_words_only);
  RUN(case_should_be_ignored_on_ascii);
  RUN(a_longer_word_should_win_over_a_shorter_one_inside_it);
  RUN(a_word_naming_several_metrics_should_keep_the_table_order);
  RUN(two_metrics_in_one_question_should_both_be_listed_best_first);
  RUN(questions_naming_nothing_should_match_nothing);
  RUN(random_bytes_should_never_crash_the_matcher);
  RUN(dimensions_should_be_named_in_both_languages);
  RUN(every_catalog_metric_should_have_english_simplified_and_traditional_words);
  RUN(find_word_should_report_where_the_word_is);
  return check_done();
}
