/* test_gen_spend.c: the demo's campaigns.csv (core/gen/gen_spend.c): its spend
 * follows the customers' acquisition costs, and its planted runaway campaign
 * trips the demo's circuit breaker, alone. */
#include <stdint.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "check.h"
#include "gen/gen.h"
#include "monitor/entity.h"
#include "workspace/workspace.h"

#define DAY INT64_C(86400000)
#define HOUR INT64_C(3600000)

static ls_table *t[LS_GEN_TABLES];
static ls_gen_options o;

static int64_t cents(double v) { return (int64_t)(v * 100.0 + (v < 0 ? -0.5 : 0.5)); }

TEST(campaigns_should_spend_each_day_the_cac_of_that_days_first_payers) {
  const ls_table *c = t[LS_GEN_CUSTOMERS], *s = t[LS_GEN_CAMPAIGNS];
  static const char *const paid[3] = {"google_ads", "linkedin_ads", "content"};
  int64_t *want = ls_calloc(3 * (size_t)o.days, sizeof *want), *got = ls_calloc(3 * (size_t)o.days, sizeof *got);
  /* each customer's first payment (failed ones included: every paid period before the end is
   * charged at its start), as a dictionary id of the payments' customer column -> time */
  const ls_table *p = t[LS_GEN_PAYMENTS];
  const ls_column *payer = ls_table_find(p, "Customer ID"), *created = ls_table_find(p, "Created (UTC)");
  size_t npayers = ls_dict_size(ls_column_dict(payer));
  int64_t *first = ls_malloc((npayers + 1) * sizeof *first);
  for (size_t i = 0; i < npayers; i++) first[i] = INT64_MAX;
  for (size_t i = 0; i < ls_table_rows(p); i++) {
    int32_t k = ls_column_str_ids(payer)[i];
    if (ls_column_i64(created)[i] < first[k]) first[k] = ls_column_i64(created)[i];
  }
  const ls_column *ch = ls_table_find(c, "channel"), *id = ls_table_find(c, "customer_id"), *cac = ls_table_find(c, "cac");
  for (size_t i = 0; i < ls_table_rows(c); i++) {
    const char *name = ls_column_str(id, i, NULL);
    int32_t k = ls_dict_find(ls_column_dict(payer), name, strlen(name));
    if (k < 0) continue; /* never pays: no cost in the spend */
    for (int j = 0; j < 3; j++)
      if (strcmp(ls_column_str(ch, i, NULL), paid[j]) == 0) want[j * o.days + (first[k] - o.start) / DAY] += cents(ls_column_num(cac, i));
  }
  ls_free(first);
  const ls_column *sch = ls_table_find(s, "channel"), *hr = ls_table_find(s, "hour"), *sp = ls_table_find(s, "spend");
  const ls_column *camp = ls_table_find(s, "campaign");
  int64_t runaway_from = o.start + (int64_t)o.days * DAY - 3 * HOUR;
  CHECK_INT(ls_table_rows(s), 8 * 24 * o.days); /* eight campaigns, every hour */
  for (size_t i = 0; i < ls_table_rows(s); i++) {
    int64_t h = ls_column_i64(hr)[i];
    /* the runaway's last three hours are planted on top of the budget */
    if (h >= runaway_from && strcmp(ls_column_str(camp, i, NULL), "retargeting_display") == 0) continue;
    for (int k = 0; k < 3; k++)
      if (strcmp(ls_column_str(sch, i, NULL), paid[k]) == 0) got[k * o.days + (h - o.start) / DAY] += cents(ls_column_num(sp, i));
  }
  int bad = 0;
  for (int k = 0; k < 3 * o.days; k++) bad += got[k] != want[k] && !(k % o.days == o.days - 1 && k / o.days == 2);
  CHECK_INT(bad, 0);
  ls_free(want);
  ls_free(got);
}

TEST(campaigns_should_keep_the_paused_campaign_at_zero) {
  const ls_table *s = t[LS_GEN_CAMPAIGNS];
  const ls_column *camp = ls_table_find(s, "campaign"), *st = ls_table_find(s, "status");
  const ls_column *hr = ls_table_find(s, "hour"), *sp = ls_table_find(s, "spend");
  int64_t pause = o.start + (int64_t)(o.days * 2 / 3) * DAY; /* paused two thirds in */
  int wrong = 0, paused_rows = 0;
  for (size_t i = 0; i < ls_table_rows(s); i++) {
    if (strcmp(ls_column_str(camp, i, NULL), "display_prospecting") != 0) continue;
    int after = ls_column_i64(hr)[i] >= pause;
    paused_rows += after;
    wrong += after != (strcmp(ls_column_str(st, i, NULL), "paused") == 0);
    wrong += after && ls_column_num(sp, i) != 0;
  }
  CHECK_INT(wrong, 0);
  CHECK_INT(paused_rows, 24 * (o.days - o.days * 2 / 3));
}

TEST(the_demo_breaker_should_trip_on_the_planted_campaign_alone) {
  ls_workspace *ws = ls_workspace_new();
  for (int i = 0; i < LS_GEN_TABLES; i++) {
    ls_workspace_add(ws, t[i]);
    t[i] = NULL; /* the workspace owns them now */
  }
  cJSON *r = cJSON_Parse("{\"rules\":[{\"id\":\"ad-breaker\",\"type\":\"entity\",\"dataset\":\"marketing_spend\","
                         "\"entity\":\"campaign\",\"at\":\"hourly\",\"conditions\":[{\"if\":"
                         "\"roas < 1.5 and spend_velocity > 2\",\"severity\":\"P0\",\"action\":\"circuit_breaker\"}]}]}");
  cJSON *ent = cJSON_CreateArray(), *al = cJSON_CreateArray();
  CHECK_INT(ls_entity_eval(ws, r, INT64_MIN, ent, al), LS_OK);
  CHECK_INT(cJSON_GetArraySize(ent), 8);
  /* the planted campaign ranks first (P0), with a return under 1.5 and velocity over 2 */
  const cJSON *first = cJSON_GetArrayItem(ent, 0);
  CHECK_STR(cJSON_GetObjectItem(first, "entity")->valuestring, "retargeting_display");
  CHECK_STR(cJSON_GetObjectItem(first, "severity")->valuestring, "P0");
  const cJSON *v = cJSON_GetObjectItem(first, "values");
  CHECK(cJSON_GetObjectItem(v, "roas")->valuedouble < 1.5);
  CHECK(cJSON_GetObjectItem(v, "spend_velocity")->valuedouble > 2);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(ent, 1), "severity")));
  /* one incident: the runaway's last hours, still going */
  CHECK_INT(cJSON_GetArraySize(al), 1);
  const cJSON *a = cJSON_GetArrayItem(al, 0);
  CHECK_STR(cJSON_GetObjectItem(a, "entity")->valuestring, "retargeting_display");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(a, "ongoing")));
  CHECK(cJSON_GetObjectItem(a, "hours")->valueint >= 2 && cJSON_GetObjectItem(a, "hours")->valueint <= 3);
  cJSON_Delete(r);
  cJSON_Delete(ent);
  cJSON_Delete(al);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  ls_gen_defaults(&o);
  o.seed = 11;
  o.users = 2000;
  o.days = 90;
  if (ls_gen(&o, t) != LS_OK) {
    printf("gen failed\n");
    return 1;
  }
  RUN(campaigns_should_spend_each_day_the_cac_of_that_days_first_payers);
  RUN(campaigns_should_keep_the_paused_campaign_at_zero);
  RUN(the_demo_breaker_should_trip_on_the_planted_campaign_alone);
  for (int i = 0; i < LS_GEN_TABLES; i++) ls_table_free(t[i]);
  return check_done();
}
