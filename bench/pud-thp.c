// SPDX-License-Identifier: GPL-2.0
/*
 * What a 1 GiB anonymous THP costs and saves, against 512 PMD THPs.
 *
 *   pud-thp fault   map 1 GiB (MADV_HUGEPAGE), write one byte per 2 MiB:
 *                   time, page faults, page table bytes, AnonHugePages
 *   pud-thp split   the same, then MADV_DONTNEED one page in each 2 MiB:
 *                   time of the first call and of all 512, page table
 *                   bytes after (a PUD THP splits once, PMD THPs 512 times)
 *   pud-thp fork N  fault N GiB (default 4), then fork(): time of fork(),
 *                   page table bytes and AnonHugePages of parent and child
 *                   after it (a kernel that splits at fork pays 2 MiB of
 *                   tables per GiB in the parent and copies PTEs)
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
#include <sys/wait.h>

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

/* @gib GiB, 1 GiB-aligned (over-map and trim), MADV_HUGEPAGE; exits on error. */
static char *map_aligned(size_t gib)
{
	size_t len = gib * SZ_1G, off;
	char *p;

	p = mmap(NULL, len + SZ_1G, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	off = (SZ_1G - (unsigned long)p % SZ_1G) % SZ_1G;
	if (off)
		munmap(p, off);
	munmap(p + off + len, SZ_1G - off);
	p += off;
	if (madvise(p, len, MADV_HUGEPAGE)) {
		perror("madvise");
		exit(1);
	}
	return p;
}

/* Fault @gib GiB, fork, and report what fork cost on both sides. */
static int fork_mode(size_t gib)
{
	unsigned long pte0, pte1, huge;
	int status, pipefd[2];
	char line[160];
	double t0, t1;
	ssize_t n;
	size_t off;
	pid_t pid;
	char *p;

	p = map_aligned(gib);
	for (off = 0; off < gib * SZ_1G; off += SZ_2M)
		p[off] = 1;
	huge = smaps_anon_huge_kb(p);
	pte0 = status_kb("VmPTE");
	if (pipe(pipefd)) {
		perror("pipe");
		return 1;
	}
	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		n = snprintf(line, sizeof(line),
			     " child_pt_kb=%lu child_anon_huge_kb=%lu",
			     status_kb("VmPTE"), smaps_anon_huge_kb(p));
		_exit(write(pipefd[1], line, n) == n ? 0 : 1);
	}
	t1 = now_ms();
	pte1 = status_kb("VmPTE");
	n = read(pipefd[0], line, sizeof(line) - 1);
	if (n <= 0 || waitpid(pid, &status, 0) != pid || status) {
		fprintf(stderr, "child failed\n");
		return 1;
	}
	line[n] = 0;
	printf("mode=fork gib=%zu anon_huge_kb_before=%lu fork_ms=%.1f parent_pt_growth_kb=%ld parent_anon_huge_kb=%lu%s\n",
	       gib, huge, t1 - t0, (long)pte1 - (long)pte0,
	       smaps_anon_huge_kb(p), line);
	return 0;
}

int main(int argc, char **argv)
{
	size_t page = getpagesize(), off;
	double t0, t1, t2;
	unsigned long pte0;
	long f0, f1;
	char *p;

	if (argc >= 2 && !strcmp(argv[1], "fork"))
		return fork_mode(argc > 2 ? strtoul(argv[2], NULL, 0) : 4);
	if (argc != 2 || (strcmp(argv[1], "fault") && strcmp(argv[1], "split"))) {
		fprintf(stderr, "usage: %s fault|split|fork [GIB]\n", argv[0]);
		return 2;
	}
	/* The same 1 GiB-aligned range for both sizes. */
	p = map_aligned(1);

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
