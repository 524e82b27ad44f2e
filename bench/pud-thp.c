// SPDX-License-Identifier: GPL-2.0
/*
 * What a 1 GiB anonymous THP costs and saves, against 512 PMD THPs.
 *
 *   pud-thp fault   map 1 GiB (MADV_HUGEPAGE), write one byte per 2 MiB:
 *                   time, page faults, page table bytes, AnonHugePages
 *   pud-thp split   the same, then MADV_DONTNEED one page in each 2 MiB:
 *                   time of the first call and of all 512, page table
 *                   bytes after (a PUD THP splits once, PMD THPs 512 times)
 *
 * Which THP size serves the faults is the caller's choice, through
 * /sys/kernel/mm/transparent_hugepage/hugepages-1048576kB/enabled (see
 * bench/pud-thp-run).  One key=value line per run.  Under TCG the times
 * are emulator times: use ratios of one run, never absolute numbers.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "smaps.h"

#define SZ_2M	(2UL << 20)
#define SZ_1G	(1UL << 30)

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(int argc, char **argv)
{
	size_t page = getpagesize(), off;
	double t0, t1, t2;
	unsigned long pte0;
	long f0, f1;
	char *p;

	if (argc != 2 || (strcmp(argv[1], "fault") && strcmp(argv[1], "split"))) {
		fprintf(stderr, "usage: %s fault|split\n", argv[0]);
		return 2;
	}
	/* Over-map and trim: the same 1 GiB-aligned range for both sizes. */
	p = mmap(NULL, 2 * SZ_1G, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	off = (SZ_1G - (unsigned long)p % SZ_1G) % SZ_1G;
	if (off)
		munmap(p, off);
	munmap(p + off + SZ_1G, SZ_1G - off);
	p += off;
	if (madvise(p, SZ_1G, MADV_HUGEPAGE)) {
		perror("madvise");
		return 1;
	}

	pte0 = status_kb("VmPTE");
	f0 = minflt();
	t0 = now_ms();
	for (off = 0; off < SZ_1G; off += SZ_2M)
		p[off] = 1;
	t1 = now_ms();
	f1 = minflt();
	printf("mode=%s fault_ms=%.1f faults=%ld pt_kb=%ld anon_huge_kb=%lu",
	       argv[1], t1 - t0, f1 - f0,
	       (long)status_kb("VmPTE") - (long)pte0, smaps_anon_huge_kb(p));

	if (!strcmp(argv[1], "split")) {
		t0 = now_ms();
		if (madvise(p + page, page, MADV_DONTNEED)) {
			perror("madvise");
			return 1;
		}
		t1 = now_ms();
		for (off = SZ_2M; off < SZ_1G; off += SZ_2M)
			if (madvise(p + off + page, page, MADV_DONTNEED)) {
				perror("madvise");
				return 1;
			}
		t2 = now_ms();
		printf(" first_split_ms=%.2f all_ms=%.1f pt_after_kb=%ld",
		       t1 - t0, t2 - t0,
		       (long)status_kb("VmPTE") - (long)pte0);
	}
	printf("\n");
	return 0;
}
