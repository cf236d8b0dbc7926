/* test_condexpr.c: the condition language of entity rules (monitor/condexpr.h). */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "monitor/condexpr.h"

/* one row: up to four named numbers and one named string */
typedef struct {
  const char *name[4];
  double num[4];
  const char *sname, *sval;
} row;

static int lookup(void *ctx, const char *name, double *num, const char **str) {
  row *r = ctx;
  for (int i = 0; i < 4; i++)
    if (r->name[i] && strcmp(r->name[i], name) == 0) {
      *num = r->num[i];
      return 1;
    }
  if (r->sname && strcmp(r->sname, name) == 0) {
    *str = r->sval;
    return 1;
  }
  return 0;
}

/* evaluate text with score = s (and roas, spend_velocity, status as given) */
static int eval_row(const char *text, row *r) {
  ls_condexpr *e = NULL;
  char err[128];
  size_t at;
  if (ls_condexpr_parse(text, &e, &at, err, sizeof err) != LS_OK) {
    printf("  parse failed: %s: %s\n", text, err);
    return -2;
  }
  int v = ls_condexpr_eval(e, lookup, r, NULL);
  ls_condexpr_free(e);
  return v;
}

static int eval_score(const char *text, double score) {
  row r = {{"score"}, {score}, NULL, NULL};
  return eval_row(text, &r);
}

TEST(condexpr_should_treat_the_boundary_as_strict_or_inclusive_as_written) {
  static const struct {
    const char *text;
    double score;
    int want;
  } cases[] = {
      /* score < 3.5: 3.4 true; 3.5 is the boundary, false; 3.6 false */
      {"score < 3.5", 3.4, 1},
      {"score < 3.5", 3.5, 0},
      {"score < 3.5", 3.6, 0},
      /* 3.5 <= score < 3.6: 3.5 true (inclusive), 3.59 true, 3.6 false (strict), 3.4 false */
      {"3.5 <= score < 3.6", 3.5, 1},
      {"3.5 <= score < 3.6", 3.59, 1},
      {"3.5 <= score < 3.6", 3.6, 0},
      {"3.5 <= score < 3.6", 3.4, 0},
      /* the same as the and form */
      {"score >= 3.5 and score < 3.6", 3.5, 1},
      {"score >= 3.5 and score < 3.6", 3.6, 0},
      /* = and != and their spellings */
      {"score = 4", 4.0, 1},
      {"score == 4", 4.0, 1},
      {"score != 4", 4.0, 0},
      {"score <> 4", 3.0, 1},
      {"score >= -1e1", -10.0, 1}, /* -1e1 is -10 */
      {"4 > score > 3.5", 3.6, 1}, /* a chain read right to left: 3.5 < 3.6 < 4 */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int got = eval_score(cases[i].text, cases[i].score);
    if (got != cases[i].want) printf("  %s at %g\n", cases[i].text, cases[i].score);
    CHECK_INT(got, cases[i].want);
  }
}

TEST(condexpr_should_judge_compound_rules) {
  /* roas < 1.5 and spend_velocity > 2 */
  const char *rule = "roas < 1.5 and spend_velocity > 2";
  row both = {{"roas", "spend_velocity"}, {1.2, 3.0}, NULL, NULL};
  row roas_only = {{"roas", "spend_velocity"}, {1.2, 2.0}, NULL, NULL}; /* 2 > 2 is false */
  row fast_only = {{"roas", "spend_velocity"}, {1.5, 5.0}, NULL, NULL}; /* 1.5 < 1.5 is false */
  CHECK_INT(eval_row(rule, &both), 1);
  CHECK_INT(eval_row(rule, &roas_only), 0);
  CHECK_INT(eval_row(rule, &fast_only), 0);
  /* string equality and not */
  row paused = {{"roas"}, {1.0}, "status", "paused"};
  CHECK_INT(eval_row("status = 'paused'", &paused), 1);
  CHECK_INT(eval_row("status != 'paused'", &paused), 0);
  CHECK_INT(eval_row("not status = 'paused' and roas < 2", &paused), 0);
  CHECK_INT(eval_row("NOT (status = 'active') AND roas < 2", &paused), 1);
  /* a string column compared with a number is false, not an error */
  CHECK_INT(eval_row("status < 3", &paused), 0);
  /* a quoted column name */
  row odd = {{"spend (usd)"}, {10.0}, NULL, NULL};
  CHECK_INT(eval_row("\"spend (usd)\" > 9.5", &odd), 1);
}

TEST(condexpr_should_bind_and_tighter_than_or) {
  /* a or b and c is a or (b and c): with a true, b false: true (it would be false as (a or b) and c) */
  row r = {{"a", "b", "c"}, {1, 0, 0}, NULL, NULL};
  CHECK_INT(eval_row("a = 1 or b = 1 and c = 1", &r), 1);
  CHECK_INT(eval_row("(a = 1 or b = 1) and c = 1", &r), 0);
  /* b and c or a: (b and c) or a: true */
  CHECK_INT(eval_row("b = 1 and c = 1 or a = 1", &r), 1);
  /* not binds tighter than and: (not a=1) and b=0 is false and true: false */
  CHECK_INT(eval_row("not a = 1 and b = 0", &r), 0);
}

TEST(condexpr_should_make_a_null_or_nan_comparison_false) {
  double nan = NAN;
  CHECK_INT(eval_score("score < 3.5", nan), 0);
  CHECK_INT(eval_score("score >= 3.5", nan), 0);
  CHECK_INT(eval_score("score != 3.5", nan), 0);
  CHECK_INT(eval_score("not score < 3.5", nan), 1); /* not of a false comparison */
  /* an unknown name: -1 and its name */
  ls_condexpr *e = NULL;
  CHECK_INT(ls_condexpr_parse("score < 1 or nope > 2", &e, NULL, NULL, 0), LS_OK);
  row r = {{"score"}, {5}, NULL, NULL};
  const char *missing = NULL;
  CHECK_INT(ls_condexpr_eval(e, lookup, &r, &missing), -1);
  CHECK_STR(missing, "nope");
  ls_condexpr_free(e);
}

TEST(condexpr_should_list_names_and_rank_hint) {
  ls_condexpr *e = NULL;
  int dir = 9;
  CHECK_INT(ls_condexpr_parse("roas < 1.5 and spend_velocity > 2 and roas > 0", &e, NULL, NULL, 0), LS_OK);
  CHECK_INT(ls_condexpr_names(e), 2);
  CHECK_STR(ls_condexpr_name(e, 0), "roas");
  CHECK_STR(ls_condexpr_name(e, 1), "spend_velocity");
  CHECK_STR(ls_condexpr_rank_hint(e, &dir), "roas");
  CHECK_INT(dir, -1); /* roas < 1.5: low is worse */
  ls_condexpr_free(e);
  CHECK_INT(ls_condexpr_parse("3.5 < score", &e, NULL, NULL, 0), LS_OK);
  CHECK_STR(ls_condexpr_rank_hint(e, &dir), "score");
  CHECK_INT(dir, 1); /* 3.5 < score is score > 3.5: high is worse */
  ls_condexpr_free(e);
}

/* text must fail with its error at byte offset want (the message says column want + 1) */
static void check_error(const char *text, size_t want, const char *part) {
  ls_condexpr *e = (ls_condexpr *)1;
  char err[160];
  size_t at = 999;
  ls_status s = ls_condexpr_parse(text, &e, &at, err, sizeof err);
  CHECK_INT(s, LS_EPARSE);
  CHECK(e == NULL);
  if (at != want) printf("  %s: offset %zu, expected %zu (%s)\n", text, at, want, err);
  CHECK_INT(at, want);
  char col[32];
  snprintf(col, sizeof col, "at column %zu:", want + 1);
  CHECK_HAS(err, col);
  CHECK_HAS(err, part);
}

TEST(condexpr_should_name_the_offset_of_malformed_expressions) {
  check_error("", 0, "empty");
  check_error("score", 5, "expected a comparison");        /* the end, after 5 bytes */
  check_error("score <", 7, "expected a number");           /* nothing after < */
  check_error("score < 3.5 and", 15, "expected a number");  /* and with no right side */
  check_error("(score < 3.5", 0, "never closed");           /* the '(' at 0 */
  check_error("score < 3.5)", 11, "without '('");
  check_error("score < 3.5 score > 1", 12, "expected 'and', 'or'");
  check_error("score # 3", 6, "an unexpected character");
  check_error("status = 'paused", 9, "unterminated string");
  check_error("status < 'a'", 7, "only with = or !=");
  check_error("3 = 'a'", 2, "compared with a number");
  check_error("score < 3x", 8, "unexpected character");
  check_error("\"\" < 3", 0, "empty column name");
  check_error("score < 1e999", 8, "out of range");
}

/* n '(' , "a < 1", n ')' into buf */
static void nested(char *buf, int n) {
  memset(buf, '(', (size_t)n);
  strcpy(buf + n, "a < 1");
  memset(buf + n + 5, ')', (size_t)n);
  buf[2 * n + 5] = '\0';
}

TEST(condexpr_should_refuse_deep_nesting_without_crashing) {
  char buf[700];
  ls_condexpr *e = NULL;
  /* 64 levels are allowed (docs/monitoring-entities.md); the 65th '(' is at offset 64 */
  nested(buf, 64);
  CHECK_INT(ls_condexpr_parse(buf, &e, NULL, NULL, 0), LS_OK);
  ls_condexpr_free(e);
  nested(buf, 65);
  check_error(buf, 64, "nested too deeply (more than 64");
  /* 300 levels: refused at the same '(' */
  nested(buf, 300);
  check_error(buf, 64, "nested too deeply");
  /* 'not' nests too: the 65th "not " starts at 64 * 4 = 256 */
  for (int i = 0; i < 65; i++) memcpy(buf + 4 * i, "not ", 4);
  strcpy(buf + 260, "a < 1");
  check_error(buf, 256, "nested too deeply");
  buf[252] = '\0'; /* 63 nots */
  strcat(buf, "a < 1");
  CHECK_INT(ls_condexpr_parse(buf, &e, NULL, NULL, 0), LS_OK);
  ls_condexpr_free(e);
}

TEST(condexpr_should_refuse_a_number_longer_than_63_characters) {
  /* 63 digits are read whole: 1 followed by 62 zeros is 1e62 (not cut to a shorter number) */
  char buf[100] = "a < 1";
  memset(buf + 5, '0', 62);
  buf[67] = '\0';
  row r = {{"a"}, {1e61}, NULL, NULL};
  CHECK_INT(eval_row(buf, &r), 1);
  r.num[0] = 1e63;
  CHECK_INT(eval_row(buf, &r), 0);
  strcat(buf, "0"); /* 64 characters, from offset 4 */
  check_error(buf, 4, "number too long (more than 63 characters)");
}

/* "roas < 1 and " (13 bytes) terms-1 times, then "roas < 1"; caller frees */
static char *and_chain(size_t terms) {
  char *t = malloc(terms * 13 + 1);
  if (!t) return NULL;
  for (size_t i = 0; i < terms; i++) memcpy(t + i * 13, "roas < 1 and ", 13);
  t[terms * 13 - 5] = '\0'; /* drop the last " and " */
  return t;
}

TEST(condexpr_should_refuse_a_long_and_chain_without_crashing) {
  /* term 1 is 3 parts (roas, 1, <), each later one 4 (and): k terms are 4k - 1
     parts. 250 terms = 999 parts: parsed and judged (roas 0.5 < 1 throughout).
     Term 251's name is part 1000, its number the 1001st: refused there, at
     byte 250 * 13 + 7 = 3257 ("roas < " is 7 bytes). 300000 terms stop at the
     same place instead of overflowing the stack when judged. */
  char *ok = and_chain(250);
  row r = {{"roas"}, {0.5}, NULL, NULL};
  CHECK_INT(eval_row(ok, &r), 1);
  free(ok);
  char *over = and_chain(251);
  check_error(over, 3257, "too long (more than 1000 parts)");
  free(over);
  char *huge = and_chain(300000);
  check_error(huge, 3257, "too long");
  free(huge);
}

int main(void) {
  RUN(condexpr_should_treat_the_boundary_as_strict_or_inclusive_as_written);
  RUN(condexpr_should_judge_compound_rules);
  RUN(condexpr_should_bind_and_tighter_than_or);
  RUN(condexpr_should_make_a_null_or_nan_comparison_false);
  RUN(condexpr_should_list_names_and_rank_hint);
  RUN(condexpr_should_name_the_offset_of_malformed_expressions);
  RUN(condexpr_should_refuse_deep_nesting_without_crashing);
  RUN(condexpr_should_refuse_a_long_and_chain_without_crashing);
  RUN(condexpr_should_refuse_a_number_longer_than_63_characters);
  return check_done();
}
