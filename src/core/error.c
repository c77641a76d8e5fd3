/* Error-buffer formatting shared by every module. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void errbuf_printf(char *errbuf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, PCAP_ERRBUF_SIZE, fmt, ap);
	va_end(ap);
}

void errbuf_errno(char *errbuf, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t len;
	char msg[128];

	va_start(ap, fmt);
	vsnprintf(errbuf, PCAP_ERRBUF_SIZE, fmt, ap);
	va_end(ap);
	len = strlen(errbuf);
	/* strerror_r (GNU) may return a static string rather than fill msg. */
	const char *text = strerror_r(errnum, msg, sizeof(msg));
	if (len < PCAP_ERRBUF_SIZE - 1)
		snprintf(errbuf + len, PCAP_ERRBUF_SIZE - len, ": %s", text);
}
