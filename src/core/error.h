/* Writing error messages the pcap way: one sentence into a
 * PCAP_ERRBUF_SIZE buffer, optionally ending in ": <strerror(errnum)>". */
#ifndef MQPCAP_CORE_ERROR_H
#define MQPCAP_CORE_ERROR_H

#include <pcap/pcap.h>

void errbuf_printf(char *errbuf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void errbuf_errno(char *errbuf, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define handle_error(p, ...)		errbuf_printf((p)->errbuf, __VA_ARGS__)
#define handle_error_errno(p, e, ...)	errbuf_errno((p)->errbuf, (e), __VA_ARGS__)

#endif
