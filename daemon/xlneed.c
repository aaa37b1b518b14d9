/*
 * xlneed.c - the memory a domain needs to start, from its xl config
 * (xlneed.h).  The grammar is libxlutil's and the arithmetic libxl's;
 * what is ours is which keys xl maps onto the build info that bear on
 * memory: name, uuid, type (or the older builder), memory, maxmem,
 * vcpus, maxvcpus, shadow_memory, videoram and
 * device_model_stubdomain_override, read as xl's parse_config_data()
 * reads them.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>
#include <libxlutil.h>
#include <xentoollog.h>

#include "parse.h"
#include "xlneed.h"

static int
xlneed_fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
xlneed_fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return code;
}

int
xlneed_check_override(const char *s, char *err, size_t errlen)
{
	const char *eq = strchr(s, '=');

	if (eq == NULL || eq == s)
		return xlneed_fail(err, errlen, -1, "bad override '%.64s': "
		    "expected KEY=VALUE, as xl create takes", s);
	if (strpbrk(s, "\n\r") != NULL)
		return xlneed_fail(err, errlen, -1, "bad override: a line "
		    "break in '%.64s'", s);
	return 0;
}

/* The file, then each override on its own line: what xl create parses. */
static char *
xlneed_text(const char *path, char *const *over, size_t nover, int *len,
    char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	size_t n = 0, cap, extra = 0;
	char *buf;

	if (f == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	for (size_t i = 0; i < nover; i++)
		extra += strlen(over[i]) + 1;
	cap = XLNEED_FILE_MAX + 2 + extra;
	if (extra > XLNEED_FILE_MAX || (buf = malloc(cap)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, XLNEED_FILE_MAX + 1, f);
	if (ferror(f) || n > XLNEED_FILE_MAX) {
		snprintf(err, errlen, "cannot read %s: %s", path, ferror(f) ?
		    strerror(errno) : "larger than 1 MiB");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	if (memchr(buf, '\0', n) != NULL) {
		snprintf(err, errlen, "%s: not a config file (a NUL byte)",
		    path);
		free(buf);
		return NULL;
	}
	if (n > 0 && buf[n - 1] != '\n')
		buf[n++] = '\n';
	for (size_t i = 0; i < nover; i++) {
		size_t l = strlen(over[i]);

		memcpy(buf + n, over[i], l);
		n += l;
		buf[n++] = '\n';
	}
	*len = (int)n;
	return buf;
}

/* c_info and b_info as xl fills them, for the keys that bear on memory. */
static int
xlneed_fill(XLU_Config *cfg, libxl_domain_config *dc, struct xlneed *out,
    char *err, size_t errlen)
{
	libxl_domain_create_info *c = &dc->c_info;
	libxl_domain_build_info *b = &dc->b_info;
	libxl_domain_type type = LIBXL_DOMAIN_TYPE_PV;
	const char *s;
	long l;

	if (xlu_cfg_get_string(cfg, "type", &s, 1) == 0) {
		if (strcmp(s, "hvm") == 0)
			type = LIBXL_DOMAIN_TYPE_HVM;
		else if (strcmp(s, "pvh") == 0)
			type = LIBXL_DOMAIN_TYPE_PVH;
		else if (strcmp(s, "pv") != 0)
			return xlneed_fail(err, errlen, XLNEED_ECONFIG,
			    "invalid domain type '%.32s' (pv, pvh or hvm)", s);
	} else if (xlu_cfg_get_string(cfg, "builder", &s, 1) == 0) {
		if (strcmp(s, "hvm") == 0)
			type = LIBXL_DOMAIN_TYPE_HVM;
		else if (strcmp(s, "generic") != 0)
			return xlneed_fail(err, errlen, XLNEED_ECONFIG,
			    "invalid builder '%.32s' (generic or hvm)", s);
	}
	c->type = type;
	libxl_domain_build_info_init_type(b, type);
	if (xlu_cfg_get_string(cfg, "name", &s, 1) != 0)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "no name: "
		    "xl needs one");
	if (parse_domref(s, &(struct domref){ 0 }) != PARSE_OK ||
	    strlen(s) >= sizeof(out->name))
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "bad name "
		    "'%.64s'", s);
	snprintf(out->name, sizeof(out->name), "%s", s);
	if ((c->name = strdup(s)) == NULL)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "out of memory");
	if (xlu_cfg_get_string(cfg, "uuid", &s, 1) == 0) {
		if (libxl_uuid_from_string(&c->uuid, s) != 0)
			return xlneed_fail(err, errlen, XLNEED_ECONFIG, "bad "
			    "uuid '%.40s'", s);
		out->have_uuid = true;
		snprintf(out->uuid, sizeof(out->uuid), LIBXL_UUID_FMT,
		    LIBXL__UUID_BYTES(libxl_uuid_bytearray(&c->uuid)));
	} else {
		libxl_uuid_generate(&c->uuid);
	}
	/* Sizes are MiB in xl's files; libxl takes KiB. */
	if (xlu_cfg_get_bounded_long(cfg, "memory", 1, LONG_MAX / 1024, &l,
	    1) == 0)
		b->target_memkb = (uint64_t)l * 1024;
	else if (xlu_cfg_get_string(cfg, "memory", &s, 1) == 0)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "bad memory "
		    "'%.32s' (MiB)", s);
	if (xlu_cfg_get_bounded_long(cfg, "maxmem", 1, LONG_MAX / 1024, &l,
	    1) == 0)
		b->max_memkb = (uint64_t)l * 1024;
	else if (xlu_cfg_get_string(cfg, "maxmem", &s, 1) == 0)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "bad maxmem "
		    "'%.32s' (MiB)", s);
	if (xlu_cfg_get_bounded_long(cfg, "vcpus", 1, 4096, &l, 1) == 0)
		b->max_vcpus = (int)l;
	if (xlu_cfg_get_bounded_long(cfg, "maxvcpus", 1, 4096, &l, 1) == 0)
		b->max_vcpus = (int)l;
	if (xlu_cfg_get_bounded_long(cfg, "shadow_memory", 0, LONG_MAX / 1024,
	    &l, 1) == 0)
		b->shadow_memkb = (uint64_t)l * 1024;
	if (type == LIBXL_DOMAIN_TYPE_HVM && xlu_cfg_get_bounded_long(cfg,
	    "videoram", 0, LONG_MAX / 1024, &l, 1) == 0)
		b->video_memkb = (uint64_t)l * 1024;
	xlu_cfg_get_defbool(cfg, "device_model_stubdomain_override",
	    &b->device_model_stubdomain, 1);
	return 0;
}

int
xlneed_compute(const char *path, char *const *over, size_t nover,
    struct xlneed *out, char *err, size_t errlen)
{
	xentoollog_logger_stdiostream *lg = NULL;
	libxl_domain_config dc;
	libxl_ctx *ctx = NULL;
	XLU_Config *cfg;
	uint64_t need;
	char *text;
	int len, e, r;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nover; i++)
		if (xlneed_check_override(over[i], err, errlen) == -1)
			return XLNEED_EUSAGE;
	if ((text = xlneed_text(path, over, nover, &len, err,
	    errlen)) == NULL)
		return XLNEED_ECONFIG;
	/* libxlutil says where a syntax error is, on stderr, as xl does. */
	if ((cfg = xlu_cfg_init(stderr, path)) == NULL) {
		free(text);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "out of memory");
	}
	e = xlu_cfg_readdata(cfg, text, len);
	free(text);
	if (e != 0) {
		xlu_cfg_destroy(cfg);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "%s: cannot "
		    "parse it: %s", path, strerror(e));
	}
	libxl_domain_config_init(&dc);
	r = xlneed_fill(cfg, &dc, out, err, errlen);
	xlu_cfg_destroy(cfg);
	if (r != 0)
		goto out;
	lg = xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
	if (lg == NULL || libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0,
	    (xentoollog_logger *)lg) != 0) {
		r = xlneed_fail(err, errlen, XLNEED_EXEN, "libxl is not "
		    "available here (not a Xen dom0, or not root?)");
		goto out;
	}
	if (libxl_domain_need_memory(ctx, &dc, INVALID_DOMID, &need) != 0) {
		r = xlneed_fail(err, errlen, XLNEED_EXEN, "%s: libxl cannot "
		    "reckon the memory this domain needs", path);
		goto out;
	}
	out->need_kib = need;
	r = 0;
out:
	libxl_domain_config_dispose(&dc);
	if (ctx != NULL)
		libxl_ctx_free(ctx);
	if (lg != NULL)
		xtl_logger_destroy((xentoollog_logger *)lg);
	return r;
}
