/* test_base.c: status table, allocator, dictionary, number text, keys, radix sort. */
#include <math.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "base/keymap.h"
#include "base/numfmt.h"
#include "base/radix.h"
#include "base/status.h"
#include "check.h"
#include "table/table.h"

TEST(status_table_should_name_and_describe_every_code) {
  CHECK_STR(ls_status_name(LS_OK), "LS_OK");
  CHECK_STR(ls_status_name(LS_EPARSE), "LS_EPARSE");
  CHECK_STR(ls_status_message(LS_EPARSE), "malformed input");
  CHECK_STR(ls_status_name(LS_STATUS_COUNT), "?");
  CHECK_STR(ls_status_message(-1), "unknown status");
  for (int s = 0; s < LS_STATUS_COUNT; s++) CHECK(strlen(ls_status_message(s)) > 0);
}

TEST(allocator_should_fail_on_demand_and_recover) {
  ls_alloc_fail_after(2);
  void *a = ls_malloc(8), *b = ls_malloc(8), *c = ls_malloc(8);
  CHECK(a != NULL);
  CHECK(b == NULL);
  CHECK(c != NULL);
  ls_alloc_fail_after(0);
  ls_free(a);
  ls_free(c);
  CHECK(ls_calloc(SIZE_MAX / 2, 4) == NULL); /* overflow */
}

TEST(dict_should_give_dense_ids_in_order_of_first_insertion) {
  ls_dict *d = ls_dict_new();
  CHECK_INT(ls_dict_intern(d, "pro", 3), 0);
  CHECK_INT(ls_dict_intern(d, "basic", 5), 1);
  CHECK_INT(ls_dict_intern(d, "pro", 3), 0);
  CHECK_INT(ls_dict_intern(d, "", 0), 2);
  CHECK_INT(ls_dict_intern(d, "a\0b", 3), 3); /* embedded NUL is part of the key */
  CHECK_INT(ls_dict_find(d, "a", 1), -1);
  CHECK_INT(ls_dict_size(d), 4);
  size_t len;
  CHECK_STR(ls_dict_str(d, 1, &len), "basic");
  CHECK_INT(len, 5);
  ls_dict_free(d);
  ls_dict_free(NULL);
}

TEST(dict_should_hold_a_hundred_thousand_strings) {
  ls_dict *d = ls_dict_new();
  char buf[32];
  for (int i = 0; i < 100000; i++) {
    int n = snprintf(buf, sizeof buf, "user-%d", i);
    CHECK_INT(ls_dict_intern(d, buf, (size_t)n), i);
  }
  for (int i = 0; i < 100000; i += 997) {
    int n = snprintf(buf, sizeof buf, "user-%d", i);
    CHECK_INT(ls_dict_find(d, buf, (size_t)n), i);
  }
  ls_dict_free(d);
}

TEST(dict_should_report_out_of_memory_without_losing_entries) {
  for (unsigned long k = 1; k < 12; k++) {
    ls_dict *d = ls_dict_new();
    if (!d) continue;
    ls_alloc_fail_after(k);
    int failed = 0;
    char buf[16];
    for (int i = 0; i < 200 && !failed; i++) {
      int n = snprintf(buf, sizeof buf, "k%d", i);
      if (ls_dict_intern(d, buf, (size_t)n) < 0) failed = 1;
    }
    ls_alloc_fail_after(0);
    /* what went in before the failure is still there */
    CHECK_INT(ls_dict_find(d, "k0", 2) >= 0 || ls_dict_size(d) == 0, 1);
    ls_dict_free(d);
  }
}

TEST(numbers_should_print_as_plain_shortest_decimals) {
  char b[LS_NUMFMT_MAX];
  CHECK_STR(ls_fmt_double(12500, b), "12500");
  CHECK_STR(ls_fmt_double(0.1, b), "0.1");
  CHECK_STR(ls_fmt_double(-3, b), "-3");
  CHECK_STR(ls_fmt_double(0, b), "0");
  CHECK_STR(ls_fmt_double(2000.0 / 12, b), "166.66666666666666");
  CHECK_STR(ls_fmt_double(68 + 190.0 / 12, b), "83.83333333333333"); /* as JS prints it */
  CHECK_STR(ls_fmt_double(1e21, b), "1000000000000000000000");
  CHECK_STR(ls_fmt_double(1.5e-7, b), "0.00000015");
  CHECK_STR(ls_fmt_double(123456789012345680.0, b), "123456789012345680");
  CHECK_STR(ls_fmt_double(NAN, b), "");
  CHECK_STR(ls_fmt_double(INFINITY, b), "");
}

TEST(keymap_should_number_string_keys_by_first_appearance) {
  ls_column *c = ls_column_new("user", LS_TYPE_STRING);
  const char *v[] = {"b", "a", "b", NULL, "c", "a"};
  for (int i = 0; i < 6; i++)
    if (v[i])
      ls_column_push_str(c, v[i], 1);
    else
      ls_column_push_null(c);
  int32_t *ids;
  size_t n;
  CHECK_INT(ls_keymap_build(c, &ids, &n), LS_OK);
  CHECK_INT(n, 3);
  int32_t want[] = {0, 1, 0, -1, 2, 1};
  for (int i = 0; i < 6; i++) CHECK_INT(ids[i], want[i]);
  ls_free(ids);
  ls_column_free(c);
}

TEST(keymap_should_number_integer_keys_and_refuse_other_types) {
  ls_column *c = ls_column_new("user", LS_TYPE_INT64);
  int64_t v[] = {-5, 1LL << 40, -5, 0, 1LL << 40};
  for (int i = 0; i < 5; i++) ls_column_push_i64(c, v[i]);
  int32_t *ids;
  size_t n;
  CHECK_INT(ls_keymap_build(c, &ids, &n), LS_OK);
  CHECK_INT(n, 3);
  int32_t want[] = {0, 1, 0, 2, 1};
  for (int i = 0; i < 5; i++) CHECK_INT(ids[i], want[i]);
  ls_free(ids);
  ls_column_free(c);
  ls_column *d = ls_column_new("x", LS_TYPE_DOUBLE);
  CHECK_INT(ls_keymap_build(d, &ids, &n), LS_EINVAL);
  ls_column_free(d);
}

TEST(keymap_should_fall_back_to_a_second_column_in_a_key_space_of_its_own) {
  /* users u1, u2 (ids 0, 1); the null rows take their anonymous id: a9 is
   * key 2 and u1 as an anonymous id is key 3, not u1's 0; a row null in both
   * has none; anonymous ids of rows with a user are not read */
  ls_column *user = ls_column_new("userId", LS_TYPE_STRING), *anon = ls_column_new("anonymousId", LS_TYPE_STRING);
  const char *u[] = {"u1", NULL, "u2", NULL, NULL, "u1", NULL};
  const char *a[] = {"x", "a9", "y", NULL, "u1", "z", "a9"};
  for (int i = 0; i < 7; i++) {
    if (u[i]) ls_column_push_str(user, u[i], 2); else ls_column_push_null(user);
    if (a[i]) ls_column_push_str(anon, a[i], strlen(a[i])); else ls_column_push_null(anon);
  }
  int32_t *ids;
  size_t n;
  CHECK_INT(ls_keymap_build_fallback(user, anon, &ids, &n), LS_OK);
  CHECK_INT(n, 4);
  int32_t want[] = {0, 2, 1, -1, 3, 0, 2};
  for (int i = 0; i < 7; i++) CHECK_INT(ids[i], want[i]);
  ls_free(ids);
  /* no fallback, or one of a type that cannot be a key: ls_keymap_build */
  ls_column *d = ls_column_new("x", LS_TYPE_DOUBLE);
  for (int i = 0; i < 7; i++) ls_column_push_f64(d, 1.5);
  CHECK_INT(ls_keymap_build_fallback(user, d, &ids, &n), LS_OK);
  CHECK_INT(n, 2);
  CHECK_INT(ids[1], -1);
  ls_free(ids);
  CHECK_INT(ls_keymap_build_fallback(user, NULL, &ids, &n), LS_OK);
  CHECK_INT(n, 2);
  ls_free(ids);
  ls_column_free(d);
  ls_column_free(user);
  ls_column_free(anon);
}

TEST(radix_sort_should_match_a_comparison_sort) {
  enum { N = 5000 };
  static uint64_t keys[N], tmp[N];
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < N; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    keys[i] = x & ((1ULL << 45) - 1);
  }
  ls_radix_sort_u64(keys, tmp, N, 45);
  int sorted = 1;
  for (int i = 1; i < N; i++) sorted &= keys[i - 1] <= keys[i];
  CHECK(sorted);
  CHECK_INT(ls_bits_for(0), 0);
  CHECK_INT(ls_bits_for(1), 1);
  CHECK_INT(ls_bits_for(255), 8);
  CHECK_INT(ls_bits_for(256), 9);
}

TEST(columns_should_keep_flags_and_a_bounded_currency_code) {
  ls_column *c = ls_column_new("paid_at", LS_TYPE_TIME);
  CHECK(c != NULL);
  CHECK_INT(ls_column_flags(c), 0);
  CHECK_STR(ls_column_currency(c), "");
  ls_column_set_flags(c, LS_COL_DATE | LS_COL_LOCAL);
  CHECK_INT(ls_column_flags(c), LS_COL_DATE | LS_COL_LOCAL);
  ls_column_set_currency(c, "CNY");
  CHECK_STR(ls_column_currency(c), "CNY");
  ls_column_set_currency(c, "ABCDEFGHIJ");
  CHECK_STR(ls_column_currency(c), "ABCDEFG");
  ls_column_set_currency(c, NULL);
  CHECK_STR(ls_column_currency(c), "");
  CHECK(ls_column_push_i64(c, 86400000) == LS_OK);
  ls_column_i64_mut(c)[0] -= 3600000;
  CHECK(ls_column_i64(c)[0] == 82800000);
  ls_column_free(c);
}

int main(void) {
  RUN(status_table_should_name_and_describe_every_code);
  RUN(keymap_should_fall_back_to_a_second_column_in_a_key_space_of_its_own);
  RUN(allocator_should_fail_on_demand_and_recover);
  RUN(dict_should_give_dense_ids_in_order_of_first_insertion);
  RUN(dict_should_hold_a_hundred_thousand_strings);
  RUN(dict_should_report_out_of_memory_without_losing_entries);
  RUN(numbers_should_print_as_plain_shortest_decimals);
  RUN(keymap_should_number_string_keys_by_first_appearance);
  RUN(keymap_should_number_integer_keys_and_refuse_other_types);
  RUN(radix_sort_should_match_a_comparison_sort);
  RUN(columns_should_keep_flags_and_a_bounded_currency_code);
  return check_done();
}
