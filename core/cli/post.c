/* post.c: an HTTP POST of a JSON body through the curl program (post.h).
 *
 * curl runs without a shell: posix_spawnp with its arguments in an array, the
 * body on its stdin (--data-binary @-), its stdout (the reply) dropped and its
 * stderr read back for the error message. */
#define _POSIX_C_SOURCE 200809L /* posix_spawn, sigaction, fcntl */
#include "cli/post.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* seconds curl may take in all: a cron job must not hang on a dead webhook */
#define LS_POST_MAX_TIME "30"

/* ---- private ---- */

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static int pipe_cloexec(int fds[2]) {
  if (pipe(fds) != 0) return -1;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return 0;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* read fd to its end into buf (at most cap - 1 bytes kept), NUL-terminated,
 * the trailing newlines cut */
static void read_all(int fd, char *buf, size_t cap) {
  size_t len = 0;
  char tmp[512];
  for (;;) {
    ssize_t k = read(fd, tmp, sizeof tmp);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    size_t take = (size_t)k < cap - 1 - len ? (size_t)k : cap - 1 - len;
    memcpy(buf + len, tmp, take);
    len += take;
  }
  while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) len--;
  buf[len] = 0;
}

/* start curl with stdin from in_fd, stderr to err_fd, stdout to /dev/null */
static int spawn_curl(const char *url, int in_fd, int err_fd, pid_t *pid) {
  char *const argv[] = {"curl", "-sS", "-f", "--max-time", LS_POST_MAX_TIME, "-X", "POST",
                        "-H", "Content-Type: application/json", "--data-binary", "@-",
                        (char *)url, NULL};
  posix_spawn_file_actions_t fa;
  int rc = posix_spawn_file_actions_init(&fa);
  if (rc) return rc;
  rc = posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
  if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  if (!rc) rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  if (!rc) rc = posix_spawnp(pid, "curl", &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

/* ---- API ---- */

int cli_post_json(const char *url, const char *body, char *err, size_t errlen) {
  char dummy[1];
  if (!err || !errlen) {
    err = dummy;
    errlen = sizeof dummy;
  }
  err[0] = 0;
  if (!url || !body) {
    snprintf(err, errlen, "post: no URL or no body");
    return 1;
  }
  if (!has_prefix(url, "http://") && !has_prefix(url, "https://")) {
    snprintf(err, errlen, "post: %s: only http:// and https:// URLs are accepted", url);
    return 1;
  }
  int in[2] = {-1, -1}, er[2] = {-1, -1};
  if (pipe_cloexec(in) || pipe_cloexec(er)) {
    snprintf(err, errlen, "post: pipe: %s", strerror(errno));
    close_fd(&in[0]), close_fd(&in[1]), close_fd(&er[0]), close_fd(&er[1]);
    return 1;
  }
  pid_t pid;
  int rc = spawn_curl(url, in[0], er[1], &pid);
  close_fd(&in[0]);
  close_fd(&er[1]);
  if (rc) {
    snprintf(err, errlen, "post: cannot run curl: %s (tools/setup installs it)", strerror(rc));
    close_fd(&in[1]);
    close_fd(&er[0]);
    return 1;
  }
  /* curl may exit before reading all of the body: no SIGPIPE for that */
  struct sigaction ign, old;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGPIPE, &ign, &old);
  write_all(in[1], body, strlen(body));
  close_fd(&in[1]);
  sigaction(SIGPIPE, &old, NULL);
  char msg[512];
  read_all(er[0], msg, sizeof msg);
  close_fd(&er[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      snprintf(err, errlen, "post: waitpid: %s", strerror(errno));
      return 1;
    }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFEXITED(status))
    snprintf(err, errlen, "post: curl exited with status %d%s%s", WEXITSTATUS(status),
             msg[0] ? ": " : "", msg);
  else
    snprintf(err, errlen, "post: curl was killed by signal %d", WTERMSIG(status));
  return 1;
}
