/* gen_fixture.h: workspaces of the demo generator's tables (core/gen) for
 * the revenue tests. */
#ifndef LS_GEN_FIXTURE_H
#define LS_GEN_FIXTURE_H

#include "gen/gen.h"
#include "workspace/workspace.h"

typedef void (*gen_edit_fn)(ls_table *t[LS_GEN_TABLES], const ls_gen_options *o);

/* The generated customers, subscriptions, events and payments of seed over
 * users and days, edited first by edit (NULL: as generated); NULL when the
 * generator fails. The caller frees it with ls_workspace_free. */
static inline ls_workspace *gen_workspace(uint64_t seed, int users, int days, gen_edit_fn edit) {
  ls_gen_options o;
  ls_gen_defaults(&o);
  o.seed = seed;
  o.users = users;
  o.days = days;
  ls_table *t[LS_GEN_TABLES];
  if (ls_gen(&o, t) != LS_OK) return NULL;
  if (edit) edit(t, &o);
  ls_workspace *ws = ls_workspace_new();
  for (int i = 0; i < LS_GEN_TABLES; i++) ls_workspace_add(ws, t[i]);
  return ws;
}

#endif
