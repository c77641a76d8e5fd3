/* The small getters of the API: facts about an open handle. */
#include "core/handle.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

/* Getters that only make sense once the handle is active (libpcap's
 * wording for a call on a handle that pcap_activate has not brought up). */
#define REQUIRE_ACTIVE(p)						\
	do {								\
		if (!(p)->activated) {					\
			handle_error((p), "This handle hasn't been activated yet"); \
			return PCAP_ERROR_NOT_ACTIVATED;		\
		}							\
	} while (0)

int pcap_datalink(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->linktype;
}

int pcap_datalink_ext(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->linktype_ext;
}

int pcap_snapshot(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->snapshot;
}

int pcap_is_swapped(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->swapped;
}

int pcap_major_version(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->version_major;
}

int pcap_minor_version(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->version_minor;
}

int pcap_bufsize(pcap_t *p)
{
	REQUIRE_ACTIVE(p);
	return p->bufsize;
}

FILE *pcap_file(pcap_t *p)
{
	return p->rfile;
}

/* The descriptor a live capture reads from (mqpcap's epoll set of all its
 * rings). pcap_fileno(3PCAP): PCAP_ERROR for savefiles, dead handles and
 * handles not yet activated, where there is no such descriptor;
 * pcap_get_selectable_fd still gives a savefile's. */
int pcap_fileno(pcap_t *p)
{
	if (p->rfile || !p->activated)
		return PCAP_ERROR;
	return p->selectable_fd;
}

int pcap_get_selectable_fd(pcap_t *p)
{
	return p->selectable_fd;
}

const struct timeval *pcap_get_required_select_timeout(pcap_t *p)
{
	return p->required_select_timeout;
}

char *pcap_geterr(pcap_t *p)
{
	return p->errbuf;
}

void pcap_perror(pcap_t *p, const char *prefix)
{
	fprintf(stderr, "%s: %s\n", prefix, p->errbuf);
}

/* A private copy of an int list, as pcap_list_* hand out. */
static int copy_list(pcap_t *p, const int *src, int count, int **out)
{
	*out = calloc(count > 0 ? (size_t)count : 1, sizeof(int));
	if (*out == NULL) {
		handle_error_errno(p, errno, "malloc");
		return PCAP_ERROR;
	}
	if (count > 0)
		memcpy(*out, src, (size_t)count * sizeof(int));
	return count;
}

int pcap_list_datalinks(pcap_t *p, int **dlt_buffer)
{
	REQUIRE_ACTIVE(p);
	/* A handle that lists nothing offers exactly its own link type. */
	if (p->dlt_count == 0)
		return copy_list(p, &p->linktype, 1, dlt_buffer);
	return copy_list(p, p->dlt_list, p->dlt_count, dlt_buffer);
}

void pcap_free_datalinks(int *dlt_list)
{
	free(dlt_list);
}

int pcap_set_datalink(pcap_t *p, int dlt)
{
	if (dlt == p->linktype)
		return 0;
	for (int i = 0; i < p->dlt_count; i++) {
		if (p->dlt_list[i] != dlt)
			continue;
		if (p->ops->set_datalink && p->ops->set_datalink(p, dlt) < 0)
			return PCAP_ERROR;
		p->linktype = dlt;
		return 0;
	}
	const char *name = pcap_datalink_val_to_name(dlt);
	if (name)
		handle_error(p, "%s is not one of the DLTs supported by this device", name);
	else
		handle_error(p, "DLT %d is not one of the DLTs supported by this device", dlt);
	return PCAP_ERROR;
}

int pcap_list_tstamp_types(pcap_t *p, int **types)
{
	/* Nothing listed: host time stamps are the only kind there is. */
	if (p->tstamp_type_count == 0) {
		static const int host_only = PCAP_TSTAMP_HOST;

		return copy_list(p, &host_only, 1, types);
	}
	return copy_list(p, p->tstamp_type_list, p->tstamp_type_count, types);
}

void pcap_free_tstamp_types(int *types)
{
	free(types);
}
