/* toolcmd.c: the tool command (cli/toolcmd.h). */
#include "cli/toolcmd.h"

#include <stdio.h>
#include <string.h>

#include "assist/tools.h"
#include "base/alloc.h"
#include "cli/loadargs.h"

/* ---- private ---- */

/* Print j indented, numbers shortest; the exit status. */
static int print_json(cJSON *j) {
  char *out = ls_sql_json_shortest(j) == LS_OK ? cJSON_Print(j) : NULL;
  if (!out) {
    fputs("lodestar: out of memory\n", stderr);
    return 1;
  }
  printf("%s\n", out);
  ls_free(out);
  return 0;
}

/* ---- API ---- */

int cli_tool(int argc, char **argv) {
  if (argc == 1 && strcmp(argv[0], "--list") == 0) {
    cJSON *defs = ls_tools_json();
    int rc = defs ? print_json(defs) : 1;
    cJSON_Delete(defs);
    return rc;
  }
  cli_load load;
  if (!cli_load_init(&load, argc)) return 1;
  const char *name = NULL, *json = NULL;
  int rc = 0;
  for (int i = 0; rc == 0 && i < argc;) {
    const char *a = argv[i];
    if (a[0] == '{' && !json) {
      json = a, i++;
    } else if (!name && strncmp(a, "--", 2) != 0 && !strchr(a, '/') && !strchr(a, '.')) {
      name = a, i++;
    } else {
      int k = cli_load_arg(&load, "tool", a, i + 1 < argc ? argv[i + 1] : NULL);
      if (k < 0) rc = 2;
      else if (k == 0) rc = cli_usage("tool: unknown option %s", a);
      else i += k;
    }
  }
  if (rc == 0 && !name) rc = cli_usage("tool: no tool name given (lodestar tool --list names them)%s", "");
  cJSON *args = NULL;
  if (rc == 0 && json && !(args = cJSON_Parse(json))) rc = cli_usage("tool: the arguments are not JSON: %.80s", json);
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  cJSON *res = NULL;
  if (rc == 0 && ls_tool_run(ws, name, args, NULL, &res) != LS_OK) {
    fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
    rc = 1;
  }
  if (rc == 0) rc = print_json(res);
  cJSON_Delete(res);
  cJSON_Delete(args);
  ls_workspace_free(ws);
  cli_load_free(&load);
  return rc;
}
