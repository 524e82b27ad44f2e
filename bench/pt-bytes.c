// SPDX-License-Identifier: GPL-2.0
/*
 * pt-bytes: page table bytes needed to map anonymous memory with PMD THPs.
 *
 * Maps SIZE MiB (default 1024) at a 1 GiB-aligned address with
 * MADV_HUGEPAGE, touches one byte per 2 MiB, and prints how much VmPTE
 * grew, how many of the 2 MiB ranges are PMD-mapped (AnonHugePages), and
 * the page table bytes per GiB of THP.  Needs THP "enabled" set to
 * "madvise" or "always".  One line of key=value output, for scripts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "smaps.h"

#define PMD_SIZE	(2UL << 20)
#define GIB		(1UL << 30)


int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
	unsigned long len = mib << 20, pte0, pte1, huge, i;
	char *raw, *p;

	raw = mmap(NULL, len + GIB, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (raw == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	p = (char *)(((unsigned long)raw + GIB - 1) & ~(GIB - 1));
	if (mmap(p, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p) {
		perror("mmap fixed");
		return 1;
	}
	if (madvise(p, len, MADV_HUGEPAGE)) {
		perror("madvise");
		return 1;
	}
	pte0 = status_kb("VmPTE");
	for (i = 0; i < len; i += PMD_SIZE)
		p[i] = 1;
	pte1 = status_kb("VmPTE");
	huge = smaps_anon_huge_kb(p);
	printf("mapped_mib=%lu thp_mib=%lu vmpte_growth_bytes=%lu pt_bytes_per_gib_thp=%lu\n",
	       mib, huge >> 10, (pte1 - pte0) << 10,
	       huge ? ((pte1 - pte0) << 10) * (GIB >> 10) / huge : 0);
	return huge ? 0 : 1;
}
