/* fuzz_whmap.c: libFuzzer target for the warehouse mapping file
 * (warehouse/whmap.h; tools/fuzz builds it).
 *
 * Whatever the bytes: no crash, no leak; a parse either succeeds or fails
 * with LS_EINVAL and a message; a mapping that parses writes back as JSON
 * that parses to the same tables, and exports the dau query or refuses it
 * with a reason. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "warehouse/whexport.h"
#include "warehouse/whmap.h"

static ls_wh_mapping A, B;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256] = "";
  ls_alloc_init_json();
  ls_status s = ls_wh_mapping_parse((const char *)data, size, &A, err, sizeof err);
  if (s != LS_OK) {
    if (s != LS_EINVAL || !err[0]) abort();
    return 0;
  }
  char *json = NULL;
  if (ls_wh_mapping_write(&A, &json) != LS_OK) abort();
  if (ls_wh_mapping_parse(json, strlen(json), &B, err, sizeof err) != LS_OK) abort();
  for (int k = 0; k < LS_KIND_COUNT; k++) {
    if (A.t[k].present != B.t[k].present || strcmp(A.t[k].table, B.t[k].table) != 0) abort();
    for (int r = 0; r < LS_ROLE_COUNT; r++)
      if (strcmp(A.t[k].col[r], B.t[k].col[r]) != 0) abort();
  }
  ls_wh_request r = {0};
  r.metric = "dau";
  char *sql = NULL;
  ls_wh_mapping_defaults(&A, 1u << LS_KIND_EVENTS);
  s = ls_wh_export(&A, LS_WH_CLICKHOUSE, &r, &sql, err, sizeof err);
  if ((s == LS_OK) != (sql != NULL) || (s != LS_OK && !err[0])) abort();
  ls_free(sql);
  ls_free(json);
  ls_wh_mapping_free(&A);
  ls_wh_mapping_free(&B);
  return 0;
}
