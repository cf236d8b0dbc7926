/* check.h: the tiny test harness of the C test executables.
 *
 *   TEST(parse_number_should_read_negative_integers) { CHECK_INT(..., -3); }
 *   int main(void) { RUN(parse_number_should_read_negative_integers); return check_done(); }
 *
 * Each executable prints one line per failed check, one line per test, and a
 * last line "N passed, N failed"; it exits 1 when anything failed. */
#ifndef LS_CHECK_H
#define LS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed, check_current_failed;

#define TEST(name) static void name(void)

#define RUN(name)                                                        \
  do {                                                                   \
    check_current_failed = 0;                                            \
    name();                                                              \
    if (check_current_failed) {                                          \
      check_failed++;                                                    \
      printf("FAIL %s\n", #name);                                        \
    } else {                                                             \
      check_passed++;                                                    \
      printf("ok   %s\n", #name);                                        \
    }                                                                    \
    fflush(stdout);                                                      \
  } while (0)

#define CHECK_FAIL_(...)                                                 \
  do {                                                                   \
    printf("  %s:%d: ", __FILE__, __LINE__);                             \
    printf(__VA_ARGS__);                                                 \
    printf("\n");                                                        \
    check_current_failed = 1;                                            \
  } while (0)

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) CHECK_FAIL_("expected %s", #cond);                      \
  } while (0)

#define CHECK_INT(got, want)                                             \
  do {                                                                   \
    long long g_ = (long long)(got), w_ = (long long)(want);             \
    if (g_ != w_) CHECK_FAIL_("%s is %lld, expected %lld", #got, g_, w_); \
  } while (0)

/* equal within eps (absolute), or both NaN */
#define CHECK_NUM(got, want, eps)                                        \
  do {                                                                   \
    double g_ = (double)(got), w_ = (double)(want);                      \
    if (!((isnan(g_) && isnan(w_)) || fabs(g_ - w_) <= (eps)))           \
      CHECK_FAIL_("%s is %.10g, expected %.10g", #got, g_, w_);          \
  } while (0)

#define CHECK_STR(got, want)                                             \
  do {                                                                   \
    const char *g_ = (got), *w_ = (want);                                \
    if (!g_ || strcmp(g_, w_) != 0)                                      \
      CHECK_FAIL_("%s is \"%s\", expected \"%s\"", #got, g_ ? g_ : "(null)", w_); \
  } while (0)

/* substring */
#define CHECK_HAS(got, part)                                             \
  do {                                                                   \
    const char *g_ = (got), *p_ = (part);                                \
    if (!g_ || !strstr(g_, p_))                                          \
      CHECK_FAIL_("%s is \"%s\", expected it to contain \"%s\"", #got, g_ ? g_ : "(null)", p_); \
  } while (0)

static inline int check_done(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  fflush(stdout);
  return check_failed ? 1 : 0;
}

#endif
