/* test_jsonl_values.c: what the JSON Lines reader makes of values: typed
 * columns, flattened objects, arrays and wide objects as JSON text, nulls,
 * escapes, number texts, repeated keys, and the analytics exports. */
#include <stdint.h>

#include "check.h"
#include "ingest/jsonl.h"
#include "jsonl_parse.h"
#include "source_file.h"

/* ---- helpers ---- */

static ls_type type_of(const ls_table *t, const char *name) {
  const ls_column *c = col_named(t, name);
  return c ? ls_column_type(c) : LS_TYPE_COUNT;
}

/* ---- values ---- */

TEST(jsonl_should_read_one_row_per_object_with_typed_columns) {
  ls_table *t = table_of(
      "{\"id\":1,\"name\":\"ann\",\"score\":1.5,\"ok\":true}\n"
      "{\"id\":2,\"name\":\"bo\",\"score\":-2,\"ok\":false}\n");
  if (!t) return;
  CHECK_STR(ls_table_name(t), "t.jsonl");
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_INT(ls_table_ncols(t), 4);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "id");
  CHECK_STR(ls_column_name(ls_table_col(t, 3)), "ok");
  CHECK_INT(type_of(t, "id"), LS_TYPE_INT64);
  CHECK_INT(type_of(t, "name"), LS_TYPE_STRING);
  CHECK_INT(type_of(t, "score"), LS_TYPE_DOUBLE);
  CHECK_INT(type_of(t, "ok"), LS_TYPE_BOOL);
  CHECK_INT(ls_column_i64(col_named(t, "id"))[1], 2);
  CHECK_NUM(ls_column_f64(col_named(t, "score"))[1], -2, 0);
  CHECK_INT(ls_column_bool(col_named(t, "ok"))[0], 1);
  CHECK_STR(cell(t, "name", 1), "bo");
  ls_table_free(t);
}

TEST(jsonl_should_flatten_nested_objects_to_dotted_names) {
  ls_table *t = table_of("{\"a\":1,\"p\":{\"x\":\"s\",\"q\":{\"y\":\"deep\"}},\"z\":\"e\"}\n");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 4);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "a");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "p.x");
  CHECK_STR(ls_column_name(ls_table_col(t, 2)), "p.q.y");
  CHECK_STR(ls_column_name(ls_table_col(t, 3)), "z");
  CHECK_STR(cell(t, "p.q.y", 0), "deep");
  ls_table_free(t);
}

TEST(jsonl_should_keep_arrays_as_compact_json_text) {
  ls_table *t =
      table_of("{\"arr\": [1, \"t\\\"wo\" , {\"k\" : [ ]}, null, true, -1.5e3] ,\"e\":[ ]}\n");
  if (!t) return;
  CHECK_STR(cell(t, "arr", 0), "[1,\"t\\\"wo\",{\"k\":[]},null,true,-1.5e3]");
  CHECK_STR(cell(t, "e", 0), "[]");
  ls_table_free(t);
}

TEST(jsonl_should_keep_objects_beyond_eight_keys_as_compact_json_text) {
  ls_table *t = table_of(
      "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{ \"i\" : 1 },\"h2\":2}}}}}}}}\n");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 2);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "a.b.c.d.e.f.g.h");
  CHECK_STR(cell(t, "a.b.c.d.e.f.g.h", 0), "{\"i\":1}");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "a.b.c.d.e.f.g.h2");
  ls_table_free(t);
}

TEST(jsonl_should_add_no_column_for_an_empty_object) {
  ls_table *t = table_of("{\"a\":1,\"p\":{}}\n");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 1);
  ls_table_free(t);
}

TEST(jsonl_should_give_null_for_missing_keys_null_and_empty_strings) {
  ls_table *t =
      table_of("{\"a\":1,\"b\":\"x\"}\n{\"a\":2}\n{\"b\":null,\"a\":3}\n{\"a\":4,\"b\":\"\"}\n");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 4);
  CHECK_STR(cell(t, "b", 0), "x");
  CHECK_STR(cell(t, "b", 1), "~");
  CHECK_STR(cell(t, "b", 2), "~");
  CHECK_STR(cell(t, "b", 3), "~");
  CHECK_INT(ls_column_nulls(col_named(t, "b")), 3);
  CHECK_INT(ls_column_i64(col_named(t, "a"))[2], 3);
  ls_table_free(t);
}

TEST(jsonl_should_fill_nulls_before_a_key_first_seen_late) {
  strbuf b = {0};
  for (int i = 0; i < 1000; i++) putf(&b, "{\"a\":%d}\n", i);
  put(&b, "{\"a\":1000,\"late\":\"x\"}\n{\"a\":1001}\n", 33);
  ls_table *t = table_of(b.s);
  free(b.s);
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 1002);
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "late");
  const ls_column *late = col_named(t, "late");
  CHECK_INT(ls_column_len(late), 1002);
  CHECK_INT(ls_column_nulls(late), 1001);
  CHECK_STR(cell(t, "late", 999), "~");
  CHECK_STR(cell(t, "late", 1000), "x");
  CHECK_STR(cell(t, "late", 1001), "~");
  ls_table_free(t);
}

TEST(jsonl_should_unescape_strings_and_replace_lone_surrogates) {
  ls_table *t = table_of(
      "{\"s\":\"q\\\"b\\\\s\\/"
      "n\\nt\\tr\\rb\\bf\\f\",\"u\":\"\\u00e9\\u65E5\",\"p\":\"\\ud83d\\ude00\","
      "\"l\":\"\\ud800x\",\"h\":\"\\udc00\",\"m\":\"\\uD800\\uD800\",\"z\":\"a\\u0000b\","
      "\"k\\u00e9y\":1}\n");
  if (!t) return;
  CHECK_STR(cell(t, "s", 0), "q\"b\\s/n\nt\tr\rb\bf\f");
  CHECK_STR(cell(t, "u", 0), "\xC3\xA9\xE6\x97\xA5");
  CHECK_STR(cell(t, "p", 0), "\xF0\x9F\x98\x80");
  CHECK_STR(cell(t, "l", 0), "\xEF\xBF\xBDx");
  CHECK_STR(cell(t, "h", 0), "\xEF\xBF\xBD");
  CHECK_STR(cell(t, "m", 0), "\xEF\xBF\xBD\xEF\xBF\xBD");
  size_t len = 0;
  const char *z = ls_column_str(col_named(t, "z"), 0, &len);
  CHECK(z && len == 3 && memcmp(z, "a\0b", 3) == 0);
  CHECK(ls_table_find(t, "k\xC3\xA9y") != NULL);
  ls_table_free(t);
}

TEST(jsonl_should_keep_raw_control_characters_inside_strings) {
  ls_table *t = table_of("{\"a\":\"x\ty\rz\"}\n");
  if (!t) return;
  CHECK_STR(cell(t, "a", 0), "x\ty\rz");
  ls_table_free(t);
}

TEST(jsonl_should_keep_number_texts_exactly) {
  char *got = records_of(
      "{\"n\":1.50}\n{\"n\":-0}\n{\"n\":1E+2}\n{\"n\":12345678901234567890}\n"
      "{\"n\":0.1e-7}\n",
      0);
  CHECK_STR(got, "1: n=1.50\n2: n=-0\n3: n=1E+2\n4: n=12345678901234567890\n5: n=0.1e-7\n");
  free(got);
  ls_table *t = table_of("{\"n\":12345678901234567890}\n{\"n\":1.50}\n");
  if (!t) return;
  CHECK_INT(type_of(t, "n"), LS_TYPE_STRING); /* too big for int64: kept as text */
  CHECK_STR(cell(t, "n", 0), "12345678901234567890");
  CHECK_STR(cell(t, "n", 1), "1.50");
  ls_table_free(t);
}

TEST(jsonl_should_let_the_last_of_repeated_keys_win) {
  ls_table *t =
      table_of("{\"a\":1,\"b\":2,\"a\":3}\n{\"p\":{\"x\":1},\"p\":{\"y\":2},\"p\":{\"x\":5}}\n");
  if (!t) return;
  CHECK_INT(ls_column_i64(col_named(t, "a"))[0], 3);
  CHECK_INT(ls_column_i64(col_named(t, "p.x"))[1], 5);
  CHECK_INT(ls_column_i64(col_named(t, "p.y"))[1], 2);
  CHECK_INT(ls_column_valid(col_named(t, "a"), 1), 0);
  ls_table_free(t);
}

TEST(jsonl_should_send_a_scalar_and_an_object_of_one_key_to_two_columns) {
  ls_table *t = table_of("{\"p\":{\"x\":1}}\n{\"p\":\"s\"}\n{\"p\":\"t\",\"p\":{\"x\":2}}\n");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 2);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "p.x");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "p");
  CHECK_STR(cell(t, "p", 0), "~");
  CHECK_STR(cell(t, "p", 1), "s");
  CHECK_STR(cell(t, "p", 2), "t");
  CHECK_INT(ls_column_i64(col_named(t, "p.x"))[2], 2);
  CHECK_INT(ls_column_valid(col_named(t, "p.x"), 1), 0);
  ls_table_free(t);
}

/* ---- the fixtures ---- */

/* The table of a fixture, read whole; checks that byte by byte gives the same. */
static ls_table *fixture_table(const char *name) {
  char path[256];
  size_t n;
  snprintf(path, sizeof path, "data/fixtures/%s", name);
  char *text = source_text(path, &n);
  if (!text) return NULL;
  parsed whole = parse_chunks(text, n, 0), bytes = parse_chunks(text, n, 1);
  char *a = dump(&whole), *b = dump(&bytes);
  if (strcmp(a, b) != 0) CHECK_FAIL_("%s read byte by byte differs", name);
  if (whole.st != LS_OK) CHECK_FAIL_("%s: %s", name, whole.msg);
  free(a);
  free(b);
  drop(&bytes);
  free(text);
  return whole.t;
}

static void check_names(const ls_table *t, const char *const *names, size_t n) {
  CHECK_INT(ls_table_ncols(t), n);
  for (size_t i = 0; i < n && i < ls_table_ncols(t); i++)
    CHECK_STR(ls_column_name(ls_table_col(t, i)), names[i]);
}

TEST(jsonl_should_read_the_mixpanel_export) {
  ls_table *t = fixture_table("mixpanel_events.jsonl");
  if (!t) return;
  static const char *const names[] = {"event",
                                      "properties.time",
                                      "properties.distinct_id",
                                      "properties.$insert_id",
                                      "properties.mp_country_code",
                                      "properties.$city",
                                      "properties.$browser",
                                      "properties.$os",
                                      "properties.mp_lib",
                                      "properties.plan",
                                      "properties.page",
                                      "properties.coupon",
                                      "properties.amount",
                                      "properties.currency",
                                      "properties.items"};
  check_names(t, names, 15);
  CHECK_INT(ls_table_rows(t), 30);
  CHECK_INT(type_of(t, "properties.time"), LS_TYPE_TIME); /* epoch seconds under a time-like name */
  CHECK_INT(ls_column_i64(col_named(t, "properties.time"))[0], INT64_C(1736083320000));
  CHECK_INT(ls_column_i64(col_named(t, "properties.time"))[29], INT64_C(1736148553000));
  CHECK_INT(type_of(t, "properties.amount"), LS_TYPE_DOUBLE);
  CHECK_NUM(ls_column_f64(col_named(t, "properties.amount"))[4], 29.99, 0);
  CHECK_INT(ls_column_nulls(col_named(t, "properties.amount")), 25);
  CHECK_STR(cell(t, "event", 4), "Purchase");
  CHECK_STR(cell(t, "properties.distinct_id", 29), "u6");
  CHECK_STR(cell(t, "properties.$city", 7), "\xE5\x8C\x97\xE4\xBA\xAC"); /* from \u5317\u4eac */
  CHECK_STR(cell(t, "properties.items", 4), "[\"sku-4\",\"sku-9\"]");
  CHECK_INT(ls_column_nulls(col_named(t, "properties.coupon")), 30);
  CHECK_STR(cell(t, "properties.page", 0), "~");
  CHECK_STR(cell(t, "properties.page", 1), "/pricing");
  ls_table_free(t);
}

TEST(jsonl_should_read_the_segment_export) {
  ls_table *t = fixture_table("segment_events.jsonl");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 30);
  CHECK_INT(ls_table_ncols(t), 32);
  static const char *const first[] = {
      "type",      "event",     "userId",     "anonymousId",
      "messageId", "timestamp", "receivedAt", "properties.order_id"};
  for (size_t i = 0; i < 8; i++) CHECK_STR(ls_column_name(ls_table_col(t, i)), first[i]);
  CHECK_INT(type_of(t, "timestamp"), LS_TYPE_TIME);
  /* 2025-01-05T14:03:00.137Z */
  CHECK_INT(ls_column_i64(col_named(t, "timestamp"))[1], INT64_C(1736085780137));
  CHECK_STR(cell(t, "userId", 3), "~");
  CHECK_STR(cell(t, "event", 2), "~"); /* a page call has no event */
  CHECK_STR(cell(t, "name", 2), "Pricing");
  CHECK_STR(cell(t, "context.page.url", 1), "https://lodestar.example/pricing");
  CHECK_STR(cell(t, "context.library.name", 0), "analytics.js");
  CHECK_STR(cell(t, "properties.products", 0),
            "[{\"product_id\":\"p0\",\"price\":29.99,\"quantity\":1}]");
  CHECK_STR(cell(t, "properties.title", 2), "Pricing \xE2\x80\x93 Lodestar");
  CHECK_STR(cell(t, "traits.company.name", 3), "Acme 0");
  CHECK_INT(type_of(t, "traits.company.employees"), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(col_named(t, "traits.company.employees"))[3], 15);
  CHECK_INT(ls_column_nulls(col_named(t, "context.campaign.source")), 20);
  CHECK_STR(cell(t, "context.campaign.source", 20), "newsletter");
  CHECK_INT(type_of(t, "properties.revenue"), LS_TYPE_DOUBLE);
  CHECK_NUM(ls_column_f64(col_named(t, "properties.revenue"))[0], 29.99, 0);
  ls_table_free(t);
}

TEST(jsonl_should_read_the_amplitude_export) {
  ls_table *t = fixture_table("amplitude_events.jsonl");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 30);
  CHECK_INT(ls_table_ncols(t), 26);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "$insert_id");
  CHECK_STR(ls_column_name(ls_table_col(t, 3)), "event_type");
  CHECK_INT(type_of(t, "event_time"), LS_TYPE_TIME);
  /* 2025-01-05 14:15:00.123457: the fraction kept to the millisecond */
  CHECK_INT(ls_column_i64(col_named(t, "event_time"))[1], INT64_C(1736086500123));
  CHECK_INT(type_of(t, "session_id"), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(col_named(t, "session_id"))[0], INT64_C(1736083320000));
  CHECK_STR(cell(t, "user_id", 0), "~");
  CHECK_STR(cell(t, "user_id", 1), "u2");
  CHECK_STR(cell(t, "user_properties.plan", 1), "pro");
  CHECK_STR(cell(t, "event_properties.dashboard", 1), "Revenue");
  CHECK_INT(type_of(t, "event_properties.rows"), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(col_named(t, "event_properties.rows"))[2], 300);
  CHECK_INT(type_of(t, "is_attribution_event"), LS_TYPE_BOOL);
  CHECK_INT(ls_column_nulls(col_named(t, "version_name")), 30);
  CHECK(ls_table_find(t, "groups") == NULL); /* always {} */
  ls_table_free(t);
}

int main(void) {
  RUN(jsonl_should_read_one_row_per_object_with_typed_columns);
  RUN(jsonl_should_flatten_nested_objects_to_dotted_names);
  RUN(jsonl_should_keep_arrays_as_compact_json_text);
  RUN(jsonl_should_keep_objects_beyond_eight_keys_as_compact_json_text);
  RUN(jsonl_should_add_no_column_for_an_empty_object);
  RUN(jsonl_should_give_null_for_missing_keys_null_and_empty_strings);
  RUN(jsonl_should_fill_nulls_before_a_key_first_seen_late);
  RUN(jsonl_should_unescape_strings_and_replace_lone_surrogates);
  RUN(jsonl_should_keep_raw_control_characters_inside_strings);
  RUN(jsonl_should_keep_number_texts_exactly);
  RUN(jsonl_should_let_the_last_of_repeated_keys_win);
  RUN(jsonl_should_send_a_scalar_and_an_object_of_one_key_to_two_columns);
  RUN(jsonl_should_read_the_mixpanel_export);
  RUN(jsonl_should_read_the_segment_export);
  RUN(jsonl_should_read_the_amplitude_export);
  return check_done();
}
