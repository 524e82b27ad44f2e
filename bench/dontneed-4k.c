// SPDX-License-Identifier: GPL-2.0
/*
 * dontneed-4k: the cost of freeing single pages with MADV_DONTNEED in
 * memory that holds no THP, as malloc implementations do.
 *
 * Maps MIB MiB (default 64) with MADV_NOHUGEPAGE, touches every page, then
 * frees CALLS single pages (default 65536) one madvise() at a time, odd
 * pages first so that no call covers a whole 2 MiB range.  Prints the page
 * allocations per call (the pgalloc_* counters of /proc/vmstat, which are
 * global: run it on an idle machine) and the time per call.  One line of
 * key=value output, for scripts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>

static unsigned long pages_allocated(void)
{
	unsigned long sum = 0, val;
	char name[64];
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f) {
		perror("/proc/vmstat");
		exit(1);
	}
	while (fscanf(f, "%63s %lu", name, &val) == 2)
		if (!strncmp(name, "pgalloc_", 8))
			sum += val;
	fclose(f);
	return sum;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 64;
	unsigned long calls = argc > 2 ? strtoul(argv[2], NULL, 0) : 65536;
	unsigned long len = mib << 20, npages = len / 4096, i, a0, a1;
	double t0, t1;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE)) {
		perror("mmap");
		return 1;
	}
	memset(p, 1, len);
	a0 = pages_allocated();
	t0 = now();
	for (i = 0; i < calls; i++) {
		if (madvise(p + ((2 * i + 1) % npages) * 4096, 4096,
			    MADV_DONTNEED)) {
			perror("madvise");
			return 1;
		}
	}
	t1 = now();
	a1 = pages_allocated();
	printf("calls=%lu allocs_per_call=%.3f ns_per_call=%.0f\n", calls,
	       (double)(a1 - a0) / calls, (t1 - t0) * 1e9 / calls);
	return 0;
}
