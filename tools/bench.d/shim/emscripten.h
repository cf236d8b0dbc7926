/* emscripten.h for a native build of wasm/*.c (opsbench.c): the exports are
 * plain C functions, and the clock the tool op reads is the monotonic one. */
#ifndef LS_BENCH_SHIM_EMSCRIPTEN_H
#define LS_BENCH_SHIM_EMSCRIPTEN_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <time.h>

#define EMSCRIPTEN_KEEPALIVE

static inline double emscripten_get_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

#endif
