/*
 * mqpcap: the headers Linux's usbmon puts in front of each event in
 * DLT_USB_LINUX (48 bytes) and DLT_USB_LINUX_MMAPPED (64 bytes) captures,
 * in the capturing host's byte order.
 */
#ifndef lib_pcap_usb_h
#define lib_pcap_usb_h

#include <pcap/pcap-inttypes.h>

/* transfer_type, and the direction bit of endpoint_number. */
#define URB_TRANSFER_IN		0x80
#define URB_ISOCHRONOUS		0x0
#define URB_INTERRUPT		0x1
#define URB_CONTROL		0x2
#define URB_BULK		0x3

/* event_type. */
#define URB_SUBMIT		'S'
#define URB_COMPLETE		'C'
#define URB_ERROR		'E'

/* The USB control setup packet (little-endian, as on the bus). */
typedef struct _usb_setup {
	uint8_t bmRequestType;
	uint8_t bRequest;
	uint16_t wValue;
	uint16_t wIndex;
	uint16_t wLength;
} pcap_usb_setup;

/* Isochronous transfer summary, in place of the setup packet. */
typedef struct _iso_rec {
	int32_t	error_count;
	int32_t	numdesc;
} iso_rec;

/* DLT_USB_LINUX. */
typedef struct _usb_header {
	uint64_t id;		/* URB address, pairs submit with complete */
	uint8_t event_type;	/* URB_SUBMIT, URB_COMPLETE, URB_ERROR */
	uint8_t transfer_type;	/* URB_ISOCHRONOUS ... URB_BULK */
	uint8_t endpoint_number; /* with URB_TRANSFER_IN for IN endpoints */
	uint8_t device_address;
	uint16_t bus_id;
	char setup_flag;	/* 0: setup holds the setup packet */
	char data_flag;		/* 0: data follows the header */
	int64_t ts_sec;
	int32_t ts_usec;
	int32_t status;
	uint32_t urb_len;	/* bytes the URB transfers */
	uint32_t data_len;	/* bytes of it captured after this header */
	pcap_usb_setup setup;
} pcap_usb_header;

/* DLT_USB_LINUX_MMAPPED: the same, plus isochronous details (zero before
 * Linux 2.6.31). */
typedef struct _usb_header_mmapped {
	uint64_t id;
	uint8_t event_type;
	uint8_t transfer_type;
	uint8_t endpoint_number;
	uint8_t device_address;
	uint16_t bus_id;
	char setup_flag;
	char data_flag;
	int64_t ts_sec;
	int32_t ts_usec;
	int32_t status;
	uint32_t urb_len;
	uint32_t data_len;
	union {
		pcap_usb_setup setup;
		iso_rec iso;
	} s;
	int32_t	interval;	/* interrupt and isochronous polling interval */
	int32_t start_frame;	/* isochronous */
	uint32_t xfer_flags;	/* the URB's transfer_flags */
	uint32_t ndesc;		/* usb_isodesc entries at the start of data */
} pcap_usb_header_mmapped;

/* One isochronous frame descriptor. */
typedef struct _usb_isodesc {
	int32_t		status;
	uint32_t	offset;
	uint32_t	len;
	uint8_t		pad[4];
} usb_isodesc;

#endif
