/* test_gen.c: the demo generator: determinism, invariants, plausibility. */
#include <stdint.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "base/timeutil.h"
#include "check.h"
#include "gen/gen.h"
#include "table/table.h"

#define NONE INT64_MIN
#define MINUTE INT64_C(60000)
#define DAY INT64_C(86400000)

/* ---- helpers: a generated world with its columns at hand ---- */

typedef struct {
  ls_gen_options o;
  int64_t asof;
  ls_table *t[LS_GEN_TABLES];
  size_t ncust, nsubs, nevents, npays;
  /* customers */
  const ls_column *c_id, *c_signup, *c_channel, *c_segment, *c_country, *c_cac;
  /* subscriptions */
  const ls_column *s_id, *s_cust, *s_plan, *s_interval, *s_amount, *s_currency, *s_qty, *s_status,
      *s_created, *s_start, *s_trial_start, *s_trial_end, *s_canceled, *s_ended;
  /* events */
  const ls_column *e_id, *e_event, *e_ts, *e_match, *e_processing, *e_latency, *e_status, *e_plan;
  /* payments */
  const ls_column *p_id, *p_cust, *p_sub, *p_amount, *p_currency, *p_status, *p_created;
  int32_t *sub_cust;  /* customer row of each subscription row, -1 when unknown */
  int32_t *cust_head; /* per customer: first of its (not incomplete) rows, by start; -1 none */
  int32_t *sub_next;  /* next row of the same customer, by start; -1 none */
} world;

static const ls_column *col(const ls_table *t, const char *name) {
  const ls_column *c = ls_table_find(t, name);
  if (!c) {
    CHECK_FAIL_("%s has no column \"%s\"", ls_table_name(t), name);
    exit(1);
  }
  return c;
}

static int64_t tm(const ls_column *c, size_t i) {
  return ls_column_valid(c, i) ? ls_column_i64(c)[i] : NONE;
}
static int64_t num(const ls_column *c, size_t i) { return ls_column_i64(c)[i]; }
static const char *str(const ls_column *c, size_t i) {
  const char *s = ls_column_str(c, i, NULL);
  return s ? s : "";
}
static int is(const ls_column *c, size_t i, const char *s) { return strcmp(str(c, i), s) == 0; }

/* the row of the string s in a column of unique strings (dictionary id = row), or -1 */
static int32_t row_of(const ls_column *c, const char *s) {
  return ls_dict_find(ls_column_dict(c), s, strlen(s));
}

static int64_t unit_amount(const char *plan, const char *interval) {
  int year = strcmp(interval, "year") == 0;
  if (strcmp(plan, "Basic") == 0) return year ? 190 : 19;
  if (strcmp(plan, "Pro") == 0) return year ? 490 : 49;
  if (strcmp(plan, "Team") == 0) return year ? 290 : 29;
  return -1;
}

/* monthly-normalised amount of subscription row i */
static double mrr_of(const world *w, size_t i) {
  double a = ls_column_f64(w->s_amount)[i] * (double)num(w->s_qty, i);
  return is(w->s_interval, i, "year") ? a / 12 : a;
}

static int incomplete(const world *w, size_t i) { return is(w->s_status, i, "incomplete_expired"); }

/* the paid billing anchor of row i: its trial end, its start, or NONE when never paid */
static int64_t paid_start(const world *w, size_t i) {
  if (incomplete(w, i)) return NONE;
  int64_t te = tm(w->s_trial_end, i), ended = tm(w->s_ended, i);
  if (te == NONE) return tm(w->s_start, i);
  if (ended != NONE && ended <= te) return NONE; /* a trial that lapsed */
  return te;
}

/* anchor + k months, the day clamped to the month (independent of the generator's own) */
static int64_t add_months(int64_t anchor, int k) {
  int64_t days = anchor / DAY, y;
  int m, d;
  ls_civil_from_days(days, &y, &m, &d);
  int mi = m - 1 + k;
  y += mi / 12;
  m = mi % 12 + 1;
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int len = dm[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  if (d > len) d = len;
  return ls_days_from_civil(y, m, d) * DAY + anchor % DAY;
}

static void world_free(world *w) {
  for (int i = 0; i < LS_GEN_TABLES; i++) ls_table_free(w->t[i]);
  free(w->sub_cust);
  free(w->cust_head);
  free(w->sub_next);
  memset(w, 0, sizeof *w);
}

static int world_make(world *w, uint64_t seed, int users, int days) {
  memset(w, 0, sizeof *w);
  ls_gen_defaults(&w->o);
  w->o.seed = seed;
  w->o.users = users;
  w->o.days = days;
  w->asof = w->o.start + (int64_t)days * DAY;
  if (ls_gen(&w->o, w->t) != LS_OK) return 0;
  const ls_table *c = w->t[LS_GEN_CUSTOMERS], *s = w->t[LS_GEN_SUBSCRIPTIONS];
  const ls_table *e = w->t[LS_GEN_EVENTS], *p = w->t[LS_GEN_PAYMENTS];
  w->ncust = ls_table_rows(c);
  w->nsubs = ls_table_rows(s);
  w->nevents = ls_table_rows(e);
  w->npays = ls_table_rows(p);
  w->c_id = col(c, "customer_id"), w->c_signup = col(c, "signup_at");
  w->c_channel = col(c, "channel"), w->c_segment = col(c, "segment");
  w->c_country = col(c, "country"), w->c_cac = col(c, "cac");
  w->s_id = col(s, "id"), w->s_cust = col(s, "Customer ID"), w->s_plan = col(s, "Plan");
  w->s_interval = col(s, "Interval"), w->s_amount = col(s, "Amount");
  w->s_currency = col(s, "Currency"), w->s_qty = col(s, "Quantity"), w->s_status = col(s, "Status");
  w->s_created = col(s, "Created (UTC)"), w->s_start = col(s, "Start Date (UTC)");
  w->s_trial_start = col(s, "Trial Start (UTC)"), w->s_trial_end = col(s, "Trial End (UTC)");
  w->s_canceled = col(s, "Canceled At (UTC)"), w->s_ended = col(s, "Ended At (UTC)");
  w->e_id = col(e, "distinct_id"), w->e_event = col(e, "event"), w->e_ts = col(e, "timestamp");
  w->e_match = col(e, "match_rate"), w->e_processing = col(e, "processing_ms");
  w->e_latency = col(e, "latency_ms"), w->e_status = col(e, "status"), w->e_plan = col(e, "plan");
  w->p_id = col(p, "id"), w->p_cust = col(p, "Customer ID"), w->p_sub = col(p, "Subscription ID");
  w->p_amount = col(p, "Amount"), w->p_currency = col(p, "Currency");
  w->p_status = col(p, "Status"), w->p_created = col(p, "Created (UTC)");

  /* each customer's rows other than incomplete ones, by start (rows are by creation) */
  w->sub_cust = malloc((w->nsubs + 1) * sizeof *w->sub_cust);
  w->sub_next = malloc((w->nsubs + 1) * sizeof *w->sub_next);
  w->cust_head = malloc((w->ncust + 1) * sizeof *w->cust_head);
  int32_t *tail = malloc((w->ncust + 1) * sizeof *tail);
  for (size_t i = 0; i < w->ncust; i++) w->cust_head[i] = tail[i] = -1;
  for (size_t i = 0; i < w->nsubs; i++) {
    int32_t u = row_of(w->c_id, str(w->s_cust, i));
    w->sub_cust[i] = u;
    w->sub_next[i] = -1;
    if (u < 0 || incomplete(w, i)) continue;
    if (tail[u] < 0)
      w->cust_head[u] = (int32_t)i;
    else
      w->sub_next[tail[u]] = (int32_t)i;
    tail[u] = (int32_t)i;
  }
  free(tail);
  return 1;
}

/* the plan of customer u at instant t by its subscriptions, or "free" */
static const char *plan_at(const world *w, int32_t u, int64_t t) {
  for (int32_t j = w->cust_head[u]; j >= 0; j = w->sub_next[j]) {
    int64_t ended = tm(w->s_ended, (size_t)j);
    if (tm(w->s_start, (size_t)j) <= t && (ended == NONE || t < ended)) return str(w->s_plan, (size_t)j);
  }
  return "free";
}

/* 1 when cell i of a equals cell j of b (columns of one type) */
static int cells_equal_at(const ls_column *a, size_t i, const ls_column *b, size_t j) {
  if (ls_column_valid(a, i) != ls_column_valid(b, j)) return 0;
  if (!ls_column_valid(a, i)) return 1;
  switch (ls_column_type(a)) {
    case LS_TYPE_STRING: return strcmp(ls_column_str(a, i, NULL), ls_column_str(b, j, NULL)) == 0;
    case LS_TYPE_DOUBLE: return memcmp(&ls_column_f64(a)[i], &ls_column_f64(b)[j], sizeof(double)) == 0;
    case LS_TYPE_BOOL: return ls_column_bool(a)[i] == ls_column_bool(b)[j];
    default: return ls_column_i64(a)[i] == ls_column_i64(b)[j];
  }
}
static int cells_equal(const ls_column *a, const ls_column *b, size_t i) { return cells_equal_at(a, i, b, i); }

/* 1 when every name, type and cell is the same */
static int tables_equal(const ls_table *a, const ls_table *b) {
  if (strcmp(ls_table_name(a), ls_table_name(b)) != 0 || ls_table_ncols(a) != ls_table_ncols(b) ||
      ls_table_rows(a) != ls_table_rows(b))
    return 0;
  for (size_t j = 0; j < ls_table_ncols(a); j++) {
    const ls_column *x = ls_table_col(a, j), *y = ls_table_col(b, j);
    if (strcmp(ls_column_name(x), ls_column_name(y)) != 0 || ls_column_type(x) != ls_column_type(y))
      return 0;
    for (size_t i = 0; i < ls_table_rows(a); i++)
      if (!cells_equal(x, y, i)) return 0;
  }
  return 1;
}

static int one_of(const char *s, const char *const *set, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, set[i]) == 0) return 1;
  return 0;
}
#define ONE_OF(s, ...) one_of((s), (const char *const[]){__VA_ARGS__}, \
                              sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* A shared world of middling size: big enough for plan changes and returns,
 * small enough for every test to walk all of it. */
static world mid;

/* ---- tests: options ---- */

TEST(defaults_should_be_seed_42_ten_thousand_users_a_year_from_2025_11_01) {
  ls_gen_options o;
  ls_gen_defaults(&o);
  CHECK_INT(o.seed, 42);
  CHECK_INT(o.users, 10000);
  CHECK_INT(o.days, 365);
  CHECK_INT(o.start, ls_time_from_civil(2025, 11, 1, 0, 0, 0, 0));
}

TEST(gen_should_reject_options_out_of_range_and_leave_every_table_null) {
  ls_gen_options o;
  ls_table *out[LS_GEN_TABLES];
  struct { int users, days; int64_t start_shift; } bad[] = {
      {0, 365, 0}, {10000001, 365, 0}, {100, 0, 0}, {100, 3651, 0}, {-5, 365, 0},
      {100, 365, 1000}, {100, 365, -INT64_C(86400000) * 30000}, {100, 365, INT64_C(86400000) * 3000000}};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    ls_gen_defaults(&o);
    o.users = bad[k].users;
    o.days = bad[k].days;
    o.start += bad[k].start_shift;
    for (int i = 0; i < LS_GEN_TABLES; i++) out[i] = (ls_table *)&o; /* garbage */
    CHECK_INT(ls_gen(&o, out), LS_EINVAL);
    for (int i = 0; i < LS_GEN_TABLES; i++) CHECK(out[i] == NULL);
  }
  CHECK_INT(ls_gen(NULL, out), LS_EINVAL);
  for (int i = 0; i < LS_GEN_TABLES; i++) CHECK(out[i] == NULL);
  ls_gen_defaults(&o);
  CHECK_INT(ls_gen(&o, NULL), LS_EINVAL);
}

TEST(gen_should_accept_the_smallest_options) {
  world w;
  CHECK(world_make(&w, 1, 1, 1));
  CHECK_INT(w.ncust, 1);
  CHECK(w.nevents >= 1);
  world_free(&w);
}

TEST(gen_should_fail_cleanly_at_every_allocation_that_fails) {
  ls_gen_options o;
  ls_gen_defaults(&o);
  o.users = 40;
  o.days = 60;
  int failures = 0;
  for (unsigned long n = 1; n < 100000; n++) {
    ls_table *out[LS_GEN_TABLES];
    ls_alloc_fail_after(n);
    ls_status st = ls_gen(&o, out);
    ls_alloc_fail_after(0);
    if (st == LS_OK) {
      for (int i = 0; i < LS_GEN_TABLES; i++) ls_table_free(out[i]);
      break;
    }
    failures++;
    CHECK_INT(st, LS_ENOMEM);
    for (int i = 0; i < LS_GEN_TABLES; i++) CHECK(out[i] == NULL);
    if (check_current_failed) break;
  }
  CHECK(failures > 20);
}

/* ---- tests: shape and determinism ---- */

TEST(gen_should_name_the_tables_and_their_columns_exactly) {
  static const char *const names[LS_GEN_TABLES] = {"customers.csv", "subscriptions.csv",
                                                   "events.csv", "payments.csv", "campaigns.csv",
                                                   "reviews.csv"};
  static const char *const cols[LS_GEN_TABLES] = {
      "customer_id:string signup_at:timestamp channel:string segment:string country:string "
      "cac:float",
      "id:string Customer ID:string Plan:string Interval:string Amount:float Currency:string "
      "Quantity:int Status:string Created (UTC):timestamp Start Date (UTC):timestamp "
      "Trial Start (UTC):timestamp Trial End (UTC):timestamp Canceled At (UTC):timestamp "
      "Ended At (UTC):timestamp",
      "distinct_id:string event:string timestamp:timestamp match_rate:float processing_ms:int "
      "latency_ms:int status:int plan:string ab_bucket:string",
      "id:string Customer ID:string Subscription ID:string Amount:float Currency:string "
      "Status:string Created (UTC):timestamp",
      "campaign:string channel:string region:string status:string hour:timestamp spend:float "
      "revenue:float clicks:int conversions:int",
      "review_id:string order_id:string product_id:string customer_id:string rating:int "
      "review:string created_at:timestamp"};
  for (int i = 0; i < LS_GEN_TABLES; i++) {
    const ls_table *t = mid.t[i];
    CHECK_STR(ls_table_name(t), names[i]);
    CHECK_INT(ls_table_check(t), LS_OK);
    char got[1024] = "";
    for (size_t j = 0; j < ls_table_ncols(t); j++) {
      const ls_column *c = ls_table_col(t, j);
      snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s:%s", j ? " " : "",
               ls_column_name(c), ls_type_name(ls_column_type(c)));
    }
    CHECK_STR(got, cols[i]);
  }
}

TEST(gen_should_give_identical_tables_for_the_same_options) {
  world a, b;
  CHECK(world_make(&a, 7, 300, 60));
  CHECK(world_make(&b, 7, 300, 60));
  for (int i = 0; i < LS_GEN_TABLES; i++) CHECK(tables_equal(a.t[i], b.t[i]));
  world_free(&a);
  world_free(&b);
}

TEST(gen_should_give_different_tables_for_another_seed) {
  world a, b;
  CHECK(world_make(&a, 7, 300, 60));
  CHECK(world_make(&b, 8, 300, 60));
  for (int i = 0; i < LS_GEN_TABLES; i++) CHECK(!tables_equal(a.t[i], b.t[i]));
  world_free(&a);
  world_free(&b);
}

TEST(gen_should_scale_events_linearly_with_users) {
  world a, b;
  CHECK(world_make(&a, 3, 500, 90));
  CHECK(world_make(&b, 3, 1000, 90));
  double ratio = (double)b.nevents / (double)a.nevents;
  CHECK(ratio > 1.7 && ratio < 2.3);
  world_free(&a);
  world_free(&b);
}

/* ---- tests: --event-users ---- */

static int world_make_event_users(world *w, uint64_t seed, int users, int days, int event_users) {
  memset(w, 0, sizeof *w);
  ls_gen_defaults(&w->o);
  w->o.seed = seed, w->o.users = users, w->o.days = days, w->o.event_users = event_users;
  return ls_gen(&w->o, w->t) == LS_OK;
}

TEST(event_users_should_default_to_every_customer_and_reject_more_than_users) {
  ls_gen_options o;
  ls_gen_defaults(&o);
  CHECK_INT(o.event_users, 0);
  ls_table *out[LS_GEN_TABLES];
  o.users = 10;
  o.days = 30;
  o.event_users = 11;
  CHECK_INT(ls_gen(&o, out), LS_EINVAL);
  o.event_users = -1;
  CHECK_INT(ls_gen(&o, out), LS_EINVAL);
}

TEST(event_users_equal_to_users_should_give_the_tables_of_no_flag) {
  world a, b;
  CHECK(world_make_event_users(&a, 7, 300, 60, 0));
  CHECK(world_make_event_users(&b, 7, 300, 60, 300));
  for (int i = 0; i < LS_GEN_TABLES; i++) CHECK(tables_equal(a.t[i], b.t[i]));
  world_free(&a);
  world_free(&b);
}

/* 300 users, 7 with events: floor(k * 300 / 7) for k = 0..6 is 0, 42, 85
 * (85.7), 128 (128.6), 171 (171.4), 214 (214.3), 257 (257.1): ids usr_ + index + 1 */
TEST(event_users_should_keep_only_the_chosen_customers_events_and_every_other_table) {
  static const char *const chosen[7] = {"usr_000001", "usr_000043", "usr_000086", "usr_000129",
                                        "usr_000172", "usr_000215", "usr_000258"};
  world all, some;
  CHECK(world_make_event_users(&all, 7, 300, 60, 0));
  CHECK(world_make_event_users(&some, 7, 300, 60, 7));
  for (int i = 0; i < LS_GEN_TABLES; i++)
    if (i != LS_GEN_EVENTS) CHECK(tables_equal(all.t[i], some.t[i]));
  /* the events are the full run's rows of the chosen customers, in the same order */
  const ls_table *ea = all.t[LS_GEN_EVENTS], *es = some.t[LS_GEN_EVENTS];
  const ls_column *ida = col(ea, "distinct_id");
  size_t n = ls_table_rows(es), m = 0;
  int signups[7] = {0};
  for (size_t i = 0; i < ls_table_rows(ea); i++) {
    if (!ONE_OF(str(ida, i), chosen[0], chosen[1], chosen[2], chosen[3], chosen[4], chosen[5], chosen[6]))
      continue;
    CHECK(m < n);
    if (m >= n) break;
    for (size_t j = 0; j < ls_table_ncols(ea); j++)
      CHECK(cells_equal_at(ls_table_col(ea, j), i, ls_table_col(es, j), m));
    m++;
  }
  CHECK_INT(m, n);
  const ls_column *ids = col(es, "distinct_id"), *ev = col(es, "event");
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < 7; k++)
      if (is(ids, i, chosen[k])) signups[k] += is(ev, i, "signup");
  for (int k = 0; k < 7; k++) CHECK_INT(signups[k], 1);
  CHECK(n > 7);
  world_free(&all);
  world_free(&some);
}

/* ---- tests: invariants ---- */

static void check_customers(const world *w) {
  CHECK_INT(w->ncust, w->o.users);
  CHECK_INT(ls_dict_size(ls_column_dict(w->c_id)), w->ncust); /* unique ids */
  CHECK_STR(str(w->c_id, 0), "usr_000001");
  int64_t prev = NONE;
  for (size_t i = 0; i < w->ncust; i++) {
    int64_t t = tm(w->c_signup, i);
    CHECK(t >= w->o.start && t < w->asof && t % 1000 == 0);
    CHECK(t >= prev); /* ids count up in signup order */
    prev = t;
    CHECK(ONE_OF(str(w->c_channel, i), "organic", "google_ads", "linkedin_ads", "referral", "content"));
    CHECK(ONE_OF(str(w->c_segment, i), "student", "early_career", "mid_career", "senior", "recruiter"));
    CHECK(ONE_OF(str(w->c_country, i), "US", "IN", "CN", "GB", "DE", "CA", "TW", "SG", "AU", "BR"));
    double cac = ls_column_f64(w->c_cac)[i];
    if (ONE_OF(str(w->c_channel, i), "organic", "referral"))
      CHECK(cac == 0);
    else
      CHECK(cac >= 20 && cac <= 140);
    if (check_current_failed) {
      printf("  at customer row %zu\n", i);
      return;
    }
  }
}

TEST(customers_should_have_unique_ids_in_signup_order_inside_the_window) { check_customers(&mid); }

static void check_subscription_rows(const world *w) {
  CHECK_INT(ls_dict_size(ls_column_dict(w->s_id)), w->nsubs);
  int64_t prev = NONE;
  for (size_t i = 0; i < w->nsubs; i++) {
    int64_t created = tm(w->s_created, i), start = tm(w->s_start, i);
    int64_t ts = tm(w->s_trial_start, i), te = tm(w->s_trial_end, i);
    int64_t canceled = tm(w->s_canceled, i), ended = tm(w->s_ended, i);
    const char *status = str(w->s_status, i);
    CHECK(w->sub_cust[i] >= 0);
    CHECK(created != NONE && start != NONE);
    CHECK(created >= prev); /* rows by creation */
    prev = created;
    int64_t times[6] = {created, start, ts, te, canceled, ended};
    for (int k = 0; k < 6; k++) CHECK(times[k] == NONE || times[k] % MINUTE == 0);
    if (w->sub_cust[i] >= 0) CHECK(created >= tm(w->c_signup, (size_t)w->sub_cust[i]));
    CHECK(start >= created && start < w->asof);
    CHECK(ended == NONE || ended >= start);
    CHECK(canceled == NONE || (canceled >= created && canceled < w->asof));
    CHECK(strncmp(str(w->s_id, i), "sub_", 4) == 0);
    CHECK(ONE_OF(str(w->s_plan, i), "Basic", "Pro", "Team"));
    CHECK(ONE_OF(str(w->s_interval, i), "month", "year"));
    CHECK(ls_column_f64(w->s_amount)[i] == (double)unit_amount(str(w->s_plan, i), str(w->s_interval, i)));
    CHECK(is(w->s_currency, i, "usd"));
    int64_t qty = num(w->s_qty, i);
    if (is(w->s_plan, i, "Team"))
      CHECK(qty >= 2 && qty <= 50);
    else
      CHECK(qty == 1);
    if (ts != NONE) {
      CHECK(ts == start && ts == created);
      CHECK(te == start + 14 * DAY);
    } else {
      CHECK(te == NONE);
    }
    if (strcmp(status, "incomplete_expired") == 0) {
      CHECK(ended == created + DAY && ended <= w->asof && canceled == NONE && ts == NONE);
    } else if (ended != NONE && ended <= w->asof) {
      CHECK_STR(status, "canceled");
    } else if (te != NONE && w->asof < te) {
      CHECK_STR(status, "trialing");
    } else {
      CHECK_STR(status, "active");
    }
    /* an end after the as-of instant is a cancellation pending at the period end */
    if (ended != NONE && ended > w->asof) CHECK(canceled != NONE);
    if (canceled != NONE) CHECK(ended != NONE);
    if (check_current_failed) {
      printf("  at subscription row %zu (%s)\n", i, str(w->s_id, i));
      return;
    }
  }
}

TEST(subscriptions_should_keep_stripe_times_amounts_and_status_consistent) {
  check_subscription_rows(&mid);
}

typedef struct {
  int ups, downs, returns, lapsed_trials, pending_cancels;
} sequence_counts;

/* A customer's rows never overlap; a plan change ends one row and starts the
 * next at the same minute, without trial. */
static sequence_counts check_sequences(const world *w) {
  sequence_counts n = {0, 0, 0, 0, 0};
  for (size_t u = 0; u < w->ncust; u++) {
    for (int32_t a = w->cust_head[u]; a >= 0; a = w->sub_next[a]) {
      int32_t b = w->sub_next[a];
      int64_t a_end = tm(w->s_ended, (size_t)a);
      if (a_end != NONE && a_end > w->asof) n.pending_cancels++;
      if (b < 0) break;
      int64_t b_start = tm(w->s_start, (size_t)b);
      CHECK(a_end != NONE && b_start >= a_end);
      if (b_start == a_end) {
        CHECK(tm(w->s_canceled, (size_t)a) == a_end);
        CHECK(tm(w->s_trial_start, (size_t)b) == NONE);
        CHECK(mrr_of(w, (size_t)b) != mrr_of(w, (size_t)a));
        if (mrr_of(w, (size_t)b) > mrr_of(w, (size_t)a))
          n.ups++;
        else
          n.downs++;
      } else if (paid_start(w, (size_t)a) == NONE) {
        n.lapsed_trials++;
      } else {
        n.returns++;
      }
      if (check_current_failed) {
        printf("  at subscription rows %d, %d\n", a, b);
        return n;
      }
    }
  }
  return n;
}

TEST(subscriptions_should_follow_each_other_and_change_plans_at_one_minute) {
  sequence_counts n = check_sequences(&mid);
  CHECK(n.ups > 0);
  CHECK(n.downs > 0);
  CHECK(n.returns > 0);
}

static void check_events(const world *w) {
  int32_t *signups = calloc(w->ncust + 1, sizeof *signups);
  const int64_t *ts = ls_column_i64(w->e_ts);
  for (size_t i = 0; i < w->nevents; i++) {
    CHECK(ts[i] >= w->o.start && ts[i] < w->asof && ts[i] % 1000 == 0);
    if (i > 0) {
      int by_id = strcmp(str(w->e_id, i - 1), str(w->e_id, i));
      int by_event = strcmp(str(w->e_event, i - 1), str(w->e_event, i));
      CHECK(ts[i - 1] < ts[i] || (ts[i - 1] == ts[i] && (by_id < 0 || (by_id == 0 && by_event < 0))));
    }
    int32_t u = row_of(w->c_id, str(w->e_id, i));
    CHECK(u >= 0);
    if (u < 0) break;
    int64_t signup = tm(w->c_signup, (size_t)u);
    CHECK(ts[i] >= signup);
    const char *ev = str(w->e_event, i);
    CHECK(ONE_OF(ev, "signup", "resume_scan", "job_search", "mock_interview", "upgrade", "api_call"));
    if (strcmp(ev, "signup") == 0) {
      CHECK(ts[i] == signup);
      signups[u]++;
    }
    int scan = strcmp(ev, "resume_scan") == 0, api = strcmp(ev, "api_call") == 0;
    CHECK(ls_column_valid(w->e_match, i) == scan && ls_column_valid(w->e_processing, i) == scan);
    CHECK(ls_column_valid(w->e_latency, i) == api && ls_column_valid(w->e_status, i) == api);
    if (scan) {
      double m = ls_column_f64(w->e_match)[i];
      CHECK(m >= 0 && m <= 1 && (double)(int)(m * 100 + 0.5) / 100 == m); /* two decimals */
      CHECK(num(w->e_processing, i) > 0);
    }
    if (api) {
      int64_t code = num(w->e_status, i);
      CHECK(code >= 200 && code < 600);
      CHECK(num(w->e_latency, i) > 0);
    }
    CHECK_STR(str(w->e_plan, i), plan_at(w, u, ts[i]));
    if (strcmp(ev, "upgrade") == 0) {
      int found = 0; /* a trial converting, or a row starting, at that instant */
      for (int32_t j = w->cust_head[u]; j >= 0; j = w->sub_next[j])
        found |= tm(w->s_start, (size_t)j) == ts[i] || paid_start(w, (size_t)j) == ts[i];
      CHECK(found);
    }
    if (check_current_failed) {
      printf("  at event row %zu (%s %s)\n", i, str(w->e_id, i), ev);
      break;
    }
  }
  for (size_t u = 0; u < w->ncust && !check_current_failed; u++) CHECK_INT(signups[u], 1);
  free(signups);
}

TEST(events_should_be_sorted_in_the_window_with_one_signup_per_customer) { check_events(&mid); }

/* the A/B test of the last 90 days: no bucket before it; from a customer's
 * first event in it, every event carries their one bucket; a split near even
 * and the test arm converting better on upgrade */
TEST(events_should_carry_one_bucket_per_customer_from_their_first_event_in_the_test) {
  const world *w = &mid;
  const ls_column *ab = ls_table_find(mid.t[LS_GEN_EVENTS], "ab_bucket");
  CHECK(ab != NULL);
  if (!ab) return;
  const int64_t *ts = ls_column_i64(w->e_ts);
  int64_t from = w->asof - 90 * INT64_C(86400000);
  int8_t *arm = calloc(w->ncust + 1, 1); /* 0 not yet, 1 control, 2 test */
  uint8_t *upg = calloc(w->ncust + 1, 1);
  for (size_t i = 0; i < w->nevents && !check_current_failed; i++) {
    int32_t u = row_of(w->c_id, str(w->e_id, i));
    const char *b = ls_column_valid(ab, i) ? str(ab, i) : NULL;
    if (ts[i] < from) {
      CHECK(b == NULL);
      continue;
    }
    CHECK(b && ONE_OF(b, "control", "test"));
    if (!b) break;
    int a = strcmp(b, "test") == 0 ? 2 : 1;
    if (!arm[u]) arm[u] = (int8_t)a;
    CHECK_INT(a, arm[u]);
    if (strcmp(str(w->e_event, i), "upgrade") == 0) upg[u] = 1;
  }
  double n[3] = {0}, c[3] = {0};
  for (size_t u = 0; u < w->ncust; u++) n[arm[u]]++, c[arm[u]] += upg[u];
  CHECK(n[1] > 100 && n[2] > 100);
  CHECK(fabs(n[2] / (n[1] + n[2]) - 0.5) < 0.05);
  CHECK(c[2] / n[2] > c[1] / n[1]);
  free(arm);
  free(upg);
}

/* Charges fall at each period start of each paid row before the as-of instant
 * (a failed one retried a day or two later); none in trials. */
static void check_payments(const world *w) {
  CHECK_INT(ls_dict_size(ls_column_dict(w->p_id)), w->npays);
  int32_t *first = malloc((w->nsubs + 1) * sizeof *first), *next = malloc((w->npays + 1) * sizeof *next);
  for (size_t i = 0; i < w->nsubs; i++) first[i] = -1;
  int64_t prev = NONE;
  for (size_t k = w->npays; k-- > 0;) { /* build per-subscription lists in time order */
    int32_t s = row_of(w->s_id, str(w->p_sub, k));
    CHECK(s >= 0);
    if (s < 0) break;
    next[k] = first[s];
    first[s] = (int32_t)k;
  }
  for (size_t k = 0; k < w->npays && !check_current_failed; k++) {
    int64_t t = tm(w->p_created, k);
    CHECK(t >= prev && t < w->asof && t % MINUTE == 0);
    prev = t;
    int32_t s = row_of(w->s_id, str(w->p_sub, k));
    CHECK_STR(str(w->p_cust, k), str(w->s_cust, (size_t)s));
    CHECK(ls_column_f64(w->p_amount)[k] == ls_column_f64(w->s_amount)[s] * (double)num(w->s_qty, (size_t)s));
    CHECK(is(w->p_currency, k, "usd"));
    CHECK(ONE_OF(str(w->p_status, k), "succeeded", "failed", "refunded"));
    CHECK(strncmp(str(w->p_id, k), "ch_", 3) == 0);
  }
  for (size_t i = 0; i < w->nsubs && !check_current_failed; i++) {
    int64_t anchor = paid_start(w, i), ended = tm(w->s_ended, i);
    int32_t k = first[i];
    if (anchor == NONE) {
      CHECK(k < 0);
      continue;
    }
    int months = is(w->s_interval, i, "year") ? 12 : 1;
    for (int p = 0;; p++) {
      int64_t ps = add_months(anchor, p * months);
      if (ps >= w->asof || (ended != NONE && ps >= ended)) break;
      CHECK(k >= 0 && tm(w->p_created, (size_t)k) == ps);
      if (k < 0) break;
      int failed = is(w->p_status, (size_t)k, "failed");
      k = next[k];
      /* a failed charge is retried a day or two later, unless that is past the as-of instant */
      if (failed && k >= 0 && tm(w->p_created, (size_t)k) - ps < 3 * DAY) {
        CHECK(is(w->p_status, (size_t)k, "succeeded") && tm(w->p_created, (size_t)k) - ps >= DAY);
        k = next[k];
      }
    }
    CHECK(k < 0); /* no charge outside a paid period */
    if (check_current_failed) printf("  at subscription row %zu (%s)\n", i, str(w->s_id, i));
  }
  free(first);
  free(next);
}

TEST(payments_should_charge_each_paid_period_before_the_as_of_instant) { check_payments(&mid); }

TEST(gen_should_keep_every_invariant_over_ten_years) {
  world w;
  CHECK(world_make(&w, 5, 400, 3650));
  check_customers(&w);
  check_subscription_rows(&w);
  check_sequences(&w);
  check_events(&w);
  check_payments(&w);
  int yearly_renewals = 0;
  for (size_t k = 0; k < w.npays; k++) {
    int32_t s = row_of(w.s_id, str(w.p_sub, k));
    yearly_renewals += is(w.s_interval, (size_t)s, "year") && tm(w.p_created, k) > paid_start(&w, (size_t)s);
  }
  CHECK(yearly_renewals > 0);
  world_free(&w);
}

/* ---- tests: plausibility at the default options ---- */

TEST(default_options_should_look_like_a_growing_subscription_business) {
  world w;
  CHECK(world_make(&w, 42, 10000, 365));
  check_subscription_rows(&w);
  check_events(&w);
  check_payments(&w);
  sequence_counts n = check_sequences(&w);

  /* who subscribes, and how trials end */
  size_t subscribers = 0, trials = 0, converted = 0, yearly = 0, expired = 0;
  for (size_t u = 0; u < w.ncust; u++) subscribers += w.cust_head[u] >= 0;
  for (size_t i = 0; i < w.nsubs; i++) {
    int64_t te = tm(w.s_trial_end, i);
    yearly += is(w.s_interval, i, "year");
    expired += incomplete(&w, i);
    if (te == NONE || te > w.asof) continue;
    trials++;
    converted += paid_start(&w, i) != NONE;
  }
  double share = (double)subscribers / (double)w.ncust, conv = (double)converted / (double)trials;
  printf("  subscribers %.1f%%, trial conversion %.1f%%, ups %d, downs %d, returns %d, pending "
         "cancels %d\n",
         100 * share, 100 * conv, n.ups, n.downs, n.returns, n.pending_cancels);
  CHECK(share >= 0.15 && share <= 0.25);
  CHECK(conv >= 0.40 && conv <= 0.70);
  CHECK(n.ups >= 20 && n.downs >= 5 && n.returns >= 5 && n.pending_cancels >= 5);
  CHECK(yearly * 100 >= w.nsubs * 20 && yearly * 100 <= w.nsubs * 40);
  CHECK(expired >= 5 && expired * 100 <= w.nsubs * 3);

  /* MRR at the as-of instant: active, not in trial, normalised monthly */
  double mrr = 0;
  for (size_t i = 0; i < w.nsubs; i++) {
    int64_t start = tm(w.s_start, i), ended = tm(w.s_ended, i), te = tm(w.s_trial_end, i);
    if (incomplete(&w, i) || start > w.asof || (ended != NONE && ended <= w.asof)) continue;
    if (te != NONE && te > w.asof) continue;
    mrr += mrr_of(&w, i);
  }
  printf("  MRR at the as-of instant %.2f\n", mrr);
  CHECK(mrr >= 30000 && mrr <= 100000);

  /* events */
  size_t api = 0, api_team = 0, api_5xx = 0, weekday = 0, weekend = 0;
  for (size_t i = 0; i < w.nevents; i++) {
    int64_t day = tm(w.e_ts, i) / DAY, dow = (day + 3) % 7; /* Monday 0 */
    if (dow < 5) weekday++;
    else weekend++;
    if (!is(w.e_event, i, "api_call")) continue;
    api++;
    api_team += is(w.e_plan, i, "Team");
    api_5xx += num(w.e_status, i) >= 500;
  }
  printf("  events %zu (%.1f a user), api calls %zu (%.1f%% Team, %.2f%% 5xx)\n", w.nevents,
         (double)w.nevents / (double)w.ncust, api, 100.0 * (double)api_team / (double)api,
         100.0 * (double)api_5xx / (double)api);
  CHECK(w.nevents >= 400000 && w.nevents <= 900000);
  CHECK(api_team * 2 > api);
  CHECK(api_5xx * 100 >= api * 1 && api_5xx * 100 <= api * 3);
  CHECK(weekday / 5 > weekend / 2 * 12 / 10); /* a weekday is busier than a weekend day */

  /* payments */
  size_t failed = 0, refunded = 0;
  for (size_t k = 0; k < w.npays; k++) {
    failed += is(w.p_status, k, "failed");
    refunded += is(w.p_status, k, "refunded");
  }
  CHECK(failed * 1000 >= w.npays * 15 && failed * 1000 <= w.npays * 50);
  CHECK(refunded * 1000 >= w.npays * 3 && refunded * 1000 <= w.npays * 20);

  /* growth: the last quarter brings more signups than the first */
  size_t q1 = 0, q4 = 0;
  for (size_t u = 0; u < w.ncust; u++) {
    int64_t d = (tm(w.c_signup, u) - w.o.start) / DAY;
    q1 += d < 91;
    q4 += d >= 365 - 91;
  }
  CHECK(q4 * 2 > q1 * 3);
  world_free(&w);
}

int main(void) {
  RUN(defaults_should_be_seed_42_ten_thousand_users_a_year_from_2025_11_01);
  RUN(gen_should_reject_options_out_of_range_and_leave_every_table_null);
  RUN(gen_should_accept_the_smallest_options);
  RUN(gen_should_fail_cleanly_at_every_allocation_that_fails);
  if (!world_make(&mid, 11, 2000, 365)) {
    printf("FAIL could not generate the shared world\n");
    return 1;
  }
  RUN(gen_should_name_the_tables_and_their_columns_exactly);
  RUN(gen_should_give_identical_tables_for_the_same_options);
  RUN(gen_should_give_different_tables_for_another_seed);
  RUN(gen_should_scale_events_linearly_with_users);
  RUN(event_users_should_default_to_every_customer_and_reject_more_than_users);
  RUN(event_users_equal_to_users_should_give_the_tables_of_no_flag);
  RUN(event_users_should_keep_only_the_chosen_customers_events_and_every_other_table);
  RUN(customers_should_have_unique_ids_in_signup_order_inside_the_window);
  RUN(subscriptions_should_keep_stripe_times_amounts_and_status_consistent);
  RUN(subscriptions_should_follow_each_other_and_change_plans_at_one_minute);
  RUN(events_should_be_sorted_in_the_window_with_one_signup_per_customer);
  RUN(events_should_carry_one_bucket_per_customer_from_their_first_event_in_the_test);
  RUN(payments_should_charge_each_paid_period_before_the_as_of_instant);
  RUN(gen_should_keep_every_invariant_over_ten_years);
  RUN(default_options_should_look_like_a_growing_subscription_business);
  world_free(&mid);
  return check_done();
}
