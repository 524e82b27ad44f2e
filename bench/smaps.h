/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the bench programs: what /proc/self/smaps and status say. */
#ifndef BENCH_SMAPS_H
#define BENCH_SMAPS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* AnonHugePages, in kB, of the mapping that contains @addr. */
static unsigned long smaps_anon_huge_kb(void *addr)
{
	unsigned long start, end, v = 0;
	char line[256];
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			in = (unsigned long)addr >= start &&
			     (unsigned long)addr < end;
			continue;
		}
		if (in && !strncmp(line, "AnonHugePages:", 14))
			v = strtoul(line + 14, NULL, 10);
	}
	fclose(f);
	return v;
}

/* A "Key: N kB" line of /proc/self/status (key without the colon), in kB. */
static inline unsigned long status_kb(const char *key)
{
	char line[256];
	unsigned long v = 0;
	size_t len = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			v = strtoul(line + len + 1, NULL, 10);
	fclose(f);
	return v;
}

#endif
