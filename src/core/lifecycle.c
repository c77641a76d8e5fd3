/*
 * pcap_t life cycle: creation, the setters that are only allowed before
 * activation, activation, close, and pcap_open_live/pcap_open_dead.
 */
#include "core/handle.h"
#include "core/error.h"
#include "capture/backend.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libpcap's default and ceiling for the snapshot length. */
#define MAXIMUM_SNAPLEN 262144

pcap_t *handle_alloc(const struct capture_ops *ops, size_t priv_size,
		     char *errbuf)
{
	pcap_t *p = calloc(1, sizeof(*p));

	if (p == NULL || (priv_size && (p->priv = calloc(1, priv_size)) == NULL)) {
		free(p);
		if (errbuf)
			errbuf_printf(errbuf, "out of memory allocating a pcap_t");
		return NULL;
	}
	p->ops = ops;
	p->selectable_fd = -1;
	p->opt.tstamp_type = -1;
	p->opt.timeout_ms = 0;
	p->opt.tstamp_precision = PCAP_TSTAMP_PRECISION_MICRO;
	return p;
}

pcap_t *pcap_create(const char *device, char *errbuf)
{
	const struct capture_ops *ops;
	pcap_t *p;

	if (device == NULL)
		device = "any";
	ops = capture_backend_for_device(device);
	p = handle_alloc(ops, 0, errbuf);
	if (p == NULL)
		return NULL;
	p->opt.device = strdup(device);
	if (p->opt.device == NULL) {
		errbuf_printf(errbuf, "out of memory copying the device name");
		free(p);
		return NULL;
	}
	if (ops->create)
		ops->create(p);
	return p;
}

/* Every setter fails the same way once the handle is active. */
static int refuse_if_active(pcap_t *p)
{
	if (!p->activated)
		return 0;
	handle_error(p, "can't perform  operation on activated capture");
	return PCAP_ERROR_ACTIVATED;
}

int pcap_set_snaplen(pcap_t *p, int snaplen)
{
	int rc = refuse_if_active(p);

	if (rc == 0)
		p->opt.snaplen = snaplen;
	return rc;
}

int pcap_set_promisc(pcap_t *p, int promisc)
{
	int rc = refuse_if_active(p);

	if (rc == 0)
		p->opt.promisc = promisc;
	return rc;
}

int pcap_set_rfmon(pcap_t *p, int rfmon)
{
	int rc = refuse_if_active(p);

	if (rc == 0)
		p->opt.rfmon = rfmon;
	return rc;
}

int pcap_set_timeout(pcap_t *p, int timeout_ms)
{
	int rc = refuse_if_active(p);

	if (rc == 0)
		p->opt.timeout_ms = timeout_ms;
	return rc;
}

int pcap_set_immediate_mode(pcap_t *p, int immediate)
{
	int rc = refuse_if_active(p);

	if (rc == 0)
		p->opt.immediate = immediate;
	return rc;
}

int pcap_set_buffer_size(pcap_t *p, int size)
{
	int rc = refuse_if_active(p);

	/* libpcap ignores non-positive sizes rather than failing. */
	if (rc == 0 && size > 0)
		p->opt.buffer_size = size;
	return rc;
}

int pcap_set_protocol_linux(pcap_t *p, int protocol)
{
	int rc = refuse_if_active(p);

	if (rc == 0)
		p->opt.protocol = protocol;
	return rc;
}

int pcap_set_tstamp_type(pcap_t *p, int type)
{
	int rc = refuse_if_active(p);

	if (rc != 0)
		return rc;
	if (type < 0)
		return PCAP_WARNING_TSTAMP_TYPE_NOTSUP;
	/* Host time stamps are always available; anything else is a warning
	 * unless the device listed it (lists are known before activation). */
	if (type == PCAP_TSTAMP_HOST) {
		p->opt.tstamp_type = type;
		return 0;
	}
	for (int i = 0; i < p->tstamp_type_count; i++) {
		if (p->tstamp_type_list[i] == type) {
			p->opt.tstamp_type = type;
			return 0;
		}
	}
	return PCAP_WARNING_TSTAMP_TYPE_NOTSUP;
}

int pcap_set_tstamp_precision(pcap_t *p, int precision)
{
	int rc = refuse_if_active(p);

	if (rc != 0)
		return rc;
	if (precision != PCAP_TSTAMP_PRECISION_MICRO &&
	    precision != PCAP_TSTAMP_PRECISION_NANO)
		return PCAP_ERROR_TSTAMP_PRECISION_NOTSUP;
	p->opt.tstamp_precision = precision;
	return 0;
}

int pcap_get_tstamp_precision(pcap_t *p)
{
	return p->opt.tstamp_precision;
}

/* Allowed in any state, as in libpcap: it asks the device, not the handle. */
int pcap_can_set_rfmon(pcap_t *p)
{
	return p->ops->can_set_rfmon ? p->ops->can_set_rfmon(p) : 0;
}

static void normalize_snaplen(pcap_t *p)
{
	/* libpcap turns nonsense snapshot lengths into the maximum. */
	if (p->opt.snaplen <= 0 || p->opt.snaplen > MAXIMUM_SNAPLEN)
		p->opt.snaplen = MAXIMUM_SNAPLEN;
}

int pcap_activate(pcap_t *p)
{
	int rc;

	if (p->activated) {
		handle_error(p, "can't perform  operation on activated capture");
		return PCAP_ERROR_ACTIVATED;
	}
	normalize_snaplen(p);
	p->errbuf[0] = '\0';
	rc = p->ops->activate(p);
	if (rc < 0) {
		/* Leave a message whatever the backend said; undo its work so
		 * the handle can be closed (or activated again) cleanly. */
		if (p->errbuf[0] == '\0')
			handle_error(p, "%s", pcap_statustostr(rc));
		if (p->ops->cleanup)
			p->ops->cleanup(p);
		return rc;
	}
	/* Non-blocking mode asked for before activation takes effect now,
	 * whichever backend this is. */
	if (p->opt.nonblock && p->ops->set_nonblock) {
		int nb = p->ops->set_nonblock(p, 1);

		if (nb < 0) {
			if (p->ops->cleanup)
				p->ops->cleanup(p);
			return nb;
		}
	}
	p->activated = 1;
	if (p->snapshot <= 0)
		p->snapshot = p->opt.snaplen;
	return rc;
}

pcap_t *pcap_open_live(const char *device, int snaplen, int promisc,
		       int timeout_ms, char *errbuf)
{
	pcap_t *p = pcap_create(device, errbuf);
	int rc;

	if (p == NULL)
		return NULL;
	pcap_set_snaplen(p, snaplen);
	pcap_set_promisc(p, promisc);
	pcap_set_timeout(p, timeout_ms);
	rc = pcap_activate(p);
	if (rc < 0) {
		/* libpcap's three forms, which tools print as they are: the
		 * message alone for a generic error, the status and the
		 * message for missing devices and permissions, else the
		 * status alone. */
		if (rc == PCAP_ERROR)
			errbuf_printf(errbuf, "%s: %s", p->opt.device, p->errbuf);
		else if (rc == PCAP_ERROR_NO_SUCH_DEVICE ||
			 rc == PCAP_ERROR_PERM_DENIED ||
			 rc == PCAP_ERROR_PROMISC_PERM_DENIED)
			errbuf_printf(errbuf, "%s: %s (%s)", p->opt.device,
				      pcap_statustostr(rc), p->errbuf);
		else
			errbuf_printf(errbuf, "%s: %s", p->opt.device,
				      pcap_statustostr(rc));
		pcap_close(p);
		return NULL;
	}
	return p;
}

void pcap_close(pcap_t *p)
{
	if (p == NULL)
		return;
	if (p->ops->cleanup)
		p->ops->cleanup(p);
	free(p->opt.device);
	free(p->dlt_list);
	free(p->tstamp_type_list);
	free(p->fcode.bf_insns);
	free(p->oneshot_buf);
	free(p->priv);
	free(p);
}

/* The character encoding the first pcap_init chose; later calls must
 * agree with it. On Linux both encodings are UTF-8, so nothing else
 * depends on it. */
static int init_encoding = -1;

int pcap_init(unsigned int opts, char *errbuf)
{
	int chosen;

	if (opts != PCAP_CHAR_ENC_LOCAL && opts != PCAP_CHAR_ENC_UTF_8) {
		if (errbuf)
			errbuf_printf(errbuf, "Unknown options specified");
		return PCAP_ERROR;
	}
	chosen = __atomic_exchange_n(&init_encoding, (int)opts, __ATOMIC_ACQ_REL);
	if (chosen >= 0 && chosen != (int)opts) {
		__atomic_store_n(&init_encoding, chosen, __ATOMIC_RELEASE);
		if (errbuf)
			errbuf_printf(errbuf, "Multiple pcap_init calls with "
				      "different character encodings");
		return PCAP_ERROR;
	}
	return 0;
}

int handle_pcap_init_called(void)
{
	return __atomic_load_n(&init_encoding, __ATOMIC_ACQUIRE) >= 0;
}
