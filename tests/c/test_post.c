/* test_post.c: cli_post_json (core/cli/post.c) against a real HTTP endpoint:
 * tests/cli/webhook_receiver.mjs, run with node on 127.0.0.1, saves what it
 * receives. Needs node and curl (tools/setup installs both). */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, posix_spawn, nanosleep */
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "cli/post.h"

extern char **environ;

static char dir[64];
static pid_t receiver = -1;
static int port;

/* the whole file at dir/name, NUL-terminated, in buf; 0 when missing */
static int slurp(const char *name, char *buf, size_t cap) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = 0;
  fclose(f);
  return 1;
}

static int start_receiver(void) {
  const char *src = getenv("LS_SOURCE_DIR");
  char script[1024];
  snprintf(script, sizeof script, "%s/tests/cli/webhook_receiver.mjs", src ? src : ".");
  snprintf(dir, sizeof dir, "/tmp/ls_post_XXXXXX");
  if (!mkdtemp(dir)) return 0;
  char *argv[] = {"node", script, dir, NULL};
  if (posix_spawnp(&receiver, "node", NULL, NULL, argv, environ) != 0) return 0;
  char buf[32];
  for (int i = 0; i < 200; i++) { /* up to 10 s */
    if (slurp("port", buf, sizeof buf) && (port = atoi(buf)) > 0) return 1;
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static void stop_receiver(void) {
  if (receiver > 0) {
    kill(receiver, SIGTERM);
    waitpid(receiver, NULL, 0);
    receiver = -1;
  }
  static const char *const files[] = {"port", "body-1.json", "type-1.txt", "body-2.json",
                                      "type-2.txt"};
  char path[128];
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  rmdir(dir);
}

TEST(post_should_send_the_body_as_json_and_report_success) {
  char url[128], err[512], got[4096];
  const char *body = "{\"text\":\"Lodestar 告警 · 2026-03-01\",\"blocks\":[]}";
  snprintf(url, sizeof url, "http://127.0.0.1:%d/hook", port);
  CHECK_INT(cli_post_json(url, body, err, sizeof err), 0);
  CHECK_STR(err, "");
  CHECK(slurp("body-1.json", got, sizeof got));
  CHECK_STR(got, body);
  CHECK(slurp("type-1.txt", got, sizeof got));
  CHECK_STR(got, "POST application/json");
}

TEST(post_should_fail_with_curls_message_on_an_http_error) {
  char url[128], err[512], got[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/fail", port);
  CHECK_INT(cli_post_json(url, "{}", err, sizeof err), 1);
  /* curl -f exits 22 on an HTTP status >= 400 and says so */
  CHECK_HAS(err, "curl exited with status 22");
  CHECK_HAS(err, "500");
  CHECK(slurp("body-2.json", got, sizeof got)); /* it did arrive */
  CHECK_STR(got, "{}");
}

TEST(post_should_refuse_urls_that_are_not_http) {
  char err[512];
  CHECK_INT(cli_post_json("ftp://127.0.0.1/x", "{}", err, sizeof err), 1);
  CHECK_HAS(err, "only http:// and https:// URLs");
  CHECK_INT(cli_post_json("-K/etc/passwd", "{}", err, sizeof err), 1);
  CHECK_HAS(err, "only http:// and https:// URLs");
  CHECK_INT(cli_post_json(NULL, "{}", err, sizeof err), 1);
  CHECK_INT(cli_post_json("http://127.0.0.1:1/", NULL, err, sizeof err), 1);
}

TEST(post_should_fail_when_nothing_listens) {
  char url[128], err[512];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/hook", port);
  stop_receiver();
  /* curl exits 7: could not connect */
  CHECK_INT(cli_post_json(url, "{}", err, sizeof err), 1);
  CHECK_HAS(err, "curl exited with status 7");
}

int main(void) {
  if (!start_receiver()) {
    printf("FAIL the webhook receiver (node tests/cli/webhook_receiver.mjs) did not start\n");
    stop_receiver();
    return 1;
  }
  RUN(post_should_send_the_body_as_json_and_report_success);
  RUN(post_should_fail_with_curls_message_on_an_http_error);
  RUN(post_should_refuse_urls_that_are_not_http);
  RUN(post_should_fail_when_nothing_listens);
  stop_receiver();
  return check_done();
}
