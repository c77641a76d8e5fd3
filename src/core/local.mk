# Core: handle life cycle, errors, accessors, tables, versions.
libmqpcap_core_la_SOURCES += \
	src/core/handle.h src/core/error.h src/core/error.c \
	src/core/lifecycle.c src/core/packets.c src/core/accessors.c \
	src/core/dead.c src/core/status.c \
	src/core/dlt_names.c src/core/tstamp_names.c src/core/version.c
