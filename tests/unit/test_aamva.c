/* Unit tests for the AAMVA parser (every transport quirk, date rule, name
 * form, sex mapping, absent value and refusal) and for the valid-ID verdict.
 * Payloads are built here from fictional element lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/aamva.h"
#include "core/aamva_json.h"
#include "core/idcheck.h"
#include "core/kiosk_err.h"

/* A compliant payload: "@\n\x1e\rANSI " + IIN + version (+ jurisdiction
 * version) + 01 + one DL designator + "DL" + elements (LF-separated) + CR. */
static size_t build(char *out, size_t cap, const char *iin, int version, const char *elements)
{
    char body[2048];
    int bl = snprintf(body, sizeof body, "DL%s\r", elements);
    int hl = version >= 2 ? 21 + 10 : 19 + 10;
    int n;
    if (version >= 2)
        n = snprintf(out, cap, "@\n\x1e\rANSI %s%02d0001DL%04d%04d%s", iin, version, hl, bl, body);
    else
        n = snprintf(out, cap, "@\n\x1e\rANSI %s%02d01DL%04d%04d%s", iin, version, hl, bl, body);
    return (size_t)n;
}

#define V8_ELEMENTS                                                                                \
    "DAQD12345678\nDCSPUBLIC\nDDEN\nDACJOHN\nDDFN\nDADQUINCY\nDDGN\nDCAD\nDCBNONE\nDCDNONE\n"      \
    "DBD08312013\nDBB01311970\nDBA08312020\nDBC1\nDAU069 in\nDAYGRN\nDAG123 MAIN ST\n"             \
    "DAIPHOENIX\nDAJAZ\nDAK850070000  \nDCF83D9BN217QO983B1\nDCGUSA\nDDAF\nDDB02142014"

static int parse_str(const char *s, size_t n, struct aamva_doc *doc)
{
    return aamva_parse((const unsigned char *)s, n, doc);
}

static void iso(const struct aamva_date *d, const char *want)
{
    char buf[11];
    if (!want) {
        assert_null(aamva_date_iso(d, buf));
        return;
    }
    assert_non_null(aamva_date_iso(d, buf));
    assert_string_equal(buf, want);
}

static void test_compliant_v8(void **state)
{
    (void)state;
    char p[4096];
    size_t n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    struct aamva_doc doc;
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(doc.format, AAMVA_FORMAT_AAMVA);
    assert_int_equal(doc.aamva_version, 8);
    assert_int_equal(doc.jurisdiction_version, 0);
    assert_string_equal(doc.iin, "636026");
    assert_non_null(doc.issuer);
    assert_string_equal(doc.issuer->jurisdiction, "AZ");
    assert_string_equal(doc.document_type, "DL");
    assert_string_equal(doc.family_name, "PUBLIC");
    assert_string_equal(doc.first_name, "JOHN");
    assert_string_equal(doc.middle_names, "QUINCY");
    assert_string_equal(doc.suffix, "");
    iso(&doc.dob, "1970-01-31");
    iso(&doc.issued, "2013-08-31");
    iso(&doc.expires, "2020-08-31");
    assert_int_equal(doc.sex, 'M');
    assert_string_equal(doc.sex_raw, "1");
    assert_string_equal(doc.document_number, "D12345678");
    assert_string_equal(doc.postal_code, "85007");
    assert_string_equal(doc.country, "USA");
    assert_string_equal(doc.real_id, "F");
    assert_int_equal(doc.limited_duration, -1);
    assert_int_equal(doc.repairs, 0);
    assert_int_equal(doc.warnings, 0);
}

/* Applies a byte substitution to the whole payload. */
static size_t subst(const char *in, size_t n, char *out, char from, const char *to)
{
    size_t k = 0, tl = strlen(to);
    for (size_t i = 0; i < n; i++) {
        if (in[i] == from) {
            memcpy(out + k, to, tl);
            k += tl;
        } else {
            out[k++] = in[i];
        }
    }
    return k;
}

static void expect_same_fields(const struct aamva_doc *doc)
{
    assert_string_equal(doc->family_name, "PUBLIC");
    assert_string_equal(doc->first_name, "JOHN");
    assert_string_equal(doc->middle_names, "QUINCY");
    assert_string_equal(doc->document_number, "D12345678");
    iso(&doc->expires, "2020-08-31");
    iso(&doc->dob, "1970-01-31");
}

static void test_quirks(void **state)
{
    (void)state;
    char p[4096], q[8192], r[8192];
    size_t n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    struct aamva_doc doc;
    size_t m;

    /* RS as '6', CR as 'M' (keyboard wedge without Ctrl). */
    m = subst(p, n, q, '\x1e', "6");
    m = subst(q, m, r, '\r', "M");
    assert_int_equal(parse_str(r, m, &doc), 0);
    expect_same_fields(&doc);
    assert_true(doc.repairs & AAMVA_REPAIR_RS_AS_6);
    assert_true(doc.repairs & AAMVA_REPAIR_CR_AS_M);
    assert_string_equal(doc.real_id, "F"); /* not "FM" */

    /* RS as U+00DC (UTF-8) */
    m = subst(p, n, q, '\x1e', "\xc3\x9c");
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_true(doc.repairs & AAMVA_REPAIR_RS_AS_UUML);

    /* CR as LF */
    m = subst(p, n, q, '\r', "\n");
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_int_equal(doc.repairs, AAMVA_REPAIR_CR_AS_LF);

    /* CRLF everywhere */
    m = subst(p, n, q, '\r', "\n");
    m = subst(q, m, r, '\n', "\r\n");
    assert_int_equal(parse_str(r, m, &doc), 0);
    expect_same_fields(&doc);
    assert_true(doc.repairs & AAMVA_REPAIR_CRLF);

    /* every control character as '|' */
    m = subst(p, n, q, '\r', "|");
    m = subst(q, m, r, '\n', "|");
    m = subst(r, m, q, '\x1e', "|");
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_int_equal(doc.repairs, AAMVA_REPAIR_PIPE_SEPARATORS);

    /* C1 noise around every record, UTF-8 and raw */
    m = subst(p, n, q, '\n', "\xc2\x90\n\xc2\x90");
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_int_equal(doc.repairs, AAMVA_REPAIR_C1_NOISE);
    m = subst(p, n, q, '\n', "\x90\n");
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_int_equal(doc.repairs, AAMVA_REPAIR_C1_NOISE);

    /* BOM and leading junk (an AIM symbology identifier) */
    memcpy(q, "\xef\xbb\xbf]L2 ", 7);
    memcpy(q + 7, p, n);
    assert_int_equal(parse_str(q, n + 7, &doc), 0);
    expect_same_fields(&doc);
    assert_int_equal(doc.repairs, AAMVA_REPAIR_BOM_REMOVED | AAMVA_REPAIR_LEADING_JUNK);

    /* junk between '@' and the file type */
    m = (size_t)snprintf(q, sizeof q, "@ac\n%s", p + 4);
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_true(doc.repairs & AAMVA_REPAIR_HEADER_JUNK);

    /* header RS and CR dropped */
    m = (size_t)snprintf(q, sizeof q, "@\n%s", p + 4);
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    assert_int_equal(doc.repairs, AAMVA_REPAIR_CONTROL_DROPPED);

    /* every separator stripped: dictionary tokenisation */
    m = subst(p, n, q, '\n', "");
    m = subst(q, m, r, '\r', "");
    m = subst(r, m, q, '\x1e', "");
    assert_int_equal(parse_str(q, m, &doc), 0);
    expect_same_fields(&doc);
    iso(&doc.issued, "2013-08-31");
    assert_string_equal(doc.real_id, "F");
    assert_int_equal(doc.repairs, AAMVA_REPAIR_SEPARATORS_STRIPPED);
}

static void test_offsets_are_hints(void **state)
{
    (void)state;
    char p[4096];
    size_t n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    struct aamva_doc doc;
    /* zero offset and length */
    memcpy(p + 23, "00000000", 8);
    assert_int_equal(parse_str(p, n, &doc), 0);
    expect_same_fields(&doc);
    /* garbage offset ("abac") */
    memcpy(p + 23, "abac", 4);
    assert_int_equal(parse_str(p, n, &doc), 0);
    expect_same_fields(&doc);
    /* missing subfile type */
    n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    memmove(p + 31, p + 33, n - 33);
    n -= 2;
    assert_int_equal(parse_str(p, n, &doc), 0);
    expect_same_fields(&doc);
    assert_string_equal(doc.document_type, "DL"); /* from the designator */
    assert_true(doc.warnings & AAMVA_WARN_SUBFILE_TYPE_MISSING);
}

static void test_file_types_and_versions(void **state)
{
    (void)state;
    struct aamva_doc doc;
    const char *v1 = "@\n\x1e\rAAMVA6360060101DL00290100DAACTLIC,ADULT,A\nDAQ990000001\n"
                     "DBA20150101\nDBB19610101\nDBCF\nDBD20090223\r";
    assert_int_equal(parse_str(v1, strlen(v1), &doc), 0);
    assert_string_equal(doc.file_type, "AAMVA");
    assert_int_equal(doc.aamva_version, 1);
    assert_int_equal(doc.jurisdiction_version, -1);
    iso(&doc.dob, "1961-01-01"); /* v01: CCYYMMDD */
    assert_int_equal(doc.sex, 'F');
    assert_string_equal(doc.sex_raw, "F");

    /* v00 pre-standard: 5-digit IIN, 1-digit entry count, MM-DD-CCYY */
    const char *v0 = "@\n\nAAMVA36004001DL00280200DLDABSAMPLE\nDACJANE\nDAQ12345\n"
                     "DBA01-31-2030\nDBB02-15-1980\nDBCF\r";
    assert_int_equal(parse_str(v0, strlen(v0), &doc), 0);
    assert_string_equal(doc.iin, "636004");
    assert_non_null(doc.issuer);
    assert_string_equal(doc.issuer->jurisdiction, "NC");
    assert_int_equal(doc.aamva_version, 0);
    assert_true(doc.warnings & AAMVA_WARN_FIVE_DIGIT_IIN);
    iso(&doc.dob, "1980-02-15");
    iso(&doc.expires, "2030-01-31");
    assert_string_equal(doc.family_name, "SAMPLE");
    assert_string_equal(doc.first_name, "JANE");

    /* v11 tolerated; "AMVA " file type; EN subfile */
    char p[4096];
    size_t n = build(p, sizeof p, "636026", 11, V8_ELEMENTS);
    memcpy(p + 4, "AMVA ", 5);
    memcpy(p + 31, "EN", 2);
    memcpy(p + 21, "EN", 2);
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(doc.aamva_version, 11);
    assert_string_equal(doc.document_type, "EN");
    assert_string_equal(doc.file_type, "AMVA ");
    assert_false(doc.warnings & AAMVA_WARN_UNKNOWN_VERSION);
}

static void test_z_subfile(void **state)
{
    (void)state;
    const char *p = "@\n\x1e\rANSI 636026080002DL00410060ZA01010020"
                    "DLDAQX1\nDCSSAMPLE\nDACANN\nDBB01021980\nDBA01022030\r"
                    "ZAZAAYES\nZAB\nZACDCS-NOT-A-NAME\r";
    struct aamva_doc doc;
    assert_int_equal(parse_str(p, strlen(p), &doc), 0);
    assert_string_equal(doc.family_name, "SAMPLE");
    assert_int_equal(doc.z_count, 3);
    assert_string_equal(doc.z[0].key, "ZAA");
    assert_string_equal(doc.z[0].value, "YES");
    assert_string_equal(doc.z[1].value, "");
    assert_string_equal(doc.z[2].key, "ZAC");
}

static void test_date_rules(void **state)
{
    (void)state;
    struct aamva_doc doc;
    char p[4096];
    size_t n;
    /* v02: MMDDCCYY everywhere, also Canada */
    n = build(p, sizeof p, "636017", 2, "DAQ1\nDCSA\nDCTB\nDBB08081962\nDBA08082021\nDCGCDN");
    assert_int_equal(parse_str(p, n, &doc), 0);
    iso(&doc.dob, "1962-08-08");
    assert_string_equal(doc.country, "CAN");
    assert_int_equal(doc.warnings, 0);
    /* v03+ Canada: CCYYMMDD */
    n = build(p, sizeof p, "636012", 3, "DAQ1\nDCSA\nDCTB\nDBB19960603\nDBA20200604\nDCGCAN");
    assert_int_equal(parse_str(p, n, &doc), 0);
    iso(&doc.dob, "1996-06-03");
    iso(&doc.expires, "2020-06-04");
    assert_int_equal(doc.warnings, 0);
    /* v03+ USA: MMDDCCYY; a Canadian-order date falls back with a warning */
    n = build(p, sizeof p, "636061", 4, "DAQ1\nDCSA\nDACB\nDBB19721103\nDBA11032022\nDCGUSA");
    assert_int_equal(parse_str(p, n, &doc), 0);
    iso(&doc.dob, "1972-11-03");
    iso(&doc.expires, "2022-11-03");
    assert_int_equal(doc.dob.state, AAMVA_DATE_FALLBACK);
    assert_int_equal(doc.warnings, AAMVA_WARN_DOB_ORDER_FALLBACK);
    /* impossible in both orders: 31 September */
    n = build(p, sizeof p, "636026", 8, "DAQ1\nDCSA\nDACB\nDBB09151970\nDBA09312035");
    assert_int_equal(parse_str(p, n, &doc), 0);
    iso(&doc.expires, NULL);
    assert_int_equal(doc.expires.state, AAMVA_DATE_IMPOSSIBLE);
    assert_true(doc.warnings & AAMVA_WARN_EXPIRES_IMPOSSIBLE);
    /* 29 February only in leap years; junk suffix (NH "M") tolerated */
    n = build(p, sizeof p, "636039", 8, "DAQ1\nDCSA\nDACB\nDBB02292000\nDBA02282030X");
    assert_int_equal(parse_str(p, n, &doc), 0);
    iso(&doc.dob, "2000-02-29");
    iso(&doc.expires, "2030-02-28");
    assert_true(doc.warnings & AAMVA_WARN_DATE_JUNK);
    n = build(p, sizeof p, "636039", 8, "DAQ1\nDCSA\nDACB\nDBB02291900");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(doc.dob.state, AAMVA_DATE_IMPOSSIBLE);
}

static void test_names(void **state)
{
    (void)state;
    struct aamva_doc doc;
    char p[4096];
    size_t n;
    struct {
        int version;
        const char *el, *fam, *first, *mid, *suf;
    } cases[] = {
        {1, "DAAPUBLIC,JOHN,Q", "PUBLIC", "JOHN", "Q", ""},
        {1, "DAAREGULARSAMPLE,SELECT,A,3RD", "REGULARSAMPLE", "SELECT", "A", "3RD"},
        {1, "DAATESTER,JOEY, MIDLAND", "TESTER", "JOEY", "MIDLAND", ""},
        {1, "DAAJONES,MARCIA MOTORIST", "JONES", "MARCIA", "MOTORIST", ""},
        {1, "DAASMITH, MARY JONES", "SMITH", "MARY", "JONES", ""},
        {1, "DAALastNameTest,FirstNameTest, ,", "LastNameTest", "FirstNameTest", "", ""},
        {1, "DAAWANG,CHUNG", "WANG", "CHUNG", "", ""},
        {1, "DAAJOHN ROBERT LEE JOHNSON SMITH", "SMITH", "JOHN", "ROBERT LEE JOHNSON", ""},
        {1, "DAAJOHN Q PUBLIC JR", "PUBLIC", "JOHN", "Q", "JR"},
        {3, "DCSMAURY\nDCTJUSTIN,WILLIAM", "MAURY", "JUSTIN", "WILLIAM", ""},
        {3, "DCSTESTER\nDCTMARY ROSE   ", "TESTER", "MARY", "ROSE", ""},
        {3, "DCSTESTER,\nDCTMARY,ANN", "TESTER", "MARY", "ANN", ""},
        {2, "DCSDOE\nDCTJOHN\nDCUJR", "DOE", "JOHN", "", "JR"},
        {8, "DCSSAMPLE\nDACMICHAEL\nDADJOHN,PAUL\nDCUSR", "SAMPLE", "MICHAEL", "JOHN PAUL", "SR"},
        {8, "DCSO NEIL\nDACMOTORIST E\nDAD", "O NEIL", "MOTORIST", "E", ""},
        {8, "DCSDRIVER\nDACHARRY\nDADNONE", "DRIVER", "HARRY", "", ""},
        {3, "DCSMOTORIST\nDCTMARY SMITH\nDABMOTORIST\nDACMARY\nDADSMITH", "MOTORIST", "MARY",
         "SMITH", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char el[512];
        snprintf(el, sizeof el, "DAQ1\n%s\nDBB01011980", cases[i].el);
        n = build(p, sizeof p, "636026", cases[i].version, el);
        assert_int_equal(parse_str(p, n, &doc), 0);
        assert_string_equal(doc.family_name, cases[i].fam);
        assert_string_equal(doc.first_name, cases[i].first);
        assert_string_equal(doc.middle_names, cases[i].mid);
        assert_string_equal(doc.suffix, cases[i].suf);
    }
    /* Accented capitals as UTF-8 (a UTF-8 keyboard wedge) are letters, not C1
     * noise: C3 91 is "Ñ" and C3 89 is "É"; a real C1 byte beside them is. */
    n = build(p, sizeof p, "636026", 8,
              "DAQ1\nDCSMU\xc3\x91"
              "OZ\nDACJOS\xc3\x89\xc2\x90\nDADN\xc3\x9a\xc3\x91"
              "EZ\nDBB01011980");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_string_equal(doc.family_name, "MU\xc3\x91"
                                         "OZ");
    assert_string_equal(doc.first_name, "JOS\xc3\x89");
    assert_string_equal(doc.middle_names, "N\xc3\x9a\xc3\x91"
                                          "EZ");
    assert_int_equal(doc.repairs, AAMVA_REPAIR_C1_NOISE);
    n = build(p, sizeof p, "636026", 8, "DAQ1\nDCSA\nDDET\nDACB\nDDFN\nDDGU");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(doc.trunc_family, 'T');
    assert_int_equal(doc.trunc_first, 'N');
    assert_int_equal(doc.trunc_middle, 'U');
    assert_int_equal(doc.warnings & (AAMVA_WARN_FAMILY_TRUNCATED | AAMVA_WARN_FIRST_TRUNCATED |
                                     AAMVA_WARN_MIDDLE_TRUNCATED),
                     AAMVA_WARN_FAMILY_TRUNCATED);
}

static void test_sex_and_absent(void **state)
{
    (void)state;
    struct aamva_doc doc;
    char p[4096], el[256];
    const char *raw[] = {"1", "2", "9", "M", "F", "X", "7"};
    const char want[] = {'M', 'F', 'U', 'M', 'F', 'U', 0};
    for (int i = 0; i < 7; i++) {
        snprintf(el, sizeof el, "DAQ1\nDCSA\nDACB\nDBC%s", raw[i]);
        size_t n = build(p, sizeof p, "636026", 9, el);
        assert_int_equal(parse_str(p, n, &doc), 0);
        assert_int_equal(doc.sex, want[i]);
        assert_string_equal(doc.sex_raw, raw[i]);
    }
    const char *absent[] = {"NONE", "unavl", "unavail", "", "   ", "00000000", "none"};
    for (int i = 0; i < 7; i++) {
        snprintf(el, sizeof el, "DAQ%s\nDCSA\nDACB\nDAD%s\nDBA%s\nDBC%s", absent[i], absent[i],
                 absent[i], absent[i]);
        size_t n = build(p, sizeof p, "636026", 9, el);
        assert_int_equal(parse_str(p, n, &doc), 0);
        assert_string_equal(doc.document_number, "");
        assert_string_equal(doc.middle_names, "");
        assert_int_equal(doc.expires.state, AAMVA_DATE_ABSENT);
        assert_int_equal(doc.sex, 0);
        assert_string_equal(doc.sex_raw, "");
    }
    /* values are right-trimmed; first occurrence wins */
    size_t n = build(p, sizeof p, "636026", 9, "DAQ  A 1  \nDCSA\nDCSB\nDACC");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_string_equal(doc.document_number, "A 1");
    assert_string_equal(doc.family_name, "A");
    assert_true(doc.warnings & AAMVA_WARN_DUPLICATE_ELEMENT);
    /* DAJ differs from the issuer: only a warning */
    n = build(p, sizeof p, "636053", 6, "DAQ1\nDCSA\nDACB\nDAJAR");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_string_equal(doc.issuer->jurisdiction, "TN");
    assert_string_equal(doc.state, "AR");
    assert_true(doc.warnings & AAMVA_WARN_STATE_NOT_ISSUER);
}

static void test_refusals(void **state)
{
    (void)state;
    struct aamva_doc doc;
    assert_int_equal(aamva_parse(NULL, 0, &doc), KIOSK_ERR_INVALID);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_EMPTY);
    const char *url = "https://example.org/ticket/12345";
    assert_int_equal(parse_str(url, strlen(url), &doc), KIOSK_ERR_INVALID);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_NOT_AAMVA);
    assert_string_equal(aamva_refusal_name(doc.refusal), "not_aamva");
    const char *mail = "@example";
    assert_int_equal(parse_str(mail, strlen(mail), &doc), KIOSK_ERR_INVALID);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_NOT_AAMVA);
    const unsigned char compact[] = {0x30, 0x82, 0xa0, 0x00, 0x00, 0x02, 0x48, 0x01, 0x00, 0x10};
    assert_int_equal(aamva_parse(compact, sizeof compact, &doc), KIOSK_ERR_UNSUPPORTED);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_COMPACT);
    unsigned char enc[200];
    for (int i = 0; i < 200; i++)
        enc[i] = (unsigned char)(i * 73 + 11);
    enc[0] = 0x01;
    assert_int_equal(aamva_parse(enc, sizeof enc, &doc), KIOSK_ERR_UNSUPPORTED);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_ENCRYPTED);
    const char *hdr_enc = "@\n\x1e\rANSI 636055030001DL00310100\x01\xf3\xa8\x99\xfe\x10\x84\xc1"
                          "\xd7\xee\x02\x9a\xbb\xcc\xdd\xe1\xf2\x83\x94\xa5";
    assert_int_equal(parse_str(hdr_enc, strlen(hdr_enc), &doc), KIOSK_ERR_UNSUPPORTED);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_ENCRYPTED);
    const char *trunc = "@\n\x1e\rANSI 6360";
    assert_int_equal(parse_str(trunc, strlen(trunc), &doc), KIOSK_ERR_INVALID);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_TRUNCATED);
    const char *strip = "@ANSI 636026080001DL00310100DLXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    assert_int_equal(parse_str(strip, strlen(strip), &doc), KIOSK_ERR_INVALID);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_STRIPPED);
    const char *usid = "IDUS3&%^H1SAMPLE";
    assert_int_equal(parse_str(usid, strlen(usid), &doc), KIOSK_ERR_UNSUPPORTED);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_MILITARY);
    const char *badmag = "%BCVICTORIA^SPECIMEN,$TEST";
    assert_int_equal(parse_str(badmag, strlen(badmag), &doc), KIOSK_ERR_UNSUPPORTED);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_MAGSTRIPE);
    static unsigned char big[AAMVA_MAX_PAYLOAD + 1];
    memset(big, 'A', sizeof big);
    assert_int_equal(aamva_parse(big, sizeof big, &doc), KIOSK_ERR_INVALID);
    assert_int_equal(doc.refusal, AAMVA_REFUSE_TOO_LONG);
}

static void test_bc_magstripe(void **state)
{
    (void)state;
    /* A synthetic BC-style payload built from the published track layout. */
    const char *bc = "%BCVICTORIA^SPECIMEN,$TEST CARD^910 GOVERNMENT ST$VICTORIA BC V8W 3Y5^?"
                     ";6360281234567=310919700906=?"
                     "_%"
                     "0"
                     "A"
                     "V8W3Y5     "
                     "5 "
                     "R         "
                     "    "
                     "M"
                     "185"
                     " 82"
                     "BRNBLU?";
    struct aamva_doc doc;
    assert_int_equal(parse_str(bc, strlen(bc), &doc), 0);
    assert_int_equal(doc.format, AAMVA_FORMAT_MAGSTRIPE);
    assert_string_equal(doc.iin, "636028");
    assert_string_equal(doc.issuer->jurisdiction, "BC");
    assert_string_equal(doc.family_name, "SPECIMEN");
    assert_string_equal(doc.first_name, "TEST");
    assert_string_equal(doc.middle_names, "CARD");
    assert_string_equal(doc.document_number, "1234567");
    iso(&doc.expires, "2031-09-30");
    iso(&doc.dob, "1970-09-06");
    assert_string_equal(doc.city, "VICTORIA");
    assert_string_equal(doc.state, "BC");
    assert_string_equal(doc.country, "CAN");
    assert_int_equal(doc.sex, 'M');
    struct idcheck_verdict v;
    assert_int_equal(idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v), 0);
    /* issue 10: a Canadian province is not a US federal or state issuer */
    assert_false(v.valid);
    assert_int_equal(v.count, 1);
    assert_int_equal(v.reasons[0].code, IDCHECK_FOREIGN_ISSUER);
    assert_string_equal(v.reasons[0].message,
                        "issued by British Columbia, Canada: not a US federal or state ID");
    assert_true(v.ask_nationality);
}

static int has_reason(const struct idcheck_verdict *v, int code, const char *msg)
{
    for (int i = 0; i < v->count; i++)
        if (v->reasons[i].code == code && (!msg || strcmp(v->reasons[i].message, msg) == 0))
            return 1;
    return 0;
}

static void test_verdict(void **state)
{
    (void)state;
    char p[4096];
    size_t n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    struct aamva_doc doc;
    struct idcheck_verdict v;
    struct idcheck_config cfg;
    assert_int_equal(parse_str(p, n, &doc), 0);

    /* the expiry day itself is valid, the day after is not */
    assert_int_equal(idcheck_evaluate(&doc, 2020, 8, 31, NULL, &v), 0);
    assert_true(v.valid);
    assert_int_equal(v.count, 0);
    assert_string_equal(v.as_of, "2020-08-31");
    assert_int_equal(idcheck_evaluate(&doc, 2020, 9, 1, NULL, &v), 0);
    assert_false(v.valid);
    assert_true(has_reason(&v, IDCHECK_EXPIRED, "expired on 2020-08-31"));
    assert_string_equal(idcheck_reason_name(v.reasons[0].code), "EXPIRED");

    /* grace days */
    idcheck_config_init(&cfg);
    cfg.grace_days = 30;
    assert_int_equal(idcheck_evaluate(&doc, 2020, 9, 30, &cfg, &v), 0);
    assert_true(v.valid);
    assert_int_equal(idcheck_evaluate(&doc, 2020, 10, 1, &cfg, &v), 0);
    assert_true(has_reason(&v, IDCHECK_EXPIRED, NULL));

    /* not yet issued */
    assert_int_equal(idcheck_evaluate(&doc, 2013, 8, 30, NULL, &v), 0);
    assert_true(has_reason(&v, IDCHECK_NOT_YET_ISSUED, "issued on 2013-08-31, after 2013-08-30"));

    /* REAL ID and limited duration: shown, never held against by default */
    n = build(p, sizeof p, "636026", 8,
              "DAQX1\nDCSA\nDACB\nDBB01011980\nDBA01012031\nDBD01012023\nDDAN\nDDD1");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_string_equal(doc.real_id, "N");
    assert_int_equal(doc.limited_duration, 1);
    assert_int_equal(idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v), 0);
    assert_true(v.valid);
    idcheck_config_init(&cfg);
    cfg.require_real_id = true;
    cfg.reject_limited_duration = true;
    assert_int_equal(idcheck_evaluate(&doc, 2026, 11, 27, &cfg, &v), 0);
    assert_false(v.valid);
    assert_true(has_reason(&v, IDCHECK_NOT_REAL_ID, NULL));
    assert_true(has_reason(&v, IDCHECK_LIMITED_DURATION, NULL));

    /* unknown issuer, missing data, impossible dates, implausible age */
    n = build(p, sizeof p, "111111", 8, "DCSA\nDBB01011890\nDBA09312035\nDBD01012023");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v), 0);
    assert_false(v.valid);
    assert_true(has_reason(&v, IDCHECK_UNKNOWN_ISSUER, NULL));
    assert_true(has_reason(&v, IDCHECK_MISSING_DATA, "no document number (DAQ)"));
    assert_true(has_reason(&v, IDCHECK_MISSING_DATA, "no first name"));
    assert_true(has_reason(&v, IDCHECK_IMPOSSIBLE_DATE, "the expiry date is not a real date"));
    assert_true(has_reason(&v, IDCHECK_IMPLAUSIBLE_AGE, NULL));

    /* born after the issue date; born after the booking date */
    n = build(p, sizeof p, "636026", 8, "DAQ1\nDCSA\nDACB\nDBB01012024\nDBA01012031\nDBD01012023");
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(idcheck_evaluate(&doc, 2023, 6, 1, NULL, &v), 0);
    assert_true(has_reason(&v, IDCHECK_IMPOSSIBLE_DATE, NULL));
    assert_true(has_reason(&v, IDCHECK_IMPLAUSIBLE_AGE, NULL));

    /* a refused payload: unsupported format */
    assert_int_equal(parse_str("hello", 5, &doc), KIOSK_ERR_INVALID);
    assert_int_equal(idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v), 0);
    assert_false(v.valid);
    assert_true(has_reason(&v, IDCHECK_UNSUPPORTED_FORMAT, NULL));

    /* bad booking date */
    assert_int_equal(idcheck_evaluate(&doc, 2026, 2, 30, NULL, &v), KIOSK_ERR_INVALID);
    int y, m, d;
    assert_int_equal(idcheck_parse_iso_date("2026-11-27", &y, &m, &d), 0);
    assert_int_equal(y * 10000 + m * 100 + d, 20261127);
    assert_int_equal(idcheck_parse_iso_date("2026-13-01", &y, &m, &d), KIOSK_ERR_INVALID);
    assert_int_equal(idcheck_parse_iso_date("26-11-27", &y, &m, &d), KIOSK_ERR_INVALID);
}

static void test_json_shape(void **state)
{
    (void)state;
    char p[4096];
    size_t n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    struct aamva_doc doc;
    struct idcheck_verdict v;
    assert_int_equal(parse_str(p, n, &doc), 0);
    assert_int_equal(idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v), 0);
    json_t *o = aamva_doc_to_json(&doc, &v);
    assert_non_null(o);
    const char *keys[] = {"format",
                          "aamva_version",
                          "jurisdiction_version",
                          "iin",
                          "issuer",
                          "document_type",
                          "family_name",
                          "first_name",
                          "middle_names",
                          "suffix",
                          "dob",
                          "sex",
                          "sex_raw",
                          "issued",
                          "expires",
                          "document_number",
                          "document_discriminator",
                          "country",
                          "address",
                          "real_id",
                          "limited_duration",
                          "repairs",
                          "warnings",
                          "verdict"};
    assert_int_equal(json_object_size(o), sizeof keys / sizeof keys[0]);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(json_object_get(o, keys[i]));
    assert_string_equal(json_string_value(json_object_get(o, "format")), "aamva");
    assert_int_equal(json_integer_value(json_object_get(o, "aamva_version")), 8);
    json_t *iss = json_object_get(o, "issuer");
    assert_string_equal(json_string_value(json_object_get(iss, "code")), "AZ");
    assert_string_equal(json_string_value(json_object_get(iss, "name")), "Arizona");
    assert_string_equal(json_string_value(json_object_get(iss, "country")), "USA");
    assert_true(json_is_null(json_object_get(o, "suffix")));
    assert_true(json_is_null(json_object_get(o, "limited_duration")));
    assert_string_equal(json_string_value(json_object_get(o, "dob")), "1970-01-31");
    json_t *addr = json_object_get(o, "address");
    assert_string_equal(json_string_value(json_object_get(addr, "postal_code")), "85007");
    json_t *verdict = json_object_get(o, "verdict");
    assert_true(json_is_false(json_object_get(verdict, "valid_government_id")));
    assert_string_equal(json_string_value(json_object_get(verdict, "as_of")), "2026-11-27");
    json_t *r0 = json_array_get(json_object_get(verdict, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(r0, "code")), "EXPIRED");
    assert_string_equal(json_string_value(json_object_get(r0, "message")), "expired on 2020-08-31");
    json_decref(o);

    /* quotes and Latin-1 in a value come out as valid JSON */
    n = build(p, sizeof p, "636026", 8, "DAQ1\nDCSO\"BRI\xc9N\nDACB");
    assert_int_equal(parse_str(p, n, &doc), 0);
    o = aamva_doc_to_json(&doc, NULL);
    /* Latin-1 is converted to UTF-8, the quote escaped by jansson */
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "family_name")), "O\"BRI\xc3\x89N");
    assert_true(json_is_null(json_object_get(o, "verdict")));
    json_decref(o);

    assert_int_equal(parse_str("hello", 5, &doc), KIOSK_ERR_INVALID);
    o = aamva_refusal_to_json(&doc);
    assert_string_equal(json_string_value(json_object_get(o, "reason")), "not_aamva");
    assert_non_null(json_string_value(json_object_get(o, "error")));
    json_decref(o);
}

static void test_never_reads_past_input(void **state)
{
    (void)state;
    char p[4096];
    size_t n = build(p, sizeof p, "636026", 8, V8_ELEMENTS);
    struct aamva_doc doc;
    /* every prefix of a valid payload, copied to an exact-size buffer so that
     * ASan catches any over-read */
    for (size_t k = 0; k <= n; k++) {
        unsigned char exact[4096];
        memcpy(exact, p, k);
        int rc = aamva_parse(k ? exact : NULL, k, &doc);
        assert_true(rc == 0 || rc == KIOSK_ERR_INVALID || rc == KIOSK_ERR_UNSUPPORTED);
    }
}

static void test_element_table(void **state)
{
    (void)state;
    /* Every element ID of research §1.4 (v01-v11) is in the dictionary,
     * and the O(1) slot table maps it to itself. */
    static const char *const ids[] = {
        "DAA", "DAB", "DAC", "DAD", "DAE", "DAF", "DAG", "DAH", "DAI", "DAJ", "DAK", "DAL", "DAM",
        "DAN", "DAO", "DAP", "DAQ", "DAR", "DAS", "DAT", "DAU", "DAV", "DAW", "DAX", "DAY", "DAZ",
        "DBA", "DBB", "DBC", "DBD", "DBE", "DBF", "DBG", "DBH", "DBI", "DBJ", "DBK", "DBL", "DBM",
        "DBN", "DBO", "DBP", "DBQ", "DBR", "DBS", "DCA", "DCB", "DCD", "DCE", "DCF", "DCG", "DCH",
        "DCI", "DCJ", "DCK", "DCL", "DCM", "DCN", "DCO", "DCP", "DCQ", "DCR", "DCS", "DCT", "DCU",
        "DDA", "DDB", "DDC", "DDD", "DDE", "DDF", "DDG", "DDH", "DDI", "DDJ", "DDK", "DDL", "DDM",
        "DDN", "DDO", "DDP", "PAA", "PAB", "PAC", "PAD", "PAE", "PAF"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (!aamva_element_known(ids[i]))
            fail_msg("%s not known", ids[i]);
    }
    assert_int_equal(sizeof ids / sizeof ids[0], 87);
    const char *unknown[] = {"DZB", "DAz", "DDQ", "PAG", "ZAA", "DLD", "IDD", "END"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_false(aamva_element_known(unknown[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compliant_v8),
        cmocka_unit_test(test_quirks),
        cmocka_unit_test(test_offsets_are_hints),
        cmocka_unit_test(test_file_types_and_versions),
        cmocka_unit_test(test_z_subfile),
        cmocka_unit_test(test_date_rules),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_sex_and_absent),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_bc_magstripe),
        cmocka_unit_test(test_verdict),
        cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_never_reads_past_input),
        cmocka_unit_test(test_element_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
