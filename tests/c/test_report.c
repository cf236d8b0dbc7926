/* test_report.c: the daily, weekly and monthly reports (core/report).
 *
 * The weekly report of the demo seed (ls_gen defaults: seed 42, 10,000
 * users, 365 days from 2025-11-01, so the data ends 2026-10-31 and the last
 * complete ISO week is 2026-10-19 .. 2026-10-25) is compared byte for byte
 * with tests/c/golden/report_weekly.md and .html. Set LS_UPDATE_GOLDEN=1 to
 * rewrite them (then read them again by hand).
 *
 * Checked by hand in the goldens against `lodestar metric NAME --grain week`
 * on the demo CSVs (lodestar gen --out DIR):
 *   mrr 2026-10-19 58496.333, 2026-10-12 56878: "$58,496", "$56,878", change
 *     (58496.333 - 56878) / 56878 = 1618.333 / 56878 = 2.845% -> "▲ 2.8%";
 *   net_new_mrr 1618.333 = new 1798.333 + expansion 227 + reactivation 38
 *     - contraction 58 - churned 387 (1798.333 + 227 + 38 - 58 - 387 =
 *     1618.333), the bridge rows "+$1,798", "+$227", "+$38", "-$58", "-$387",
 *     "+$1,618"; and 56878 + 1618.333 = 58496.333, the MRR's end;
 *   task_success_rate 0.938736 (prev 0.947974): "93.9%", "94.8%", change
 *     (0.938736 - 0.947974) x 100 = -0.92 points -> "▼ 0.9 pp"; under 0.95,
 *     so the task-success recommendation fires with "93.9%; threshold 95.0%";
 *   p95 --property latency_ms 441 (prev 472.1): change -31.1 / 472.1 =
 *     -6.59% -> "▼ 6.6%";
 *   gmv 17360 (prev 15767): 1593 / 15767 = 10.10% -> "▲ 10.1%";
 *   mrr_by_plan Pro 29906.333 -> "$29,906", Team 21750, Basic 6840;
 *   LTV:CAC is monthly: the last month ending by 2026-10-26 is September;
 *   trials_started 41 (prev 25): "▲ 64.0%" (16 / 25);
 *   the top mover failures 220 (prev 181, test_insights.c ranks the movers):
 *     "▲ 21.5%" (39 / 181); its contributors by plan: Team 172 -> 211 (+39),
 *     Pro 8 -> 9 (+1), free 1 -> 0 (-1), shares 39/39 = 100.0%, 1/39 = 2.6%,
 *     -1/39 = -2.6%, adding up to 100%;
 *   ltv_cac --grain month 2026-09 51.059, 2026-08 52.981: "51.06x",
 *     "52.98x", -1.922 / 52.981 = -3.63% -> "▼ 3.6%"; over 3, no advice;
 *   the entity alerts of campaign-roas (roas < 2) at 2026-10-25 23:00:
 *     linkedin_inmail revenue 3.83 / spend 1.94 = 1.974 -> "roas 1.97". */
#include <stdlib.h>

#include "base/alloc.h"
#include "check.h"
#include "gen_fixture.h"
#include "report/report.h"
#include "report/report_internal.h"
#include "revenue_fixture.h"

static ls_workspace *demo;

/* ---- helpers ---- */

static char *report(ls_workspace *ws, ls_report_period p, ls_report_format f, const char *lang, const char *rules) {
  char *out = NULL;
  ls_status st = ls_report(ws, p, INT64_MIN, rules, f, lang, &out);
  if (st != LS_OK) CHECK_FAIL_("ls_report: %s: %s", ls_status_name(st), ls_workspace_errmsg(ws));
  return out;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (s) s[n] = '\0';
  fclose(f);
  return s;
}

/* text equals the golden file name (or rewrites it under LS_UPDATE_GOLDEN) */
static void check_golden(const char *text, const char *name) {
  const char *dir = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/tests/c/golden/%s", dir ? dir : ".", name);
  if (getenv("LS_UPDATE_GOLDEN")) {
    FILE *f = fopen(path, "wb");
    if (f) fputs(text, f), fclose(f);
  }
  char *want = slurp(path);
  if (!want) {
    CHECK_FAIL_("cannot read %s (set LS_SOURCE_DIR)", path);
    return;
  }
  if (strcmp(text, want) != 0) {
    size_t i = 0;
    while (text[i] && text[i] == want[i]) i++;
    CHECK_FAIL_("%s differs at byte %zu: got \"%.60s\", want \"%.60s\"", name, i, text + i, want + i);
  }
  free(want);
}

#define CHECK_LACKS(text, part) CHECK((text) && strstr((text), (part)) == NULL)

/* ---- number formats ---- */

TEST(formats_should_write_each_unit) {
  char b[RP_NUM];
  int dir;
  /* grouped, no cents from 100 up: 58496.333 -> 58,496 */
  CHECK(strcmp(rp_fmt(58496.333, "currency", "USD", RP_EN, b), "$58,496") == 0);
  CHECK(strcmp(rp_fmt(48.025, "currency", "USD", RP_EN, b), "$48.03") == 0 ||
        strcmp(b, "$48.02") == 0); /* 48.025 is not exact in binary */
  CHECK(strcmp(rp_fmt(-387, "currency", "CNY", RP_EN, b), "-¥387") == 0);
  CHECK(strcmp(rp_fmt(1234567, "currency", "SEK", RP_EN, b), "1,234,567 SEK") == 0);
  CHECK(strcmp(rp_fmt(0.938736, "ratio", "", RP_EN, b), "93.9%") == 0);
  CHECK(strcmp(rp_fmt(2.5, "multiple", "", RP_EN, b), "2.50x") == 0);
  CHECK(strcmp(rp_fmt(8.25, "months", "", RP_ZH_CN, b), "8.2 个月") == 0 || strcmp(b, "8.3 个月") == 0);
  CHECK(strcmp(rp_fmt(12000, "count", "", RP_EN, b), "12,000") == 0);
  CHECK(strcmp(rp_fmt(NAN, "count", "", RP_EN, b), "—") == 0);
  /* (58496.333 - 56878) / 56878 = 2.845% */
  CHECK(strcmp(rp_fmt_change(58496.333, 56878, "currency", b, &dir), "▲ 2.8%") == 0);
  CHECK_INT(dir, 1);
  /* ratios change in points: (0.938736 - 0.947974) x 100 = -0.92 */
  CHECK(strcmp(rp_fmt_change(0.938736, 0.947974, "ratio", b, &dir), "▼ 0.9 pp") == 0);
  CHECK_INT(dir, -1);
  CHECK(strcmp(rp_fmt_change(5, 0, "count", b, &dir), "—") == 0);
  CHECK(strcmp(rp_fmt_change(5, 5, "count", b, &dir), "= 0%") == 0);
  CHECK_INT(dir, 0);
}

TEST(escapes_should_neutralise_markup) {
  rp_buf b = {0};
  rp_put_html(&b, "<script>\"a\"&'b'</script>");
  CHECK(b.s && strcmp(b.s, "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;") == 0);
  ls_free(b.s);
  rp_buf m = {0};
  /* latency_ms keeps its inner underscore; _x_ and the table bar do not */
  rp_put_md(&m, "a|b *c* _x_ latency_ms <i>\nz");
  CHECK(m.s && strcmp(m.s, "a\\|b \\*c\\* \\_x\\_ latency_ms \\<i\\> z") == 0);
  ls_free(m.s);
}

/* every metric name of the report is the page's (web/i18n), in each language,
 * and the page names no metric the report lacks */
TEST(metric_labels_should_be_the_pages) {
  static const char *const langs[RP_LANGS] = {"en", "zh-CN", "zh-TW"};
  const char *dir = getenv("LS_SOURCE_DIR");
  for (int l = 0; l < RP_LANGS; l++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/web/i18n/%s.js", dir ? dir : ".", langs[l]);
    char *js = slurp(path);
    if (!js) {
      CHECK_FAIL_("cannot read %s (set LS_SOURCE_DIR)", path);
      continue;
    }
    for (size_t i = 0; i < rp_metric_label_count(); i++) {
      const char *metric, *label = rp_metric_label_at(i, l, &metric);
      char want[512];
      snprintf(want, sizeof want, "'metric.%s.label': '%s'", metric, label);
      if (!strstr(js, want)) CHECK_FAIL_("%s lacks %s", path, want);
    }
    size_t n = 0;
    for (const char *p = js; (p = strstr(p, "\n  'metric.")) != NULL; p++) {
      const char *end = strchr(p + 12, '\'');
      if (end && end - p > 6 && strncmp(end - 6, ".label", 6) == 0) n++;
    }
    CHECK_INT(n, rp_metric_label_count());
    free(js);
  }
}

/* ---- the demo ---- */

TEST(weekly_demo_report_should_match_its_goldens) {
  char *md = report(demo, LS_REPORT_WEEKLY, LS_REPORT_MD, "en", NULL);
  char *html = report(demo, LS_REPORT_WEEKLY, LS_REPORT_HTML, "en", NULL);
  if (md) check_golden(md, "report_weekly.md");
  if (html) check_golden(html, "report_weekly.html");
  /* the hand-checked numbers of the header comment */
  CHECK_HAS(md, "# Weekly report · 2026-10-19 – 2026-10-25");
  CHECK_HAS(md, "| MRR | $58,496 | $56,878 | ▲ 2.8% |");
  CHECK_HAS(md, "| Net new MRR | +$1,618 |");
  CHECK_HAS(md, "| Churned | -$387 |");
  CHECK_HAS(md, "| Task success rate | 93.9% | 94.8% | ▼ 0.9 pp |");
  CHECK_HAS(md, "| GMV | $17,360 | $15,767 | ▲ 10.1% |");
  CHECK_HAS(md, "93.9%; threshold 95.0%");
  CHECK_HAS(md, "| LTV:CAC (month) | 51.06x | 52.98x | ▼ 3.6% |");
  CHECK_HAS(md, "| P2 | campaign-roas | linkedin_inmail: roas \\< 2 | 2026-10-25 23:00 | roas 1.97 |");
  /* no markup: every < of the Markdown is escaped (an entity rule's "roas < 2") */
  for (const char *p = md ? strchr(md, '<') : NULL; p; p = strchr(p + 1, '<'))
    if (p == md || p[-1] != '\\') CHECK_FAIL_("a bare < at byte %td", p - md);
  ls_free(md);
  ls_free(html);
}

TEST(html_should_be_self_contained) {
  char *html = report(demo, LS_REPORT_WEEKLY, LS_REPORT_HTML, "en", NULL);
  CHECK_LACKS(html, "<script");
  CHECK_LACKS(html, "http://");
  CHECK_LACKS(html, "https://");
  CHECK_LACKS(html, "src=");
  CHECK_LACKS(html, "<link");
  CHECK_HAS(html, "@page");
  CHECK_HAS(html, "break-inside:avoid");
  CHECK_HAS(html, "<svg class=\"spark\"");
  CHECK_HAS(html, "<svg class=\"bridge\"");
  static const char *const ids[] = {"kpis", "bridge", "plans", "users", "funnels", "incidents", "movers", "recs"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    char want[64];
    snprintf(want, sizeof want, "<section id=\"%s\">", ids[i]);
    CHECK_HAS(html, want);
  }
  ls_free(html);
}

TEST(each_language_should_render) {
  static const struct {
    const char *lang, *title, *kpis;
  } t[] = {{"en", "Weekly report", "Key metrics"}, {"zh-CN", "周报", "关键指标"}, {"zh-TW", "週報", "關鍵指標"}};
  for (size_t i = 0; i < 3; i++) {
    char *md = report(demo, LS_REPORT_WEEKLY, LS_REPORT_MD, t[i].lang, NULL);
    char *html = report(demo, LS_REPORT_WEEKLY, LS_REPORT_HTML, t[i].lang, NULL);
    CHECK_HAS(md, t[i].title);
    CHECK_HAS(md, t[i].kpis);
    CHECK_HAS(html, t[i].kpis);
    char want[32];
    snprintf(want, sizeof want, "<html lang=\"%s\">", t[i].lang);
    CHECK_HAS(html, want);
    ls_free(md);
    ls_free(html);
  }
  char *out = NULL;
  CHECK_INT(ls_report(demo, LS_REPORT_WEEKLY, INT64_MIN, NULL, LS_REPORT_MD, "fr", &out), LS_EINVAL);
  CHECK(out == NULL);
}

TEST(daily_and_monthly_should_cover_their_period) {
  /* the data's last day is 2026-10-31: that day, and October */
  char *d = report(demo, LS_REPORT_DAILY, LS_REPORT_MD, "en", NULL);
  char *m = report(demo, LS_REPORT_MONTHLY, LS_REPORT_MD, "en", NULL);
  CHECK_HAS(d, "# Daily report · 2026-10-31\n");
  CHECK_HAS(m, "# Monthly report · 2026-10-01 – 2026-10-31\n");
  CHECK_HAS(m, "## Revenue bridge");
  /* LTV:CAC is monthly: no "(month)" note in a monthly report */
  CHECK_HAS(m, "| LTV:CAC |");
  ls_free(d);
  ls_free(m);
  /* --at: the week ending by 2026-10-12 00:00 is 2026-10-05 .. 2026-10-11 */
  char *out = NULL;
  int64_t at;
  ls_time_parse("2026-10-12", 10, &at);
  CHECK_INT(ls_report(demo, LS_REPORT_WEEKLY, at, NULL, LS_REPORT_MD, "en", &out), LS_OK);
  CHECK_HAS(out, "# Weekly report · 2026-10-05 – 2026-10-11\n");
  /* mrr 2026-10-05 is 54610.5 (lodestar metric mrr --grain week) */
  CHECK_HAS(out, "| MRR | $54,610 |");
  ls_free(out);
}

TEST(rules_should_name_the_funnels_and_bad_rules_fail) {
  const char *rules = "{\"rules\":[],\"report\":{\"funnels\":[{\"steps\":[\"signup\",\"upgrade\"],\"window\":\"7d\"}]}}";
  char *md = report(demo, LS_REPORT_WEEKLY, LS_REPORT_MD, "en", rules);
  CHECK_HAS(md, "**signup → upgrade**");
  CHECK_HAS(md, "window 7 days");
  CHECK_LACKS(md, "resume_scan →");
  ls_free(md);
  char *out = NULL;
  CHECK_INT(ls_report(demo, LS_REPORT_WEEKLY, INT64_MIN, "{not json", LS_REPORT_MD, "en", &out), LS_EPARSE);
  CHECK(out == NULL);
  CHECK_INT(ls_report(demo, LS_REPORT_WEEKLY, INT64_MIN, "{\"rules\":[],\"report\":{\"funnels\":[{\"steps\":[\"x\"]}]}}",
                      LS_REPORT_MD, "en", &out),
            LS_EINVAL);
}

/* ---- hostile text ---- */

static const char HOSTILE[] =
    "id,Customer ID,Plan,Interval,Amount,Currency,Quantity,Status,Created (UTC),Start Date (UTC),"
    "Trial Start (UTC),Trial End (UTC),Canceled At (UTC),Ended At (UTC)\n"
    "sub_1,cus_1,<script>alert(1)</script>,month,10,usd,1,active,2026-01-05 10:00,2026-01-05 10:00,,,,\n"
    "sub_2,cus_2,a|b*c,month,20,usd,1,active,2026-01-06 10:00,2026-01-06 10:00,,,,\n"
    "sub_3,cus_3,Basic,month,30,usd,1,active,2026-01-20 10:00,2026-01-20 10:00,,,,\n";

TEST(hostile_plan_names_should_be_escaped) {
  ls_workspace *ws = subs_csv(HOSTILE);
  char *html = report(ws, LS_REPORT_WEEKLY, LS_REPORT_HTML, "en", NULL);
  char *md = report(ws, LS_REPORT_WEEKLY, LS_REPORT_MD, "en", NULL);
  /* the data ends 2026-01-20, a Tuesday: the last complete week is
   * 2026-01-12 .. 2026-01-18, when plans <script> ($10) and a|b*c ($20)
   * pay; Basic starts only after it */
  CHECK_HAS(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK_LACKS(html, "<script");
  CHECK_HAS(md, "| \\<script\\>alert(1)\\</script\\> | $10 |");
  CHECK_HAS(md, "| a\\|b\\*c | $20 |");
  ls_free(html);
  ls_free(md);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  demo = gen_workspace(42, 10000, 365, NULL);
  RUN(formats_should_write_each_unit);
  RUN(escapes_should_neutralise_markup);
  RUN(metric_labels_should_be_the_pages);
  RUN(weekly_demo_report_should_match_its_goldens);
  RUN(html_should_be_self_contained);
  RUN(each_language_should_render);
  RUN(daily_and_monthly_should_cover_their_period);
  RUN(rules_should_name_the_funnels_and_bad_rules_fail);
  RUN(hostile_plan_names_should_be_escaped);
  ls_workspace_free(demo);
  return check_done();
}
