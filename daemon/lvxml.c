/*
 * lvxml.c - the facts xenballoon needs from a libvirt domain XML
 * (lvxml.h): a small recursive reader of well-formed XML that keeps
 * /domain/{name,uuid,memory,currentMemory,vcpu,os/type} and skips the
 * rest.  Every byte is bounded by the input's length; nesting by
 * LVXML_DEPTH_MAX.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lvxml.h"
#include "parse.h"

#define LVX_TEXT_MAX	255	/* a value we keep is never longer */
#define LVX_TAG_MAX	63

enum lvx_kind {
	LVX_SKIP,		/* an element we do not need */
	LVX_DOMAIN,
	LVX_NAME,
	LVX_UUID,
	LVX_MEMORY,
	LVX_CURRENT,
	LVX_VCPU,
	LVX_OS,
	LVX_OS_TYPE,
};

static const char *const lvx_tags[] = {
	[LVX_DOMAIN] = "domain", [LVX_NAME] = "name", [LVX_UUID] = "uuid",
	[LVX_MEMORY] = "memory", [LVX_CURRENT] = "currentMemory",
	[LVX_VCPU] = "vcpu", [LVX_OS] = "os", [LVX_OS_TYPE] = "type",
};

struct lvx {
	const char		*p, *end;
	char			*err;
	size_t			 errlen;
	unsigned int		 seen;		/* 1 << kind */
	struct lvxml_dom	*out;
};

/* What an element is kept for, and its text. */
struct lvx_elem {
	enum lvx_kind	kind;
	char		tag[LVX_TAG_MAX + 1];
	char		unit[16];
	char		text[LVX_TEXT_MAX + 1];
	size_t		n;
};

static int
lvx_fail(struct lvx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
lvx_fail(struct lvx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, x->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
lvx_at(const struct lvx *x, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(x->end - x->p) >= n && memcmp(x->p, s, n) == 0;
}

static void
lvx_ws(struct lvx *x)
{
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' ||
	    *x->p == '\n' || *x->p == '\r'))
		x->p++;
}

/* Past the next occurrence of s, or fail. */
static int
lvx_past(struct lvx *x, const char *s, const char *what)
{
	size_t n = strlen(s);

	for (; x->p < x->end; x->p++) {
		if (lvx_at(x, s)) {
			x->p += n;
			return 0;
		}
	}
	return lvx_fail(x, "unterminated %s", what);
}

static bool
lvx_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	    c == ':' || c >= 0x80;
}

static int
lvx_name(struct lvx *x, char *buf, size_t len)
{
	size_t n = 0;

	while (x->p < x->end && lvx_name_char((unsigned char)*x->p)) {
		if (n + 1 >= len)
			return lvx_fail(x, "a tag or attribute name longer "
			    "than %zu bytes", len - 1);
		buf[n++] = *x->p++;
	}
	buf[n] = '\0';
	if (n == 0)
		return lvx_fail(x, "a tag or attribute without a name");
	return 0;
}

/* One character of text or of a value, '&' references decoded. */
static int
lvx_char(struct lvx *x, char *c)
{
	static const struct { const char *ref; char c; } ents[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	unsigned long v = 0;
	bool hex;

	if (*x->p != '&') {
		*c = *x->p++;
		return 0;
	}
	for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		if (lvx_at(x, ents[i].ref)) {
			x->p += strlen(ents[i].ref);
			*c = ents[i].c;
			return 0;
		}
	}
	if (!lvx_at(x, "&#"))
		return lvx_fail(x, "an unknown entity");
	x->p += 2;
	hex = x->p < x->end && *x->p == 'x';
	x->p += hex;
	for (; x->p < x->end && *x->p != ';'; x->p++) {
		int d = *x->p >= '0' && *x->p <= '9' ? *x->p - '0' :
		    hex && *x->p >= 'a' && *x->p <= 'f' ? *x->p - 'a' + 10 :
		    hex && *x->p >= 'A' && *x->p <= 'F' ? *x->p - 'A' + 10 : -1;

		if (d < 0 || v > 0x7f)
			return lvx_fail(x, "a bad character reference");
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (x->p == x->end || v == 0 || v > 0x7f)
		return lvx_fail(x, "a bad character reference (ASCII only)");
	x->p++;
	*c = (char)v;
	return 0;
}

/* An attribute's value, quoted; kept (bounded) in buf when buf. */
static int
lvx_value(struct lvx *x, char *buf, size_t len)
{
	size_t n = 0;
	char q, c;

	if (x->p == x->end || (*x->p != '"' && *x->p != '\''))
		return lvx_fail(x, "an attribute value without quotes");
	q = *x->p++;
	while (x->p < x->end && *x->p != q) {
		if (*x->p == '<')
			return lvx_fail(x, "'<' in an attribute value");
		if (lvx_char(x, &c) == -1)
			return -1;
		if (buf != NULL && n + 1 < len)
			buf[n++] = c;
		else if (buf != NULL)
			return lvx_fail(x, "an attribute value too long");
	}
	if (x->p == x->end)
		return lvx_fail(x, "an unterminated attribute value");
	x->p++;
	if (buf != NULL)
		buf[n] = '\0';
	return 0;
}

/* What a child of parent named tag is to us. */
static enum lvx_kind
lvx_kind(enum lvx_kind parent, const char *tag)
{
	enum lvx_kind lo = parent == LVX_DOMAIN ? LVX_NAME : LVX_OS_TYPE;
	enum lvx_kind hi = parent == LVX_DOMAIN ? LVX_OS : LVX_OS_TYPE;

	if (parent != LVX_DOMAIN && parent != LVX_OS)
		return LVX_SKIP;
	for (enum lvx_kind k = lo; k <= hi; k++)
		if (strcmp(tag, lvx_tags[k]) == 0)
			return k;
	return LVX_SKIP;
}

/* A size as libvirt writes one, in KiB (rounded up). */
static int
lvx_size(struct lvx *x, const struct lvx_elem *e, uint64_t *kib)
{
	static const struct { const char *unit; uint64_t bytes; } units[] = {
		{ "", 1024 }, { "b", 1 }, { "bytes", 1 },
		{ "KB", 1000 }, { "k", 1024 }, { "KiB", 1024 },
		{ "MB", 1000000 }, { "M", 1u << 20 }, { "MiB", 1u << 20 },
		{ "GB", 1000000000 }, { "G", 1u << 30 }, { "GiB", 1u << 30 },
		{ "TB", 1000000000000ull }, { "T", 1ull << 40 },
		{ "TiB", 1ull << 40 },
	};
	uint64_t v, max = 1ull << 50;	/* bytes: 1 PiB */

	if (parse_u64(e->text, 1, max, &v) != PARSE_OK)
		return lvx_fail(x, "bad <%s> '%.32s'", e->tag, e->text);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(e->unit, units[i].unit) != 0)
			continue;
		if (v > max / units[i].bytes)
			return lvx_fail(x, "<%s> too large", e->tag);
		*kib = (v * units[i].bytes + 1023) / 1024;
		return 0;
	}
	return lvx_fail(x, "unknown unit '%.15s' in <%s>", e->unit, e->tag);
}

/* The text of an element we keep, trimmed, into out. */
static int
lvx_take(struct lvx *x, struct lvx_elem *e)
{
	struct lvxml_dom *o = x->out;
	char *t = e->text;
	uint8_t uuid[16];
	uint64_t v;

	while (e->n > 0 && strchr(" \t\r\n", t[e->n - 1]) != NULL)
		t[--e->n] = '\0';
	while (*t != '\0' && strchr(" \t\r\n", *t) != NULL)
		t++;
	switch (e->kind) {
	case LVX_NAME:
		if (parse_domref(t, &(struct domref){ 0 }) != PARSE_OK ||
		    strlen(t) > DOMNAME_MAX || parse_u64(t, 0, UINT64_MAX,
		    &v) == PARSE_OK)
			return lvx_fail(x, "bad <name> '%.64s'", t);
		memcpy(o->name, t, strlen(t) + 1);
		return 0;
	case LVX_UUID:
		if (parse_uuid(t, uuid) != PARSE_OK)
			return lvx_fail(x, "bad <uuid> '%.40s'", t);
		format_uuid(uuid, o->uuid);
		return 0;
	case LVX_MEMORY:
	case LVX_CURRENT:
		memmove(e->text, t, strlen(t) + 1);
		return lvx_size(x, e, e->kind == LVX_MEMORY ? &o->memory_kib :
		    &o->current_kib);
	case LVX_VCPU:
		if (parse_u64(t, 1, 4096, &v) != PARSE_OK)
			return lvx_fail(x, "bad <vcpu> '%.32s'", t);
		o->vcpus = (uint32_t)v;
		return 0;
	case LVX_OS_TYPE:
		if (strcmp(t, "xen") == 0 || strcmp(t, "linux") == 0)
			o->os = LVXML_OS_XEN;
		else if (strcmp(t, "hvm") == 0)
			o->os = LVXML_OS_HVM;
		else if (strcmp(t, "xenpvh") == 0)
			o->os = LVXML_OS_XENPVH;
		else
			return lvx_fail(x, "unknown <os><type> '%.32s'", t);
		return 0;
	case LVX_SKIP:
	case LVX_DOMAIN:
	case LVX_OS:
		break;
	}
	return 0;
}

/* Comments, processing instructions and CDATA outside what we keep. */
static int
lvx_misc(struct lvx *x, struct lvx_elem *e, bool *done)
{
	*done = true;
	if (lvx_at(x, "<!--"))
		return lvx_past(x, "-->", "comment");
	if (lvx_at(x, "<?"))
		return lvx_past(x, "?>", "processing instruction");
	if (e != NULL && lvx_at(x, "<![CDATA[")) {
		x->p += 9;
		for (; x->p < x->end && !lvx_at(x, "]]>"); x->p++) {
			if (e->kind == LVX_SKIP || e->kind == LVX_DOMAIN ||
			    e->kind == LVX_OS)
				continue;
			if (e->n == LVX_TEXT_MAX)
				return lvx_fail(x, "<%s> too long", e->tag);
			e->text[e->n++] = *x->p;
		}
		return lvx_past(x, "]]>", "CDATA section");
	}
	if (lvx_at(x, "<!"))
		return lvx_fail(x, "a declaration inside the document");
	*done = false;
	return 0;
}

static int lvx_element(struct lvx *x, enum lvx_kind parent, int depth);

/* What is between an element's tags, up to and past its end tag. */
static int
lvx_content(struct lvx *x, struct lvx_elem *e, int depth)
{
	bool keep = e->kind != LVX_SKIP && e->kind != LVX_DOMAIN &&
	    e->kind != LVX_OS, done;
	char c, tag[LVX_TAG_MAX + 1];

	for (;;) {
		if (x->p == x->end)
			return lvx_fail(x, "<%s> is not closed", e->tag);
		if (lvx_misc(x, e, &done) == -1)
			return -1;
		if (done)
			continue;
		if (lvx_at(x, "</")) {
			x->p += 2;
			if (lvx_name(x, tag, sizeof(tag)) == -1)
				return -1;
			lvx_ws(x);
			if (strcmp(tag, e->tag) != 0 || x->p == x->end ||
			    *x->p != '>')
				return lvx_fail(x, "<%s> closed by </%s>",
				    e->tag, tag);
			x->p++;
			return keep ? lvx_take(x, e) : 0;
		}
		if (*x->p == '<') {
			if (keep)
				return lvx_fail(x, "an element inside <%s>",
				    e->tag);
			x->p++;
			if (lvx_element(x, e->kind, depth + 1) == -1)
				return -1;
			continue;
		}
		if (lvx_char(x, &c) == -1)
			return -1;
		if (!keep)
			continue;
		if (e->n == LVX_TEXT_MAX)
			return lvx_fail(x, "<%s> too long", e->tag);
		e->text[e->n++] = c;
	}
}

/* An element, its '<' consumed. */
static int
lvx_element(struct lvx *x, enum lvx_kind parent, int depth)
{
	struct lvx_elem e = { 0 };
	char an[LVX_TAG_MAX + 1], av[64];

	if (depth > LVXML_DEPTH_MAX)
		return lvx_fail(x, "nested deeper than %d", LVXML_DEPTH_MAX);
	if (lvx_name(x, e.tag, sizeof(e.tag)) == -1)
		return -1;
	e.kind = depth == 0 ? LVX_DOMAIN : lvx_kind(parent, e.tag);
	if (depth == 0 && strcmp(e.tag, "domain") != 0)
		return lvx_fail(x, "not a domain: <%s>", e.tag);
	if (e.kind != LVX_SKIP) {
		if (x->seen & (1u << e.kind))
			return lvx_fail(x, "<%s> given twice", e.tag);
		x->seen |= 1u << e.kind;
	}
	for (;;) {
		bool was_ws = x->p < x->end && strchr(" \t\r\n", *x->p);

		lvx_ws(x);
		if (x->p == x->end)
			return lvx_fail(x, "<%s> is not closed", e.tag);
		if (lvx_at(x, "/>")) {
			x->p += 2;
			if (e.kind == LVX_SKIP || e.kind == LVX_OS)
				return 0;
			return lvx_fail(x, "<%s/> is empty", e.tag);
		}
		if (*x->p == '>') {
			x->p++;
			break;
		}
		if (!was_ws)
			return lvx_fail(x, "no space before an attribute "
			    "of <%s>", e.tag);
		if (lvx_name(x, an, sizeof(an)) == -1)
			return -1;
		lvx_ws(x);
		if (x->p == x->end || *x->p != '=')
			return lvx_fail(x, "attribute '%s' without a value",
			    an);
		x->p++;
		lvx_ws(x);
		if (e.kind == LVX_DOMAIN && strcmp(an, "type") == 0) {
			if (lvx_value(x, av, sizeof(av)) == -1)
				return -1;
			if (strcmp(av, "xen") != 0)
				return lvx_fail(x, "not a Xen domain (type "
				    "'%.32s')", av);
		} else if ((e.kind == LVX_MEMORY || e.kind == LVX_CURRENT) &&
		    strcmp(an, "unit") == 0) {
			if (lvx_value(x, e.unit, sizeof(e.unit)) == -1)
				return -1;
		} else if (lvx_value(x, NULL, 0) == -1) {
			return -1;
		}
	}
	return lvx_content(x, &e, depth);
}

int
lvxml_parse(const char *xml, size_t len, struct lvxml_dom *out, char *err,
    size_t errlen)
{
	struct lvx x = { .p = xml, .end = xml + len, .err = err,
	    .errlen = errlen, .out = out };
	bool done;

	memset(out, 0, sizeof(*out));
	if (len > LVXML_MAX)
		return lvx_fail(&x, "larger than %u bytes", LVXML_MAX);
	for (;;) {
		lvx_ws(&x);
		if (x.p == x.end)
			return lvx_fail(&x, "no <domain>");
		if (lvx_misc(&x, NULL, &done) == -1)
			return -1;
		if (!done)
			break;
	}
	if (*x.p != '<')
		return lvx_fail(&x, "text before <domain>");
	x.p++;
	if (lvx_element(&x, LVX_SKIP, 0) == -1)
		goto bad;
	for (;;) {
		lvx_ws(&x);
		if (x.p == x.end)
			break;
		if (lvx_misc(&x, NULL, &done) == -1)
			goto bad;
		if (!done) {
			lvx_fail(&x, "more after </domain>");
			goto bad;
		}
	}
	if (!(x.seen & (1u << LVX_NAME)) || !(x.seen & (1u << LVX_MEMORY))) {
		lvx_fail(&x, "no <%s>", (x.seen & (1u << LVX_NAME)) ?
		    "memory" : "name");
		goto bad;
	}
	if (!(x.seen & (1u << LVX_CURRENT)))
		out->current_kib = out->memory_kib;
	if (out->current_kib > out->memory_kib) {
		lvx_fail(&x, "<currentMemory> above <memory>");
		goto bad;
	}
	if (out->vcpus == 0)
		out->vcpus = 1;
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return -1;
}
