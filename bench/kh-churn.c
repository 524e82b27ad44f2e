// SPDX-License-Identifier: GPL-2.0
/*
 * kh-churn: what khugepaged spends on mTHP collapse, on fresh memory and
 * on memory it has already collapsed.
 *
 *   kh-churn ORDER NPMD SCANS
 *
 * Maps NPMD PMD ranges of small pages, then enables the mTHP size of
 * ORDER (alone, for MADV_HUGEPAGE ranges) and advises them.  Over the
 * first SCANS full scans of khugepaged ("fresh") and the SCANS after
 * ("collapsed") it prints the huge page allocations for a collapse
 * (collapse_alloc of the size: each attempt allocates before it can
 * fail) and the time a full scan took.  A kernel that does not retry
 * collapsed ranges makes 512 >> ORDER allocations per PMD range in all,
 * and none in the "collapsed" scans.
 *
 * Needs root.  Leaves the size "never" and khugepaged's settings as the
 * caller set them (the caller should set scan_sleep_millisecs low and
 * pages_to_scan to at least NPMD * 512).  One key=value line.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#define THP	"/sys/kernel/mm/transparent_hugepage/"
#define TIMEOUT	600	/* seconds for all the scans */

static size_t pagesize, pmd_size;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static unsigned long read_ul(const char *path)
{
	unsigned long v = 0;
	FILE *f = fopen(path, "r");

	if (!f || fscanf(f, "%lu", &v) != 1) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	return v;
}

static void write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(s, f) < 0 || fclose(f)) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
}

static char size_dir[128];

static unsigned long allocs(void)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/stats/collapse_alloc", size_dir);
	return read_ul(path);
}

/* Wait for @n more full scans; return the time they took. */
static double scans(unsigned long n, double deadline)
{
	unsigned long target = read_ul(THP "khugepaged/full_scans") + n;
	double t0 = now_ms();

	while (read_ul(THP "khugepaged/full_scans") < target) {
		if (now_ms() > deadline) {
			fprintf(stderr, "khugepaged too slow\n");
			exit(1);
		}
		usleep(10000);
	}
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	unsigned long order, npmd, nscans, a0, a1, a2;
	double deadline = now_ms() + TIMEOUT * 1e3, fresh_ms, done_ms;
	char path[192], *p, *raw;
	size_t len;

	if (argc < 4) {
		fprintf(stderr, "usage: kh-churn ORDER NPMD SCANS\n");
		return 2;
	}
	order = strtoul(argv[1], NULL, 0);
	npmd = strtoul(argv[2], NULL, 0);
	nscans = strtoul(argv[3], NULL, 0);
	pagesize = getpagesize();
	pmd_size = pagesize * 512;
	len = npmd * pmd_size;
	snprintf(size_dir, sizeof(size_dir), THP "hugepages-%zukB",
		 (pagesize << order) >> 10);
	snprintf(path, sizeof(path), "%s/enabled", size_dir);
	write_str(path, "never");

	raw = mmap(NULL, len + pmd_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return 1;
	p = (char *)(((uintptr_t)raw + pmd_size - 1) & ~(pmd_size - 1));
	for (size_t off = 0; off < len; off += pagesize)
		p[off] = 1;

	write_str(path, "madvise");
	a0 = allocs();
	madvise(p, len, MADV_HUGEPAGE);
	fresh_ms = scans(nscans, deadline);
	a1 = allocs();
	done_ms = scans(nscans, deadline);
	a2 = allocs();
	write_str(path, "never");
	printf("order=%lu npmd=%lu scans=%lu fresh_allocs=%lu fresh_scan_ms=%.1f collapsed_allocs=%lu collapsed_allocs_per_scan=%.1f collapsed_scan_ms=%.1f\n",
	       order, npmd, nscans, a1 - a0, fresh_ms / nscans, a2 - a1,
	       (double)(a2 - a1) / nscans, done_ms / nscans);
	return 0;
}
