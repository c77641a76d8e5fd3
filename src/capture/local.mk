# Capture backends and the table that picks one.
libmqpcap_core_la_SOURCES += \
	src/capture/backend.h src/capture/backend.c
