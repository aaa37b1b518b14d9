/*
 * test-lvxml.c - what xenballoon reads from the domain XML libvirt hands
 * its libxl hook (daemon/lvxml.c): a domain as libvirt writes it gives
 * its name, UUID, type, sizes and vCPUs, whatever else it holds; every
 * unit libvirt knows is converted; every malformed or unusable document
 * is refused with why, and none of it is read past its length.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lvxml.h"

#define TAG_MAX		63	/* the longest tag or attribute name read */
#define A16	"aaaaaaaaaaaaaaaa"
#define A64	A16 A16 A16 A16

/* As virsh dumpxml prints a PV domain of the libxl driver. */
static const char pv[] =
    "<domain type='xen' id='3'>\n"
    "  <name>web</name>\n"
    "  <uuid>6B0C3E4E-1d2f-4a55-9a0b-0c1d2e3f4a5b</uuid>\n"
    "  <!-- a comment -->\n"
    "  <memory unit='KiB'>1048576</memory>\n"
    "  <currentMemory unit='KiB'>524288</currentMemory>\n"
    "  <vcpu placement='static'>2</vcpu>\n"
    "  <os>\n"
    "    <type arch='x86_64' machine='xenpv'>linux</type>\n"
    "    <kernel>/boot/vmlinuz</kernel>\n"
    "    <cmdline>root=/dev/xvda1 a&lt;b &amp; c</cmdline>\n"
    "  </os>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk'><driver name='qemu'/>"
    "<source file=\"/var/lib/xen/images/web.img\"/><target dev='xvda'/>"
    "</disk>\n"
    "    <console type='pty'><target type='xen' port='0'/></console>\n"
    "    <name>not the domain's</name>\n"
    "  </devices>\n"
    "</domain>\n";

/* References, CDATA and attributes, for the cuts. */
static const char refs[] =
    "<domain type='xen'><name>h&#x41;&#66;<![CDATA[c]]></name>"
    "<memory unit='KiB'>4</memory><os><type>hvm</type></os></domain>";

static int
parse(const char *xml, struct lvxml_dom *d, char *err)
{
	size_t n = strlen(xml);
	char *copy = malloc(n ? n : 1);	/* exactly n bytes: ASan sees */
	int r;

	assert_non_null(copy);
	memcpy(copy, xml, n);
	r = lvxml_parse(copy, n, d, err, 200);
	free(copy);
	return r;
}

static void
libvirts_own(void **state)
{
	struct lvxml_dom d;
	char err[200];

	assert_int_equal(parse(pv, &d, err), 0);
	assert_string_equal(d.name, "web");
	assert_string_equal(d.uuid, "6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b");
	assert_int_equal(d.os, LVXML_OS_XEN);
	assert_int_equal(d.memory_kib, 1048576);
	assert_int_equal(d.current_kib, 524288);
	assert_int_equal(d.vcpus, 2);
	assert_int_equal(parse("<?xml version='1.0'?><domain type=\"xen\">"
	    "<name>h&#x41;</name><memory>4</memory>"
	    "<os><type>hvm</type></os></domain><!-- end -->", &d, err), 0);
	assert_string_equal(d.name, "hA");
	assert_string_equal(d.uuid, "");
	assert_int_equal(d.os, LVXML_OS_HVM);
	assert_int_equal(d.memory_kib, 4);
	assert_int_equal(d.current_kib, 4);	/* none: the maximum */
	assert_int_equal(d.vcpus, 1);
}

static void
units(void **state)
{
	static const struct { const char *mem; uint64_t kib; } cases[] = {
		{ "<memory unit='b'>1</memory>", 1 },
		{ "<memory unit='bytes'>2048</memory>", 2 },
		{ "<memory unit='KB'>1024</memory>", 1000 },
		{ "<memory unit='k'>7</memory>", 7 },
		{ "<memory unit='MiB'>512</memory>", 524288 },
		{ "<memory unit='M'>1</memory>", 1024 },
		{ "<memory unit='MB'>1</memory>", 977 },
		{ "<memory unit='GiB'>2</memory>", 2097152 },
		{ "<memory unit='G'>1</memory>", 1048576 },
		{ "<memory unit='GB'>1</memory>", 976563 },
		{ "<memory unit='TiB'>1</memory>", 1073741824 },
		{ "<memory unit='T'>1</memory>", 1073741824 },
		{ "<memory unit='TB'>1</memory>", 976562500 },
		{ "<memory> 8 </memory>", 8 },
		{ "<memory unit='b'>4096</memory>", 4 },
		{ "<memory unit='MB'>1000</memory>", 976563 },
		/* 1 PiB, the most there is. */
		{ "<memory unit='TiB'>1024</memory>", 1099511627776ull },
	};
	struct lvxml_dom d;
	char xml[256], err[200];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(xml, sizeof(xml), "<domain type='xen'><name>a</name>"
		    "%s</domain>", cases[i].mem);
		if (parse(xml, &d, err) != 0)
			fail_msg("%s: %s", cases[i].mem, err);
		if (d.memory_kib != cases[i].kib)
			fail_msg("%s: %llu KiB", cases[i].mem,
			    (unsigned long long)d.memory_kib);
	}
}

static void
refused(void **state)
{
	static const struct { const char *xml, *why; } cases[] = {
		{ "", "no <domain>" },
		{ "hello", "text before <domain>" },
		{ "<vm/>", "not a domain: <vm>" },
		{ "<domain type='kvm'><name>a</name><memory>1</memory></domain>",
		    "not a Xen domain (type 'kvm')" },
		{ "<domain type='xen'><memory>1</memory></domain>", "no <name>" },
		{ "<domain type='xen'><name>a</name></domain>", "no <memory>" },
		{ "<domain type='xen'><name>a</name><name>b</name></domain>",
		    "<name> given twice" },
		{ "<domain type='xen'><name>a<b/></name></domain>",
		    "an element inside <name>" },
		{ "<domain type='xen'><name>a</nam></domain>",
		    "<name> closed by </nam>" },
		{ "<domain type='xen'><name>a</name>", "<domain> is not closed" },
		{ "<domain type='xen'><name>a b</name><memory>1</memory></domain>",
		    "bad <name> 'a b'" },
		{ "<domain type='xen'><name>17</name><memory>1</memory></domain>",
		    "bad <name> '17'" },
		{ "<domain type='xen'><name>a</name><memory unit='XB'>1</memory>"
		    "</domain>", "unknown unit 'XB' in <memory>" },
		{ "<domain type='xen'><name>a</name><memory>0</memory></domain>",
		    "bad <memory> '0'" },
		{ "<domain type='xen'><name>a</name><memory>-1</memory></domain>",
		    "bad <memory> '-1'" },
		{ "<domain type='xen'><name>a</name><memory unit='TiB'>2048"
		    "</memory></domain>", "<memory> too large" },
		{ "<domain type='xen'><name>a</name><memory>1</memory>"
		    "<currentMemory>2</currentMemory></domain>",
		    "<currentMemory> above <memory>" },
		{ "<domain type='xen'><name>a</name><memory>1</memory>"
		    "<uuid>nope</uuid></domain>", "bad <uuid> 'nope'" },
		{ "<domain type='xen'><name>a</name><memory>1</memory>"
		    "<vcpu>0</vcpu></domain>", "bad <vcpu> '0'" },
		{ "<domain type='xen'><name>a</name><memory>1</memory><os>"
		    "<type>exe</type></os></domain>", "unknown <os><type> 'exe'" },
		{ "<domain type='xen'><name>a</name><memory>1</memory></domain>x",
		    "more after </domain>" },
		{ "<!DOCTYPE domain><domain/>", "a declaration inside" },
		{ "<domain type='xen'><name>a&nbsp;</name></domain>",
		    "an unknown entity" },
		{ "<domain type='xen'><name>&#233;</name></domain>",
		    "a bad character reference" },
		{ "<domain type=xen><name>a</name></domain>",
		    "an attribute value without quotes" },
		{ "<domain type='x<en'/>", "'<' in an attribute value" },
		{ "<domain type='xen'id='1'/>", "no space before an attribute" },
		{ "<domain type='xen'><!-- open", "unterminated comment" },
		{ "<domain type='xen'><name/></domain>", "<name/> is empty" },
		{ "<domain type='xen'><name>a</name><memory>1</memory></domain>"
		    "<!-- open", "unterminated comment" },
		/* A number is a domid, not a name: 0 is dom0's. */
		{ "<domain type='xen'><name>0</name><memory>1</memory>"
		    "</domain>", "bad <name> '0'" },
		{ "<domain type='xen'><name>a</name><memory>1</memory>"
		    "<description>&#9z;</description></domain>",
		    "a bad character reference" },
		{ "<domain type='xen'><name>a&#0;</name><memory>1</memory>"
		    "</domain>", "a bad character reference (ASCII only)" },
		{ "<domain type='xen'><name>a</name><memory>1</memory>"
		    "<description>&#128;</description></domain>",
		    "a bad character reference (ASCII only)" },
		{ "<domain type='xen'><name>a</name><memory>1</memory>"
		    "<disk file='a&nbsp;'/></domain>", "an unknown entity" },
		{ "<domain type='xen'><name>a</name><memory "
		    "unit='KiBKiBKiBKiBKiB'>1</memory></domain>",
		    "unknown unit 'KiBKiBKiBKiBKiB' in <memory>" },
		{ "<domain type='xen'><name>a</name><memory "
		    "unit='KiBKiBKiBKiBKiBK'>1</memory></domain>",
		    "an attribute value too long" },
		{ "<domain type='xen'><name>a</name><memory unit=KiB>1"
		    "</memory></domain>", "an attribute value without quotes" },
		{ "<domain type='xen' id=3><name>a</name></domain>",
		    "an attribute value without quotes" },
		{ "<domain type='xen' id><name>a</name></domain>",
		    "attribute 'id' without a value" },
		{ "<domain type='xen' ='x'><name>a</name></domain>",
		    "a tag or attribute without a name" },
		{ "<domain type='xen'><name>a</></domain>",
		    "a tag or attribute without a name" },
		{ "<domain type='xen'><name>a</name><memory>1</memory><>"
		    "</domain>", "a tag or attribute without a name" },
		/* 256 bytes of CDATA in a kept element. */
		{ "<domain type='xen'><name><![CDATA[" A64 A64 A64 A64
		    "]]></name></domain>", "<name> too long" },
	};
	struct lvxml_dom d;
	char err[200];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(err, 0, sizeof(err));
		if (parse(cases[i].xml, &d, err) != -1)
			fail_msg("case %zu accepted: %s", i, cases[i].xml);
		if (strstr(err, cases[i].why) == NULL)
			fail_msg("case %zu: '%s' does not say '%s'", i, err,
			    cases[i].why);
		assert_string_equal(d.name, "");
	}
}

static void
deep_and_cut(void **state)
{
	struct lvxml_dom d;
	char err[200], *deep;
	size_t n = 0, len = strlen(pv);

	/* 65 levels under <domain>: refused, not a stack overflow. */
	deep = malloc(16 + 70 * 8);
	assert_non_null(deep);
	n += (size_t)sprintf(deep, "<domain type='xen'>");
	for (int i = 0; i < 70; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	assert_int_equal(lvxml_parse(deep, n, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nested deeper than 64"));
	free(deep);
	/* Every prefix of a good document is refused, read within it:
	 * libvirt's own, and one cut inside a reference, a CDATA section,
	 * a name and a value. */
	for (int doc = 0; doc < 2; doc++) {
		const char *s = doc ? refs : pv;

		len = strlen(s);
		for (size_t cut = 0; cut < len - 1; cut++) {
			char *p = malloc(cut ? cut : 1);

			assert_non_null(p);
			memcpy(p, s, cut);
			if (lvxml_parse(p, cut, &d, err, sizeof(err)) != -1)
				fail_msg("accepted when cut at %zu", cut);
			free(p);
		}
	}
}

/* <domain type='xen'><name>a</name>, then s, then </domain>. */
static int
parse_in(const char *s, struct lvxml_dom *d, char *err)
{
	char xml[1024];

	snprintf(xml, sizeof(xml), "<domain type='xen'><name>a</name>%s"
	    "</domain>", s);
	return parse(xml, d, err);
}

static void
kept_text_as_libvirt_escapes_it(void **state)
{
	static const struct { const char *xml, *name; } cases[] = {
		{ "<name>a&amp;&lt;&gt;&quot;&apos;b</name>", "a&<>\"'b" },
		{ "<name>&#90;&#x4a;&#x4A;&#x6f;&#x6F;</name>", "ZJJoo" },
		{ "<name><![CDATA[w&b]]></name>", "w&b" },
		{ "<name> w<![CDATA[e]]>b </name>", "web" },
	};
	struct lvxml_dom d;
	char xml[256], err[200];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(xml, sizeof(xml), "<domain type='xen'>%s<memory>1"
		    "</memory><description><![CDATA[<b>&x</b>]]>"
		    "</description></domain>", cases[i].xml);
		if (parse(xml, &d, err) != 0)
			fail_msg("%s: %s", cases[i].xml, err);
		assert_string_equal(d.name, cases[i].name);
	}
}

static void
values_at_their_bounds(void **state)
{
	char xml[512], name[DOMNAME_MAX + 2], err[200];
	struct lvxml_dom d;

	/* The longest name there is, after the UUID: both kept whole. */
	memset(name, 'n', sizeof(name));
	name[DOMNAME_MAX] = '\0';
	snprintf(xml, sizeof(xml), "<domain type='xen'><uuid>6b0c3e4e-1d2f-"
	    "4a55-9a0b-0c1d2e3f4a5b</uuid><name>%s</name><memory>1</memory>"
	    "</domain>", name);
	assert_int_equal(parse(xml, &d, err), 0);
	assert_string_equal(d.name, name);
	assert_string_equal(d.uuid, "6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b");
	name[DOMNAME_MAX] = 'n';
	name[DOMNAME_MAX + 1] = '\0';
	snprintf(xml, sizeof(xml), "<domain type='xen'><name>%s</name>"
	    "<memory>1</memory></domain>", name);
	assert_int_equal(parse(xml, &d, err), -1);
	assert_non_null(strstr(err, "bad <name> 'nnnn"));

	assert_int_equal(parse_in("<memory>1</memory><vcpu>1</vcpu>", &d,
	    err), 0);
	assert_int_equal(d.vcpus, 1);
	assert_int_equal(parse_in("<memory>1</memory><vcpu>4096</vcpu>", &d,
	    err), 0);
	assert_int_equal(d.vcpus, 4096);
	assert_int_equal(parse_in("<memory>1</memory><vcpu>4097</vcpu>", &d,
	    err), -1);
	assert_non_null(strstr(err, "bad <vcpu> '4097'"));

	assert_int_equal(parse_in("<memory>1</memory><os><type>xen</type>"
	    "</os>", &d, err), 0);
	assert_int_equal(d.os, LVXML_OS_XEN);
	assert_int_equal(parse_in("<memory>1</memory><os><type>xenpvh</type>"
	    "</os>", &d, err), 0);
	assert_int_equal(d.os, LVXML_OS_XENPVH);

	/* currentMemory has its unit too; other attributes are not it. */
	assert_int_equal(parse_in("<memory unit='KiB' dumpCore='on'>1048576"
	    "</memory><currentMemory unit='MiB'>512</currentMemory>", &d,
	    err), 0);
	assert_int_equal(d.memory_kib, 1048576);
	assert_int_equal(d.current_kib, 524288);
}

static void
names_xml_allows(void **state)
{
	char xml[512], tag[TAG_MAX + 2], err[200];
	struct lvxml_dom d;

	/* Every kind of name character, at the ends of its ranges. */
	assert_int_equal(parse_in("<memory>1</memory><zZ09Aa.-_:y zZ09Az='1'/>"
	    "<a/><\xc4\x80>x</\xc4\x80>", &d, err), 0);
	/* DEL is an XML character: where it is not kept, it is read. */
	assert_int_equal(parse_in("<memory>1</memory><description>&#127;"
	    "</description>", &d, err), 0);
	/* Names of 63 bytes, an element's and an attribute's; 64 are
	 * refused. */
	memset(tag, 't', sizeof(tag));
	tag[TAG_MAX] = '\0';
	snprintf(xml, sizeof(xml), "<memory>1</memory><%s %s='1'>x</%s>",
	    tag, tag, tag);
	assert_int_equal(parse_in(xml, &d, err), 0);
	tag[TAG_MAX] = 't';
	tag[TAG_MAX + 1] = '\0';
	snprintf(xml, sizeof(xml), "<memory>1</memory><%s/>", tag);
	assert_int_equal(parse_in(xml, &d, err), -1);
	assert_string_equal(err, "a tag or attribute name longer than 63 "
	    "bytes");
}

static void
bounds_of_the_document(void **state)
{
	static const char head[] = "<domain type='xen'><name>a</name>"
	    "<memory>1</memory>";
	struct lvxml_dom d;
	char err[200], *doc;
	size_t n;

	/* 64 levels under <domain> are read, 65 are not. */
	for (int levels = 64; levels <= 65; levels++) {
		assert_non_null(doc = malloc(sizeof(head) + 8 * 65 + 16));
		n = (size_t)sprintf(doc, "%s", head);
		for (int i = 0; i < levels; i++)
			n += (size_t)sprintf(doc + n, "<a>");
		for (int i = 0; i < levels; i++)
			n += (size_t)sprintf(doc + n, "</a>");
		n += (size_t)sprintf(doc + n, "</domain>");
		assert_int_equal(lvxml_parse(doc, n, &d, err, sizeof(err)),
		    levels > 64 ? -1 : 0);
		free(doc);
	}
	assert_non_null(strstr(err, "nested deeper than 64"));
	/* A document of LVXML_MAX bytes is read, one more is not. */
	assert_non_null(doc = malloc(LVXML_MAX + 1));
	memset(doc, ' ', LVXML_MAX + 1);
	memcpy(doc, head, strlen(head));
	memcpy(doc + strlen(head), "</domain>", 9);
	assert_int_equal(lvxml_parse(doc, LVXML_MAX, &d, err, sizeof(err)),
	    0);
	assert_int_equal(lvxml_parse(doc, LVXML_MAX + 1, &d, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "larger than 1048576 bytes");
	free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(libvirts_own),
		cmocka_unit_test(units),
		cmocka_unit_test(refused),
		cmocka_unit_test(deep_and_cut),
		cmocka_unit_test(kept_text_as_libvirt_escapes_it),
		cmocka_unit_test(values_at_their_bounds),
		cmocka_unit_test(names_xml_allows),
		cmocka_unit_test(bounds_of_the_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
