// SPDX-License-Identifier: GPL-2.0
/*
 * cow-fork: what copy-on-write costs after fork(), for the cow topic.
 *
 *   cow-fork mthp SIZE_KB NR    NR folios of SIZE_KB (that anon mTHP size
 *                               must be the only one enabled): fork, the
 *                               child exits, then the parent writes every
 *                               page.  Prints the minor faults per folio
 *                               and the time.
 *   cow-fork pmd NR             NR PMD THPs (MADV_HUGEPAGE): fork, the
 *                               child writes one byte per THP (the COW
 *                               faults), then reads 4 Mi random bytes of
 *                               the region.  Prints the COW fault time per
 *                               THP, the share of the child's region still
 *                               PMD-mapped, and the random-read time.
 *
 * One line of key=value output.  The policy (transparent_hugepage/cow,
 * enabled sizes) is the caller's business, so that one boot can run both
 * sides of a comparison.  Under TCG, times measure the emulator (there is
 * no hardware TLB); label them so.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "smaps.h"

#define PMD_SIZE	(2UL << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static char *map_aligned(size_t len, size_t align)
{
	char *raw = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	if (raw == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	p = (char *)(((unsigned long)raw + align - 1) & ~(align - 1));
	if (p > raw)
		munmap(raw, p - raw);
	munmap(p + len, raw + align - p);
	return p;
}

static int mthp(size_t size_kb, size_t nr)
{
	size_t fsize = size_kb << 10, len = fsize * nr, psize = getpagesize();
	double t0, t1;
	long f0, f1;
	char *p = map_aligned(len, fsize);
	size_t i;
	pid_t pid;

	memset(p, 1, len);
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	/* Fault in what the clock reads (the vDSO data), outside the count. */
	now();
	f0 = minflt();
	t0 = now();
	for (i = 0; i < len; i += psize)
		p[i] = 2;
	t1 = now();
	f1 = minflt();
	printf("mode=mthp size_kb=%zu folios=%zu faults=%ld faults_per_folio=%.2f write_ms=%.3f\n",
	       size_kb, nr, f1 - f0, (double)(f1 - f0) / nr, (t1 - t0) * 1e3);
	return 0;
}

static int pmd(size_t nr)
{
	size_t len = PMD_SIZE * nr, i;
	unsigned long seed = 12345, sum = 0;
	double t0, t1, t2;
	char *p = map_aligned(len, PMD_SIZE);
	int status;
	pid_t pid;

	madvise(p, len, MADV_HUGEPAGE);
	memset(p, 1, len);
	if (smaps_anon_huge_kb(p) != len >> 10) {
		printf("mode=pmd error=no_thp anon_huge_kb=%lu\n",
		       smaps_anon_huge_kb(p));
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		t0 = now();
		for (i = 0; i < nr; i++)
			p[i * PMD_SIZE + 4096 * (i % 512)] = 2;
		t1 = now();
		for (i = 0; i < (4UL << 20); i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			sum += p[(seed >> 16) % len];
		}
		t2 = now();
		printf("mode=pmd thps=%zu cow_us_per_thp=%.1f child_pmd_mapped_pct=%.1f random_read_ms=%.1f sum=%lu\n",
		       nr, (t1 - t0) * 1e6 / nr,
		       100.0 * smaps_anon_huge_kb(p) / (len >> 10),
		       (t2 - t1) * 1e3, sum);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "mthp"))
		return mthp(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "pmd"))
		return pmd(strtoul(argv[2], NULL, 0));
	fprintf(stderr, "usage: %s mthp SIZE_KB NR | pmd NR\n", argv[0]);
	return 2;
}
