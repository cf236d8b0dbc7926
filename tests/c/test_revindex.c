/* test_revindex.c: a scoped revenue index is cut from the index of every row
 * (metrics/revindex.c) when that one builds, and read from the table's kept
 * rows when it fails; both must give the same index. Two workspaces of the
 * same generated data, the second with one more row at the end whose
 * interval no one knows (a new customer on a plan of its own): the index of
 * every row fails there, so each plan's index is read from the rows, while
 * the first workspace cuts it. Field for field they must agree, and each
 * must hold each customer's changes together, sorted by instant. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen_fixture.h"
#include "metrics/revindex.h"
#include "workspace/workspace.h"

/* one more subscription at the end: a new customer on a plan of its own,
 * billed every fortnight */
static void add_broken_row(ls_table *t[LS_GEN_TABLES], const ls_gen_options *o) {
  ls_table *subs = t[LS_GEN_SUBSCRIPTIONS];
  for (size_t c = 0; c < ls_table_ncols(subs); c++) {
    ls_column *col = ls_table_col(subs, c);
    const char *name = ls_column_name(col);
    const char *text = strcmp(name, "Customer ID") == 0 ? "zz_last"
                       : strcmp(name, "Plan") == 0      ? "Broken"
                       : strcmp(name, "Interval") == 0  ? "fortnight"
                                                        : NULL;
    if (text) ls_column_push_str(col, text, strlen(text));
    else if (strcmp(name, "Amount") == 0) ls_column_push_f64(col, 10);
    else if (strcmp(name, "Start Date (UTC)") == 0) ls_column_push_i64(col, o->start + 86400000);
    else ls_column_push_null(col);
  }
}

#define SAME_ARRAY(a, b, n) (memcmp((a), (b), (n) * sizeof *(a)) == 0)

static int same_index(const ls_revindex *x, const ls_revindex *y) {
  return x->nsubs == y->nsubs && x->nchanges == y->nchanges && x->ncustomers + 1 == y->ncustomers &&
         strcmp(x->currency, y->currency) == 0 && SAME_ARRAY(x->customer, y->customer, x->nsubs) &&
         SAME_ARRAY(x->mrr, y->mrr, x->nsubs) && SAME_ARRAY(x->start, y->start, x->nsubs) &&
         SAME_ARRAY(x->trial_end, y->trial_end, x->nsubs) && SAME_ARRAY(x->off, y->off, x->nsubs) &&
         SAME_ARRAY(x->cycle, y->cycle, x->nsubs) && SAME_ARRAY(x->first_row, y->first_row, x->ncustomers) &&
         SAME_ARRAY(x->changes, y->changes, x->nchanges) &&
         SAME_ARRAY(x->first_change, y->first_change, x->ncustomers + 1);
}

/* customers numbered by their first row in the dataset, whatever the
 * scope; customer c's changes lie in its run, sorted (instant, then off
 * before on), its on changes adding up to the MRR of its subscriptions that
 * ever count */
static int well_formed(const ls_revindex *x) {
  for (size_t c = 1; c < x->ncustomers; c++)
    if (x->first_row[c] <= x->first_row[c - 1]) return 0;
  if (x->first_change[0] != 0 || (size_t)x->first_change[x->ncustomers] != x->nchanges) return 0;
  int64_t *sum = calloc(x->ncustomers + 1, sizeof *sum);
  int ok = sum != NULL;
  for (size_t k = 0; ok && k < x->nsubs; k++) {
    int64_t on = x->trial_end[k] != INT64_MIN ? x->trial_end[k] : x->start[k];
    if (on < x->off[k]) sum[x->customer[k]] += x->mrr[k];
  }
  for (size_t c = 0; ok && c < x->ncustomers; c++)
    for (int32_t j = x->first_change[c]; j < x->first_change[c + 1]; j++) {
      const ls_revchange *h = &x->changes[j];
      if (j > x->first_change[c] && (h[-1].t > h->t || (h[-1].t == h->t && h[-1].delta > h->delta))) ok = 0;
      if (h->delta > 0) sum[c] -= h->amount;
    }
  for (size_t c = 0; ok && c < x->ncustomers; c++) ok = sum[c] == 0;
  free(sum);
  return ok;
}

TEST(an_index_cut_from_every_row_s_should_equal_one_read_from_the_kept_rows) {
  const char *plans[] = {"Basic", "Pro", "Team"};
  int compared = 0, subs = 0;
  for (uint64_t seed = 1; seed <= 6; seed++) {
    ls_workspace *cut = gen_workspace(seed, 500, 400, NULL), *read = gen_workspace(seed, 500, 400, add_broken_row);
    ls_scope none = {NULL, 0};
    const ls_revindex *all = NULL;
    CHECK_INT(ls_revindex_get(cut, &none, &all), LS_OK);
    CHECK(all && well_formed(all));
    CHECK_INT(ls_revindex_get(read, &none, &all), LS_EPARSE); /* the row at the end */
    for (size_t p = 0; p < sizeof plans / sizeof *plans; p++) {
      ls_where w = {"Plan", plans[p]};
      ls_scope sc = {&w, 1};
      const ls_revindex *x = NULL, *y = NULL;
      CHECK_INT(ls_revindex_get(cut, &sc, &x), LS_OK);
      CHECK_INT(ls_revindex_get(read, &sc, &y), LS_OK);
      if (!x || !y) continue;
      if (!same_index(x, y)) CHECK_FAIL_("seed %llu, plan %s: the indexes differ", (unsigned long long)seed, plans[p]);
      if (!well_formed(x)) CHECK_FAIL_("seed %llu, plan %s: badly formed", (unsigned long long)seed, plans[p]);
      compared++;
      subs += (int)x->nsubs;
    }
    ls_workspace_free(cut);
    ls_workspace_free(read);
  }
  CHECK_INT(compared, 18);
  CHECK(subs > 100); /* the plans hold subscriptions */
}

int main(void) {
  RUN(an_index_cut_from_every_row_s_should_equal_one_read_from_the_kept_rows);
  return check_done();
}
