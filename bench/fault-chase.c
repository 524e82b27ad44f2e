// SPDX-License-Identifier: GPL-2.0
/*
 * fault-chase: first-touch fault cost and dependent-load latency of
 * anonymous memory mapped with 4 KiB pages, PMD THPs, PUD THPs or
 * hugetlbfs 1 GiB pages.
 *
 *   fault-chase fault MODE SIZE        map SIZE (1 GiB aligned) and write
 *                                      one byte per 4 KiB page: time, minor
 *                                      faults, page table growth (VmPTE of
 *                                      the process, PageTables of the
 *                                      system)
 *   fault-chase chase MODE SIZE LOADS  the same mapping, then LOADS
 *                                      dependent loads in a random cycle
 *                                      through every 4 KiB page: ns/load
 *
 * SIZE is a number of GiB, or of MiB with the suffix M (a multiple of
 * 2 MiB; hugetlb needs whole GiB).  Times are also given per GiB.
 *
 * MODE is 4k (MADV_NOHUGEPAGE), thp (MADV_HUGEPAGE: the caller enables
 * the PMD or the PUD size in sysfs) or hugetlb (MAP_HUGETLB|MAP_HUGE_1GB:
 * the caller reserves the pool first, so that the timing does not
 * include it).  One key=value line per run.
 *
 * Under TCG there is no hardware TLB: chase then measures the emulator's
 * software page walk, and fault the emulated kernel.  Compare modes of
 * one boot; claim TLB effects only from KVM or bare metal.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "smaps.h"

#define SZ_4K		4096UL
#define SZ_1G		(1UL << 30)
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB	(30 << 26)
#endif

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* PageTables of /proc/meminfo, in kB. */
static unsigned long meminfo_pagetables_kb(void)
{
	char line[256];
	unsigned long v = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "PageTables:", 11))
			v = strtoul(line + 11, NULL, 10);
	fclose(f);
	return v;
}

/* LEN bytes at a 1 GiB-aligned address, advised as MODE asks. */
static char *map(const char *mode, size_t len)
{
	char *p, *a;

	if (!strcmp(mode, "hugetlb")) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	p = mmap(NULL, len + SZ_1G, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + SZ_1G - 1) & ~(SZ_1G - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + len, p + SZ_1G - a);
	if (madvise(a, len, strcmp(mode, "4k") ? MADV_HUGEPAGE :
		    MADV_NOHUGEPAGE))
		return NULL;
	return a;
}

/* Write one byte per 4 KiB page; print what it cost. */
static int fault(const char *mode, size_t len, char **out)
{
	unsigned long pt0 = meminfo_pagetables_kb();
	unsigned long vmpte0 = status_kb("VmPTE");
	long flt0 = minflt();
	double t0, ns;
	char *p = map(mode, len);

	if (!p) {
		perror("mmap");
		return 1;
	}
	t0 = now_ns();
	for (size_t off = 0; off < len; off += SZ_4K)
		p[off] = 1;
	ns = now_ns() - t0;
	printf("mode=%s mib=%zu fault_ms=%.1f ms_per_gib=%.1f minflt=%ld vmpte_kb=%lu pagetables_kb=%ld anon_huge_kb=%lu",
	       mode, len >> 20, ns / 1e6, ns / 1e6 * SZ_1G / len,
	       minflt() - flt0,
	       status_kb("VmPTE") - vmpte0,
	       (long)(meminfo_pagetables_kb() - pt0),
	       smaps_anon_huge_kb(p));
	*out = p;
	return 0;
}

/* xorshift64: a reproducible random sequence without libc state. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int chase(const char *mode, size_t len, unsigned long loads)
{
	size_t pages = len / SZ_4K, i;
	uint32_t *perm = malloc(pages * sizeof(*perm));
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	void **cur;
	double t0, ns;
	char *p;

	if (!perm || fault(mode, len, &p))
		return 1;
	/* A random cyclic order of the pages (Sattolo's shuffle). */
	for (i = 0; i < pages; i++)
		perm[i] = i;
	for (i = pages - 1; i > 0; i--) {
		size_t j = rnd(&seed) % i;
		uint32_t t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	/* In each page, the pointer sits at a varying cache line. */
	for (i = 0; i < pages; i++) {
		size_t from = perm[i], to = perm[(i + 1) % pages];

		*(void **)(p + from * SZ_4K + (from % 64) * 64) =
			p + to * SZ_4K + (to % 64) * 64;
	}
	free(perm);
	/* Page 0 is on the cycle; its pointer is at offset 0. */
	cur = (void **)p;
	t0 = now_ns();
	for (i = 0; i < loads; i++)
		cur = *cur;
	ns = now_ns() - t0;
	printf(" loads=%lu ns_per_load=%.2f end=%p\n", loads, ns / loads,
	       (void *)cur);
	return 0;
}

/* "2" is 2 GiB, "256M" 256 MiB; 0 if SIZE is not a multiple of 2 MiB. */
static size_t parse_size(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);
	size_t len = n * (*end == 'M' ? 1UL << 20 : SZ_1G);

	if (end == s || (*end && strcmp(end, "M")) || !len ||
	    len % (2UL << 20))
		return 0;
	return len;
}

int main(int argc, char **argv)
{
	size_t len = argc >= 4 ? parse_size(argv[3]) : 0;
	char *p;

	if (len && argc == 4 && !strcmp(argv[1], "fault")) {
		if (fault(argv[2], len, &p))
			return 1;
		putchar('\n');
		return 0;
	}
	if (len && argc == 5 && !strcmp(argv[1], "chase"))
		return chase(argv[2], len, strtoul(argv[4], NULL, 0));
	fprintf(stderr, "usage: fault-chase fault 4k|thp|hugetlb SIZE\n"
		"       fault-chase chase 4k|thp|hugetlb SIZE LOADS\n"
		"SIZE: GiB, or MiB with the suffix M (a multiple of 2)\n");
	return 2;
}
