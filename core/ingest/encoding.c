/* encoding.c: encoding names and detection (encoding.h). The decoders live in
 * decoder.c and gb18030.c.
 *
 * Detection tallies the sample a few ways (zero bytes by parity, control
 * bytes, UTF-8, UTF-16 and GB18030 well-formedness) in single passes without
 * allocating, then applies the rules listed in the header in order. */
#include "ingest/encoding.h"

#include <string.h>

#include "ingest/encoding_internal.h"

/* ---- names ---- */

static const char *const names[] = {"utf-8", "utf-16le", "utf-16be", "gb18030", "binary"};

static const struct {
  const char *alias; /* lower case, without '-', '_' or spaces */
  ls_encoding enc;
} aliases[] = {
    {"utf8", LS_ENC_UTF8},         {"ascii", LS_ENC_UTF8},        {"usascii", LS_ENC_UTF8},
    {"utf16le", LS_ENC_UTF16LE},   {"ucs2le", LS_ENC_UTF16LE},    {"utf16", LS_ENC_UTF16LE},
    {"ucs2", LS_ENC_UTF16LE},      {"unicode", LS_ENC_UTF16LE},   {"utf16be", LS_ENC_UTF16BE},
    {"ucs2be", LS_ENC_UTF16BE},    {"gb18030", LS_ENC_GB18030},   {"gbk", LS_ENC_GB18030},
    {"gb2312", LS_ENC_GB18030},    {"cp936", LS_ENC_GB18030},     {"windows936", LS_ENC_GB18030},
    {"ms936", LS_ENC_GB18030},     {"euccn", LS_ENC_GB18030},     {"xgbk", LS_ENC_GB18030},
    {"binary", LS_ENC_BINARY},
};

const char *ls_encoding_name(ls_encoding enc) {
  return (unsigned)enc < sizeof names / sizeof names[0] ? names[enc] : "?";
}

int ls_encoding_parse(const char *name, ls_encoding *out) {
  if (!name || !out) return 0;
  char key[16];
  size_t k = 0;
  for (const char *p = name; *p; p++) {
    char c = *p;
    if (c == '-' || c == '_' || c == ' ') continue;
    if (k + 1 == sizeof key) return 0;
    key[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
  }
  key[k] = '\0';
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
    if (strcmp(key, aliases[i].alias) == 0) {
      *out = aliases[i].enc;
      return 1;
    }
  }
  return 0;
}

/* ---- private: tallies ---- */

typedef struct {
  size_t chars; /* characters read, valid or not */
  size_t multi; /* valid characters of more than one byte (UTF-8, GB18030) */
  size_t bad;   /* invalid sequences */
  size_t ctrl;  /* control characters (UTF-16) */
  size_t two;   /* valid two-byte characters (GB18030) */
  size_t cjk;   /* of which CJK */
} tally;

/* A control byte or character a text file should not hold many of. */
static int is_ctrl(uint32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F;
}

static int is_cjk(uint32_t c) {
  return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

/* UTF-8: each maximal invalid subpart is one bad sequence. */
static void tally_utf8(const uint8_t *s, size_t n, int whole, tally *t) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    t->chars++;
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (k == 0) {
      t->bad++;
      i++;
      continue;
    }
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    size_t j = 1;
    while (j < k && i + j < n && s[i + j] >= lo && s[i + j] <= hi) {
      lo = 0x80;
      hi = 0xBF;
      j++;
    }
    if (j == k) {
      t->multi++;
    } else if (i + j == n && !whole) {
      t->chars--; /* cut by the end of the sample */
    } else {
      t->bad++;
    }
    i += j;
  }
}

static void tally_utf16(const uint8_t *s, size_t n, int be, int whole, tally *t) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = ls_utf16_step(s + i, n - i, be, &cp);
    if (k == 0) {
      t->bad += whole;
      break;
    }
    t->chars++;
    if (cp == LS_CP_BAD)
      t->bad++;
    else
      t->ctrl += cp == 0 || is_ctrl(cp);
    i += k;
  }
}

static void tally_gb18030(const uint8_t *s, size_t n, int whole, tally *t) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = ls_gb18030_step(s + i, n - i, &cp);
    if (k == 0) {
      t->bad += whole;
      break;
    }
    t->chars++;
    if (cp == LS_CP_BAD) {
      t->bad++;
    } else if (k > 1) {
      t->multi++;
      if (k == 2) {
        t->two++;
        t->cjk += is_cjk(cp);
      }
    }
    i += k;
  }
}

/* ---- private: rules ---- */

static void guess(ls_encoding_guess *out, ls_encoding enc, int bom, const char *code, const char *reason) {
  out->enc = enc;
  out->bom = bom;
  out->code = code;
  out->reason = reason;
}

static int bom_of(const uint8_t *s, size_t n, ls_encoding_guess *out) {
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    guess(out, LS_ENC_UTF8, 3, "bom", "byte order mark");
  } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
    guess(out, LS_ENC_UTF16LE, 2, "bom", "byte order mark");
  } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
    guess(out, LS_ENC_UTF16BE, 2, "bom", "byte order mark");
  } else if (n >= 4 && s[0] == 0x84 && s[1] == 0x31 && s[2] == 0x95 && s[3] == 0x33) {
    guess(out, LS_ENC_GB18030, 4, "bom", "byte order mark");
  } else {
    return 0;
  }
  return 1;
}

/* UTF-16 without a mark: ASCII-like units put their zero byte at one parity
 * (odd offsets for LE), which other text and most binary data do not. */
static int utf16_of(const uint8_t *s, size_t n, int whole, ls_encoding_guess *out) {
  size_t units = n / 2, zeven = 0, zodd = 0;
  for (size_t i = 0; i < 2 * units; i += 2) {
    zeven += s[i] == 0;
    zodd += s[i + 1] == 0;
  }
  for (int be = 0; be <= 1; be++) {
    size_t zhigh = be ? zeven : zodd, zlow = be ? zodd : zeven;
    if (zhigh < 2 || zhigh * 5 < units || zlow * 8 > zhigh) continue;
    tally t = {0};
    tally_utf16(s, n, be, whole, &t);
    if (t.bad * 50 > t.chars || t.ctrl * 10 > t.chars) continue;
    guess(out, be ? LS_ENC_UTF16BE : LS_ENC_UTF16LE, 0,
          "utf16_pattern", "zero bytes at alternate positions (UTF-16)");
    return 1;
  }
  return 0;
}

static int binary_of(const uint8_t *s, size_t n, ls_encoding_guess *out) {
  size_t nul = 0, ctrl = 0;
  for (size_t i = 0; i < n; i++) {
    nul += s[i] == 0;
    ctrl += s[i] != 0 && is_ctrl(s[i]);
  }
  if (nul > n / 1024)
    guess(out, LS_ENC_BINARY, 0, "binary_nul", "contains NUL bytes");
  else if (ctrl * 10 > n)
    guess(out, LS_ENC_BINARY, 0, "binary_control", "many control bytes");
  else
    return 0;
  return 1;
}

/* ---- API ---- */

void ls_encoding_detect(const void *sample, size_t n, int whole_file, ls_encoding_guess *out) {
  if (!out) return;
  const uint8_t *s = sample;
  if (!s || n == 0) {
    guess(out, LS_ENC_UTF8, 0, "empty", "empty");
    return;
  }
  whole_file = whole_file != 0;
  if (bom_of(s, n, out) || utf16_of(s, n, whole_file, out) || binary_of(s, n, out)) return;

  tally u8 = {0};
  tally_utf8(s, n, whole_file, &u8);
  if (u8.bad == 0) {
    guess(out, LS_ENC_UTF8, 0, "utf8", "valid UTF-8");
    return;
  }
  if (u8.bad <= 1 + u8.multi / 100 && u8.multi >= 2 * u8.bad) {
    guess(out, LS_ENC_UTF8, 0, "mostly_utf8", "mostly valid UTF-8");
    return;
  }
  tally gb = {0};
  tally_gb18030(s, n, whole_file, &gb);
  if (gb.two > 0 && gb.bad * 50 <= gb.multi && gb.cjk * 2 >= gb.two && gb.bad < u8.bad) {
    guess(out, LS_ENC_GB18030, 0, "gb18030", "not valid UTF-8; reads as GB18030");
    return;
  }
  guess(out, LS_ENC_UTF8, 0, "fallback_utf8", "not valid UTF-8 nor GB18030; bad bytes replaced");
}
