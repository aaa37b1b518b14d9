/*
 * xlneed.c - the memory a domain needs to start, from its xl config
 * (xlneed.h).  The grammar is libxlutil's and the arithmetic libxl's;
 * what is ours is which keys xl maps onto the build info that bear on
 * memory: name, uuid, type (or the older builder), memory, maxmem,
 * vcpus, maxvcpus, shadow_memory, videoram and
 * device_model_stubdomain_override, read as xl's parse_config_data()
 * reads them.  A saved domain carries its config (xlsave.h): libxl's
 * JSON, read by libxl, or for old images xl's text.
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
#include "lvxml.h"
#include "xlneed.h"
#include "xlsave.h"

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

/* libxl itself: only on a Xen dom0, as root. */
static int
xlneed_open(libxl_ctx **ctx, xentoollog_logger_stdiostream **lg, char *err,
    size_t errlen)
{
	*ctx = NULL;
	*lg = xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
	if (*lg == NULL || libxl_ctx_alloc(ctx, LIBXL_VERSION, 0,
	    (xentoollog_logger *)*lg) != 0)
		return xlneed_fail(err, errlen, XLNEED_EXEN, "libxl is not "
		    "available here (not a Xen dom0, or not root?)");
	return 0;
}

static void
xlneed_close(libxl_ctx *ctx, xentoollog_logger_stdiostream *lg)
{
	if (ctx != NULL)
		libxl_ctx_free(ctx);
	if (lg != NULL)
		xtl_logger_destroy((xentoollog_logger *)lg);
}

/* xl's config text (a file and its overrides, or an old image's). */
static int
xlneed_text_config(const char *what, const char *text, int len,
    libxl_domain_config *dc, struct xlneed *out, char *err, size_t errlen)
{
	XLU_Config *cfg;
	int e, r;

	/* libxlutil says where a syntax error is, on stderr, as xl does. */
	if ((cfg = xlu_cfg_init(stderr, what)) == NULL)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "out of memory");
	if ((e = xlu_cfg_readdata(cfg, text, len)) != 0) {
		xlu_cfg_destroy(cfg);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "%s: cannot "
		    "parse it: %s", what, strerror(e));
	}
	r = xlneed_fill(cfg, dc, out, err, errlen);
	xlu_cfg_destroy(cfg);
	return r;
}

static int
xlneed_reckon(libxl_ctx *ctx, libxl_domain_config *dc, const char *what,
    struct xlneed *out, char *err, size_t errlen)
{
	uint64_t need;

	if (libxl_domain_need_memory(ctx, dc, INVALID_DOMID, &need) != 0)
		return xlneed_fail(err, errlen, XLNEED_EXEN, "%s: libxl cannot "
		    "reckon the memory this domain needs", what);
	out->need_kib = need;
	return 0;
}

int
xlneed_compute(const char *path, char *const *over, size_t nover,
    struct xlneed *out, char *err, size_t errlen)
{
	xentoollog_logger_stdiostream *lg = NULL;
	libxl_domain_config dc;
	libxl_ctx *ctx = NULL;
	char *text;
	int len, r;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nover; i++)
		if (xlneed_check_override(over[i], err, errlen) == -1)
			return XLNEED_EUSAGE;
	if ((text = xlneed_text(path, over, nover, &len, err,
	    errlen)) == NULL)
		return XLNEED_ECONFIG;
	libxl_domain_config_init(&dc);
	r = xlneed_text_config(path, text, len, &dc, out, err, errlen);
	free(text);
	if (r == 0 && (r = xlneed_open(&ctx, &lg, err, errlen)) == 0)
		r = xlneed_reckon(ctx, &dc, path, out, err, errlen);
	libxl_domain_config_dispose(&dc);
	xlneed_close(ctx, lg);
	return r;
}

/* The name and UUID a saved config carries (libxl's JSON has both). */
static int
xlneed_json_ids(const libxl_domain_config *dc, struct xlneed *out,
    const char *what, char *err, size_t errlen)
{
	const char *name = dc->c_info.name;

	if (name == NULL || parse_domref(name, &(struct domref){ 0 }) !=
	    PARSE_OK || strlen(name) >= sizeof(out->name))
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "%s: no usable "
		    "domain name in its config", what);
	snprintf(out->name, sizeof(out->name), "%s", name);
	if (!libxl_uuid_is_nil(&dc->c_info.uuid)) {
		out->have_uuid = true;
		snprintf(out->uuid, sizeof(out->uuid), LIBXL_UUID_FMT,
		    LIBXL__UUID_BYTES(libxl_uuid_bytearray_const(
		    &dc->c_info.uuid)));
	}
	return 0;
}

int
xlneed_saved(const char *path, struct xlneed *out, char *err, size_t errlen)
{
	xentoollog_logger_stdiostream *lg = NULL;
	libxl_domain_config dc;
	libxl_ctx *ctx = NULL;
	struct xlsave sv;
	uint8_t *buf;
	size_t n;
	FILE *f;
	int r;

	memset(out, 0, sizeof(*out));
	if ((f = fopen(path, "re")) == NULL)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "cannot read "
		    "%s: %s", path, strerror(errno));
	if ((buf = malloc(XLSAVE_READ_MAX + 1)) == NULL) {
		fclose(f);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "out of memory");
	}
	n = fread(buf, 1, XLSAVE_READ_MAX, f);
	r = ferror(f);
	fclose(f);
	if (r) {
		free(buf);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "cannot read "
		    "%s", path);
	}
	if (xlsave_parse(buf, n, &sv, err, errlen) == -1) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err);
		free(buf);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "%s: %s", path,
		    why);
	}
	buf[sv.config_off + sv.config_len] = '\0';
	libxl_domain_config_init(&dc);
	if (!sv.json)
		r = xlneed_text_config(path, (char *)buf + sv.config_off,
		    (int)sv.config_len, &dc, out, err, errlen);
	if (r == 0)
		r = xlneed_open(&ctx, &lg, err, errlen);
	if (r == 0 && sv.json &&
	    libxl_domain_config_from_json(ctx, &dc,
	    (char *)buf + sv.config_off) != 0)
		r = xlneed_fail(err, errlen, XLNEED_ECONFIG, "%s: its config "
		    "is not libxl's JSON", path);
	if (r == 0 && sv.json)
		r = xlneed_json_ids(&dc, out, path, err, errlen);
	if (r == 0)
		r = xlneed_reckon(ctx, &dc, path, out, err, errlen);
	free(buf);
	libxl_domain_config_dispose(&dc);
	xlneed_close(ctx, lg);
	return r;
}

/*
 * A libvirt domain XML (the libxl hook's stdin): the build info libvirt's
 * libxl driver makes of it, as far as memory goes: the type, <memory> as
 * maxmem, <currentMemory> as the target, <vcpu>.
 */
int
xlneed_libvirt(const char *path, struct xlneed *out, char *err,
    size_t errlen)
{
	xentoollog_logger_stdiostream *lg = NULL;
	libxl_domain_type type;
	libxl_domain_config dc;
	libxl_ctx *ctx = NULL;
	struct lvxml_dom lv;
	char *buf, why[256];
	size_t n;
	FILE *f;
	int r;

	memset(out, 0, sizeof(*out));
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	if (f == NULL)
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "cannot read "
		    "%s: %s", path, strerror(errno));
	if ((buf = malloc(LVXML_MAX + 1)) == NULL) {
		if (f != stdin)
			fclose(f);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "out of memory");
	}
	n = fread(buf, 1, LVXML_MAX + 1, f);
	r = ferror(f);
	if (f != stdin)
		fclose(f);
	if (r || lvxml_parse(buf, n, &lv, why, sizeof(why)) == -1) {
		free(buf);
		return xlneed_fail(err, errlen, XLNEED_ECONFIG, "%s: %s",
		    strcmp(path, "-") == 0 ? "the domain XML" : path,
		    r ? "cannot read it" : why);
	}
	free(buf);
	type = lv.os == LVXML_OS_HVM ? LIBXL_DOMAIN_TYPE_HVM :
	    lv.os == LVXML_OS_XENPVH ? LIBXL_DOMAIN_TYPE_PVH :
	    LIBXL_DOMAIN_TYPE_PV;
	memcpy(out->name, lv.name, sizeof(out->name));
	if (lv.uuid[0] != '\0') {
		out->have_uuid = true;
		memcpy(out->uuid, lv.uuid, sizeof(out->uuid));
	}
	libxl_domain_config_init(&dc);
	dc.c_info.type = type;
	libxl_domain_build_info_init_type(&dc.b_info, type);
	dc.b_info.max_memkb = lv.memory_kib;
	dc.b_info.target_memkb = lv.current_kib;
	dc.b_info.max_vcpus = (int)lv.vcpus;
	if ((dc.c_info.name = strdup(lv.name)) == NULL)
		r = xlneed_fail(err, errlen, XLNEED_ECONFIG, "out of memory");
	else if (out->have_uuid && libxl_uuid_from_string(&dc.c_info.uuid,
	    lv.uuid) != 0)
		r = xlneed_fail(err, errlen, XLNEED_ECONFIG, "bad uuid");
	if (r == 0 && (r = xlneed_open(&ctx, &lg, err, errlen)) == 0)
		r = xlneed_reckon(ctx, &dc, lv.name, out, err, errlen);
	libxl_domain_config_dispose(&dc);
	xlneed_close(ctx, lg);
	return r;
}
