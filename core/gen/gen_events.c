/* gen_events.c: product analytics events, PostHog-like, one row per event.
 *
 * Each customer walks the days from signup to the as-of instant on its own rng
 * stream. Whether a day is active decays with the customer's age (hyperbolic,
 * by engagement tier), is lower at weekends, higher while the customer holds a
 * subscription, and some customers come back for a while after going quiet.
 * Team subscribers' integrations send api_call events. An event is held as a
 * packed 64-bit key (second, customer, event code, plan; event codes in the
 * order of their names), so sorting the keys sorts the rows by (timestamp,
 * distinct_id, event), a total order: the plan is a function of the customer
 * and the second. Equal keys are dropped. Properties are then drawn from a
 * stream named by the key, so they do not depend on generation order.
 *
 * An A/B test runs over the last 90 days (the second half of a shorter run):
 * each customer with an event in it is exposed at their first such event,
 * and that event and every later one carries ab_bucket "control" or "test",
 * from a hash of the customer's index (no rng draw: every other number of
 * the demo stays). The test arm converts a little better on "upgrade": a
 * customer who upgrades at or after the exposure lands in test with a hash
 * below 55%, others below 49.5%, so the arms stay near an even split. */
#include <string.h>

#include "base/alloc.h"
#include "base/radix.h"
#include "gen/gen_internal.h"
#include "gen/rng.h"

/* ---- private: the key ---- */

enum { EV_API_CALL, EV_JOB_SEARCH, EV_MOCK_INTERVIEW, EV_RESUME_SCAN, EV_SIGNUP, EV_UPGRADE, EV_COUNT };
static const char *const event_names[EV_COUNT] = {"api_call",    "job_search", "mock_interview",
                                                  "resume_scan", "signup",     "upgrade"};

#define KEY_PLAN_BITS 2  /* 0 free, 1 + LS_GEN_BASIC … */
#define KEY_CODE_BITS 3
#define KEY_USER_BITS 24 /* 10,000,000 users < 2^24 */
#define KEY_CODE_SHIFT KEY_PLAN_BITS
#define KEY_USER_SHIFT (KEY_CODE_SHIFT + KEY_CODE_BITS)
#define KEY_SEC_SHIFT (KEY_USER_SHIFT + KEY_USER_BITS)
#define KEY_BITS (KEY_SEC_SHIFT + 29) /* 3650 days of seconds < 2^29 */

/* ---- private: the activity model (probabilities in ppm) ---- */

static const uint32_t active_ppm[LS_GEN_TIERS] = {300000, 450000, 600000, 750000};
static const uint32_t half_life_days[LS_GEN_TIERS] = {5, 15, 35, 90};
static const int per_day[LS_GEN_TIERS][2] = {{1, 3}, {1, 4}, {1, 6}, {2, 7}};
static const uint32_t weekday_pct[7] = {100, 100, 100, 98, 92, 55, 62};
/* resume_scan, job_search, mock_interview by segment */
static const uint32_t feature_weights[LS_GEN_SEGMENTS][3] = {
    {48, 36, 16}, {50, 35, 15}, {50, 38, 12}, {45, 45, 10}, {62, 34, 4}};
#define PAYING_BOOST_PCT 30u   /* a subscriber closes 30% of the gap to always active */
#define COMEBACK_PPM 300000u   /* customers with one burst of activity after going quiet */
#define TEAM_API_WEEKDAY_PPM 650000u
#define TEAM_API_WEEKEND_PPM 200000u
#define PRO_API_PPM 80000u     /* a Pro subscriber's active day with a few api calls */

typedef struct {
  ls_gen_ctx *c;
  ls_gen_rng r;
  uint32_t user;
  const ls_gen_customer *u;
  const uint32_t *decay; /* [tier * days + age]: chance (ppm) of an active day */
} walker;

static int key_code(uint64_t key) { return (int)(key >> KEY_CODE_SHIFT & ((1u << KEY_CODE_BITS) - 1)); }
static uint32_t key_user(uint64_t key) {
  return (uint32_t)(key >> KEY_USER_SHIFT) & ((UINT32_C(1) << KEY_USER_BITS) - 1);
}

/* the subscription row of customer user covering instant t, or NULL */
static const ls_gen_sub *row_at(const ls_gen_ctx *c, uint32_t user, int64_t t) {
  for (uint32_t j = c->sub_first[user]; j < c->sub_first[user + 1]; j++) {
    const ls_gen_sub *s = &c->subs[j];
    if (s->flags & LS_GEN_SUB_INCOMPLETE) continue;
    if (s->start <= t && (s->ended == LS_GEN_NONE || t < s->ended)) return s;
  }
  return NULL;
}

static ls_status push_key(ls_gen_ctx *c, int64_t at, uint32_t user, int code) {
  if (c->nevents == c->cap_events) {
    size_t walkers = (size_t)(c->event_users ? c->event_users : c->users);
    size_t cap = c->cap_events ? c->cap_events * 2 : walkers * 16 + 1024;
    uint64_t *p = ls_reallocarray(c->events, cap, sizeof *p);
    if (!p) return LS_ENOMEM;
    c->events = p;
    c->cap_events = cap;
  }
  const ls_gen_sub *sub = row_at(c, user, at);
  uint64_t sec = (uint64_t)((at - c->start) / 1000);
  c->events[c->nevents++] = sec << KEY_SEC_SHIFT | (uint64_t)user << KEY_USER_SHIFT |
                            (uint64_t)code << KEY_CODE_SHIFT | (sub ? 1u + sub->plan : 0u);
  return LS_OK;
}

/* n events in one or two sessions on the day starting at ds, none before lo */
static ls_status emit_day(walker *w, int64_t ds, int64_t lo, int n, int first_scan, int pro_api) {
  ls_gen_ctx *c = w->c;
  int64_t de = ds + LS_GEN_DAY;
  int sessions = n >= 4 ? 2 : 1;
  ls_status st = LS_OK;
  for (int k = 0; k < sessions && st == LS_OK; k++) {
    int count = sessions == 1 ? n : k == 0 ? (n + 1) / 2 : n / 2;
    int64_t t;
    if (k == 0 && first_scan) {
      t = lo + ls_gen_rng_range(&w->r, 5, 120) * 1000;
    } else {
      int64_t hour = (int64_t)ls_gen_rng_pick(&w->r, ls_gen_hour_weights, 24);
      t = ds + hour * LS_GEN_HOUR + (int64_t)ls_gen_rng_below(&w->r, 3600) * 1000;
    }
    for (int e = 0; e < count && st == LS_OK; e++) {
      int code = EV_RESUME_SCAN;
      if (!(k == 0 && e == 0 && first_scan)) {
        static const int codes[3] = {EV_RESUME_SCAN, EV_JOB_SEARCH, EV_MOCK_INTERVIEW};
        code = codes[ls_gen_rng_pick(&w->r, feature_weights[w->u->segment], 3)];
      }
      if (t >= lo && t < de) st = push_key(c, t, w->user, code);
      t += ls_gen_rng_range(&w->r, 20, 600) * 1000;
    }
    if (pro_api && k == 0) {
      int calls = (int)ls_gen_rng_range(&w->r, 1, 3);
      for (int e = 0; e < calls && st == LS_OK; e++) {
        t += ls_gen_rng_range(&w->r, 1, 90) * 1000;
        if (t >= lo && t < de) st = push_key(c, t, w->user, EV_API_CALL);
      }
    }
  }
  return st;
}

/* an integration's calls, spread over the day */
static ls_status emit_api_calls(walker *w, int64_t ds, int64_t lo) {
  int calls = (int)ls_gen_rng_range(&w->r, 1, 8);
  ls_status st = LS_OK;
  for (int e = 0; e < calls && st == LS_OK; e++) {
    int64_t t = ds + (int64_t)ls_gen_rng_below(&w->r, 86400) * 1000;
    if (t >= lo) st = push_key(w->c, t, w->user, EV_API_CALL);
  }
  return st;
}

static ls_status walk_customer(walker *w) {
  ls_gen_ctx *c = w->c;
  const ls_gen_customer *u = w->u;
  int tier = u->tier;
  int64_t first = c->start / LS_GEN_DAY;
  int sd = (int)((u->signup - c->start) / LS_GEN_DAY);
  ls_status st = push_key(c, u->signup, w->user, EV_SIGNUP);

  /* upgrades: trial conversions and every start that raises MRR */
  for (uint32_t j = c->sub_first[w->user]; j < c->sub_first[w->user + 1] && st == LS_OK; j++) {
    const ls_gen_sub *s = &c->subs[j];
    if ((s->flags & LS_GEN_SUB_CONVERTED) && s->trial_end < c->asof)
      st = push_key(c, s->trial_end, w->user, EV_UPGRADE);
    if (st == LS_OK && (s->flags & LS_GEN_SUB_RAISE))
      st = push_key(c, s->start, w->user, EV_UPGRADE);
  }

  int comeback_from = -1, comeback_to = -1;
  if (ls_gen_rng_chance(&w->r, COMEBACK_PPM)) {
    comeback_from = sd + 30 + (int)ls_gen_rng_below(&w->r, 300);
    comeback_to = comeback_from + (int)ls_gen_rng_range(&w->r, 3, 14);
  }
  uint32_t j = c->sub_first[w->user], end = c->sub_first[w->user + 1];
  for (int d = sd; d < c->days && st == LS_OK; d++) {
    int64_t ds = c->start + (int64_t)d * LS_GEN_DAY;
    int64_t lo = d == sd ? u->signup : ds;
    int dow = (int)((first + d + 3) % 7);
    /* the row covering noon: rows other than incomplete ones follow each other */
    int64_t noon = ds + 12 * LS_GEN_HOUR;
    while (j < end && ((c->subs[j].flags & LS_GEN_SUB_INCOMPLETE) ||
                       (c->subs[j].ended != LS_GEN_NONE && c->subs[j].ended <= noon)))
      j++;
    const ls_gen_sub *sub = j < end && c->subs[j].start <= noon ? &c->subs[j] : NULL;
    uint64_t p = w->decay[tier * c->days + (d - sd)];
    if (sub) p += (1000000 - p) * PAYING_BOOST_PCT / 100;
    if (d >= comeback_from && d < comeback_to && p < active_ppm[tier]) p = active_ppm[tier];
    p = p * weekday_pct[dow] / 100;
    if (d == sd || ls_gen_rng_chance(&w->r, (uint32_t)p)) {
      int n = (int)ls_gen_rng_range(&w->r, per_day[tier][0], per_day[tier][1] + (sub != NULL));
      int pro_api = sub && sub->plan == LS_GEN_PRO && ls_gen_rng_chance(&w->r, PRO_API_PPM);
      st = emit_day(w, ds, lo, n, d == sd, pro_api);
    }
    if (st == LS_OK && sub && sub->plan == LS_GEN_TEAM &&
        ls_gen_rng_chance(&w->r, dow < 5 ? TEAM_API_WEEKDAY_PPM : TEAM_API_WEEKEND_PPM))
      st = emit_api_calls(w, ds, lo);
  }
  return st;
}

/* radix sort of the keys, then drop repeated keys */
static ls_status sort_keys(ls_gen_ctx *c) {
  size_t n = c->nevents;
  uint64_t *tmp = ls_malloc((n ? n : 1) * sizeof *tmp);
  if (!tmp) return LS_ENOMEM;
  ls_radix_sort_u64(c->events, tmp, n, KEY_BITS);
  ls_free(tmp);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (m == 0 || c->events[i] != c->events[m - 1]) c->events[m++] = c->events[i];
  c->nevents = m;
  return LS_OK;
}

/* ---- private: properties ---- */

typedef struct {
  int has_match, has_processing, has_latency, has_status;
  int match_pct;
  int64_t processing_ms, latency_ms, status;
} payload;

static const uint32_t http_weights[9] = {943000, 12000, 7000, 3000, 10000, 10000, 9000, 3000, 3000};
static const int64_t http_codes[9] = {200, 400, 401, 403, 404, 429, 500, 502, 503};

/* one bad day for the API and a few slow days for scans, for alerts to find */
static int in_api_incident(const ls_gen_ctx *c, int day) { return c->days >= 30 && day == c->days * 2 / 3; }
static int in_scan_slowdown(const ls_gen_ctx *c, int day) {
  return c->days >= 30 && day >= c->days * 2 / 5 && day < c->days * 2 / 5 + 3;
}

static void draw_payload(const ls_gen_ctx *c, uint64_t key, int code, payload *p) {
  memset(p, 0, sizeof *p);
  if (code != EV_RESUME_SCAN && code != EV_API_CALL) return;
  ls_gen_rng r;
  ls_gen_rng_seed(&r, c->seed, LS_GEN_STREAM_PAYLOAD, key);
  int day = (int)((key >> KEY_SEC_SHIFT) / 86400);
  if (code == EV_RESUME_SCAN) {
    p->has_match = p->has_processing = 1;
    if (ls_gen_rng_chance(&r, 80000))
      p->match_pct = (int)ls_gen_rng_range(&r, 0, 35); /* the wrong job post */
    else
      p->match_pct = 15 + (int)(ls_gen_rng_range(&r, 0, 28) + ls_gen_rng_range(&r, 0, 28) +
                                ls_gen_rng_range(&r, 0, 28));
    int64_t ms = 700 + ls_gen_rng_range(&r, 0, 1300);
    for (int k = 0; k < 6 && ls_gen_rng_chance(&r, 220000); k++)
      ms = ms * 3 / 2 + ls_gen_rng_range(&r, 0, 500);
    if (in_scan_slowdown(c, day)) ms *= 2;
    p->processing_ms = ms;
  } else {
    p->has_latency = p->has_status = 1;
    int64_t ms = 35 + ls_gen_rng_range(&r, 0, 90);
    for (int k = 0; k < 8 && ls_gen_rng_chance(&r, 300000); k++) ms = ms * 2 + ls_gen_rng_range(&r, 0, 50);
    p->status = http_codes[ls_gen_rng_pick(&r, http_weights, 9)];
    if (in_api_incident(c, day)) {
      ms *= 3;
      if (ls_gen_rng_chance(&r, 120000)) p->status = http_codes[6 + ls_gen_rng_below(&r, 3)];
    }
    p->latency_ms = ms;
  }
}

/* ---- private: the experiment ---- */

#define AB_DAYS 90
#define AB_TEST_CONVERTED_PERMILLE 550u
#define AB_TEST_OTHER_PERMILLE 495u
#define AB_SALT UINT64_C(0xab7e57ab7e57ab7e)

/* per event its bucket: 0 none, 1 control, 2 test (*out, ls_free) */
static ls_status ab_buckets(const ls_gen_ctx *c, uint8_t **out) {
  int days = c->days > 2 * AB_DAYS ? AB_DAYS : c->days / 2;
  uint64_t from = (uint64_t)(c->days - days) * 86400; /* seconds since the start */
  size_t nu = (size_t)c->users;
  uint64_t *expo = ls_malloc((nu ? nu : 1) * sizeof *expo);
  uint8_t *conv = ls_calloc(nu ? nu : 1, 1), *b = ls_calloc(c->nevents ? c->nevents : 1, 1);
  if (!expo || !conv || !b) {
    ls_free(expo), ls_free(conv), ls_free(b);
    return LS_ENOMEM;
  }
  for (size_t u = 0; u < nu; u++) expo[u] = UINT64_MAX;
  for (size_t i = 0; i < c->nevents; i++) { /* in time order */
    uint64_t sec = c->events[i] >> KEY_SEC_SHIFT;
    uint32_t u = key_user(c->events[i]);
    if (sec < from) continue;
    if (expo[u] == UINT64_MAX) expo[u] = sec;
    if (key_code(c->events[i]) == EV_UPGRADE) conv[u] = 1;
  }
  for (size_t i = 0; i < c->nevents; i++) {
    uint32_t u = key_user(c->events[i]);
    if (expo[u] == UINT64_MAX || c->events[i] >> KEY_SEC_SHIFT < expo[u]) continue;
    uint64_t h = ls_gen_mix64(c->seed ^ AB_SALT ^ (uint64_t)u) % 1000;
    b[i] = h < (conv[u] ? AB_TEST_CONVERTED_PERMILLE : AB_TEST_OTHER_PERMILLE) ? 2 : 1;
  }
  ls_free(expo), ls_free(conv);
  *out = b;
  return LS_OK;
}

static ls_status push_opt_i64(ls_column *col, int has, int64_t v) {
  return has ? ls_column_push_i64(col, v) : ls_column_push_null(col);
}

/* ---- internal API ---- */

ls_status ls_gen_events_run(ls_gen_ctx *c) {
  /* hyperbolic decay of the chance of an active day with age: base * h / (h + age) */
  uint32_t *decay = ls_malloc((size_t)LS_GEN_TIERS * (size_t)c->days * sizeof *decay);
  if (!decay) return LS_ENOMEM;
  for (int t = 0; t < LS_GEN_TIERS; t++)
    for (int age = 0; age < c->days; age++)
      decay[t * c->days + age] =
          (uint32_t)((uint64_t)active_ppm[t] * half_life_days[t] / (half_life_days[t] + (uint64_t)age));
  ls_status st = LS_OK;
  /* with event_users N, only customers floor(k * users / N), k = 0 .. N-1; each
   * customer walks its own stream, so theirs are the events of the full run */
  int walkers = c->event_users > 0 ? c->event_users : c->users;
  for (int k = 0; k < walkers && st == LS_OK; k++) {
    int i = c->event_users > 0 ? (int)((int64_t)k * c->users / c->event_users) : k;
    walker w;
    w.c = c;
    w.user = (uint32_t)i;
    w.u = &c->cust[i];
    w.decay = decay;
    ls_gen_rng_seed(&w.r, c->seed, LS_GEN_STREAM_EVENTS, (uint64_t)i);
    st = walk_customer(&w);
  }
  ls_free(decay);
  return st == LS_OK ? sort_keys(c) : st;
}

ls_table *ls_gen_events_table(const ls_gen_ctx *c) {
  static const char *const names[] = {"distinct_id", "event",     "timestamp",  "match_rate",
                                      "processing_ms", "latency_ms", "status",   "plan", "ab_bucket"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_TIME,  LS_TYPE_DOUBLE,
                                  LS_TYPE_INT64,  LS_TYPE_INT64,  LS_TYPE_INT64, LS_TYPE_STRING,
                                  LS_TYPE_STRING};
  enum { NCOLS = sizeof names / sizeof names[0] };
  ls_column *col[NCOLS] = {0};
  ls_table *t = ls_table_new_schema("events.csv", names, types, NCOLS, c->nevents, col);
  ls_status s = t ? LS_OK : LS_ENOMEM;
  /* column by column: the customer id dictionary is large, so it gets the
   * cache to itself */
  for (size_t i = 0; i < c->nevents && s == LS_OK; i++) {
    char id[32];
    size_t idn = ls_gen_customer_id(c, key_user(c->events[i]), id);
    s = ls_column_push_str(col[0], id, idn);
  }
  for (size_t i = 0; i < c->nevents && s == LS_OK; i++) {
    uint64_t key = c->events[i];
    int code = key_code(key), plan_code = (int)(key & ((1u << KEY_PLAN_BITS) - 1));
    const char *plan = plan_code ? ls_gen_plan_names[plan_code - 1] : "free";
    int64_t at = c->start + (int64_t)(key >> KEY_SEC_SHIFT) * 1000;
    if ((s = ls_column_push_str(col[1], event_names[code], strlen(event_names[code]))) != LS_OK ||
        (s = ls_column_push_i64(col[2], at)) != LS_OK)
      break;
    s = ls_column_push_str(col[7], plan, strlen(plan));
  }
  for (size_t i = 0; i < c->nevents && s == LS_OK; i++) {
    payload p;
    draw_payload(c, c->events[i], key_code(c->events[i]), &p);
    if ((s = p.has_match ? ls_column_push_f64(col[3], p.match_pct / 100.0)
                         : ls_column_push_null(col[3])) != LS_OK ||
        (s = push_opt_i64(col[4], p.has_processing, p.processing_ms)) != LS_OK ||
        (s = push_opt_i64(col[5], p.has_latency, p.latency_ms)) != LS_OK)
      break;
    s = push_opt_i64(col[6], p.has_status, p.status);
  }
  static const char *const arms[] = {"control", "test"};
  uint8_t *ab = NULL;
  if (s == LS_OK) s = ab_buckets(c, &ab);
  for (size_t i = 0; i < c->nevents && s == LS_OK; i++)
    s = ab[i] ? ls_column_push_str(col[8], arms[ab[i] - 1], strlen(arms[ab[i] - 1])) : ls_column_push_null(col[8]);
  ls_free(ab);
  if (s != LS_OK) {
    ls_table_free(t);
    return NULL;
  }
  return t;
}
