/* The C side of the benchmark: the same trivial calls as the JS side,
 * timed in the same run. Prints "name ns_per_call" lines. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  volatile long sink = 0;
  char buf[1];
  int fd = open("/dev/zero", O_RDONLY);
  for (long i = 0; i < n / 10; i++) sink += getpid(); /* warm up */

  double t0 = now_ns();
  for (long i = 0; i < n; i++) sink += getpid();
  printf("getpid %.1f\n", (now_ns() - t0) / n);

  t0 = now_ns();
  for (long i = 0; i < n; i++) sink += read(fd, buf, 0);
  printf("read0 %.1f\n", (now_ns() - t0) / n);

  long m = n / 20;
  t0 = now_ns();
  for (long i = 0; i < m; i++) {
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    munmap(p, 4096);
  }
  printf("mmap_munmap %.1f\n", (now_ns() - t0) / m);
  close(fd);
  return (int)(sink & 0);
}
