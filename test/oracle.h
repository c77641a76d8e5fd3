/*
 * The system libpcap as the tests' oracle: loaded with dlmopen into a link
 * namespace of its own, by the full path configure found, and refused if it
 * turns out to be mqpcap (a comparison of mqpcap with itself proves nothing).
 */
#ifndef MQPCAP_TEST_ORACLE_H
#define MQPCAP_TEST_ORACLE_H

#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static inline void *oracle_open(void)
{
	const char *(*version)(void);
	void *h;

	if (SYSTEM_LIBPCAP[0] == '\0') {
		fprintf(stderr, "oracle: configure found no system libpcap.so.0.8\n");
		return NULL;
	}
	h = dlmopen(LM_ID_NEWLM, SYSTEM_LIBPCAP, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		fprintf(stderr, "oracle: dlmopen %s: %s\n", SYSTEM_LIBPCAP, dlerror());
		return NULL;
	}
	version = (const char *(*)(void))dlsym(h, "pcap_lib_version");
	if (version == NULL || strstr(version(), "mqpcap") != NULL) {
		fprintf(stderr, "oracle: %s is not the system libpcap\n", SYSTEM_LIBPCAP);
		dlclose(h);
		return NULL;
	}
	return h;
}

#endif
