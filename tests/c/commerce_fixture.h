/* commerce_fixture.h: the workspace of data/fixtures/orders_commerce.csv
 * (and events_commerce.csv) for the commerce tests. */
#ifndef LS_COMMERCE_FIXTURE_H
#define LS_COMMERCE_FIXTURE_H

#include "revenue_fixture.h"
#include "source_file.h"

/* Load fixture file rel (under data/fixtures/) into ws; the status. */
static inline ls_status add_fixture(ls_workspace *ws, const char *rel) {
  char path[256];
  size_t n;
  snprintf(path, sizeof path, "data/fixtures/%s", rel);
  unsigned char *bytes = source_file(path, &n);
  if (!bytes) {
    printf("  cannot read %s\n", path);
    return LS_EIO;
  }
  ls_status st = add_csv(ws, rel, (const char *)bytes);
  free(bytes);
  return st;
}

/* The orders fixture, with the events fixture when events, in USD at
 * EUR=2 when rates. */
static inline ls_workspace *orders_ws(int events, int rates) {
  ls_workspace *ws = ls_workspace_new();
  add_fixture(ws, "orders_commerce.csv");
  if (events) add_fixture(ws, "events_commerce.csv");
  if (rates) {
    ls_workspace_set(ws, "currency", "USD");
    ls_workspace_set(ws, "rates", "EUR=2");
  }
  return ws;
}

#endif
