/* savecmd.c: the save command (cli/savecmd.h). */
#include "cli/savecmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cJSON.h"
#include "cli/loadargs.h"
#include "workspace/settings.h"
#include "workspace/wsfile.h"

#define MAX_SET 32

/* Write n bytes to path; 0 after printing why not. */
static int write_file(const char *path, const unsigned char *bytes, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "lodestar: %s: %s\n", path, strerror(errno));
    return 0;
  }
  size_t put = fwrite(bytes, 1, n, f);
  int bad = put != n || ferror(f);
  if (fclose(f) != 0) bad = 1;
  if (bad) {
    fprintf(stderr, "lodestar: %s: %s\n", path, strerror(errno ? errno : EIO));
    remove(path);
    return 0;
  }
  return 1;
}

/* ---- API ---- */

int cli_save(int argc, char **argv) {
  cli_load l;
  if (!cli_load_init(&l, argc)) return 1;
  const char *out = NULL, *page = NULL, *set[MAX_SET];
  int nset = 0, rc = 0;
  for (int i = 0; i < argc && rc == 0; i++) {
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--out") == 0 && val) {
      out = val;
      i++;
    } else if (strcmp(a, "--page") == 0 && val) {
      cJSON *j = cJSON_Parse(val);
      if (!j) rc = cli_usage("save: --page takes a JSON text, not %s", val);
      cJSON_Delete(j);
      page = val;
      i++;
    } else if (strcmp(a, "--set") == 0 && val && strchr(val, '=')) {
      if (nset == MAX_SET) rc = cli_usage("save: at most %d --set", MAX_SET);
      else set[nset++] = val;
      i++;
    } else {
      int k = cli_load_arg(&l, "save", a, val);
      if (k < 0) rc = 2;
      else if (k == 0) rc = cli_usage("save: bad or incomplete option %s", a);
      else i += k - 1;
    }
  }
  if (rc == 0 && !out) rc = cli_usage("save: --out PATH is required%s", "");
  if (rc == 0 && l.nfiles == 0) rc = cli_usage("save: no files given%s", "");
  ls_settings check;
  ls_settings_default(&check);
  for (int i = 0; rc == 0 && i < nset; i++) { /* checked before any file is read */
    char key[64], err[256];
    const char *eq = strchr(set[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - set[i]), set[i]);
    if (ls_settings_set(&check, key, eq + 1, err, sizeof err) != LS_OK) rc = cli_usage("save: --set %s", err);
  }
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&l) : NULL;
  if (rc == 0 && !ws) rc = 1;
  for (int i = 0; rc == 0 && i < nset; i++) {
    char key[64];
    const char *eq = strchr(set[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - set[i]), set[i]);
    ls_workspace_set(ws, key, eq + 1);
  }
  unsigned char *bytes = NULL;
  size_t n = 0;
  if (rc == 0 && ls_wsfile_write(ws, page, &bytes, &n) != LS_OK) {
    fprintf(stderr, "lodestar: %s: %s\n", out, ls_workspace_errmsg(ws));
    rc = 1;
  }
  if (rc == 0 && !write_file(out, bytes, n)) rc = 1;
  if (rc == 0) printf("%s: %zu datasets, %zu bytes\n", out, ls_workspace_count(ws), n);
  ls_wsfile_free(bytes);
  ls_workspace_free(ws);
  cli_load_free(&l);
  return rc;
}
